using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Infrastructure.Markdown;

namespace StatementDrafting.Web.Features.Documents;

/// <summary>A statement as Markdown and as print-ready HTML.</summary>
public static partial class StatementText
{
    /// <summary>
    /// Markdown: the title as "#", the title block in italics, headings one level below the title, numbered paragraphs
    /// with their numbers. Anything a Markdown reader would take for structure or raw HTML at the start of a block, or
    /// for HTML anywhere, is escaped, so the file reads back as the same text.
    /// </summary>
    public static string Markdown(ExportedStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var text = new StringBuilder();
        text.Append("# ").Append(Escape(statement.Title)).Append("\n\n");
        foreach (var line in statement.Context)
        {
            text.Append('*').Append(Escape(line)).Append("*  \n");
        }

        text.Append("\n**").Append(Escape(statement.Stamp)).Append("**\n\n");
        foreach (var block in statement.Blocks)
        {
            var body = Neutralise(block.Text);
            text.Append(block.Kind switch
            {
                BlockKind.Heading => $"{new string('#', Math.Clamp(block.HeadingLevel, 1, 3) + 1)} {body}",
                BlockKind.NumberedParagraph => string.Create(CultureInfo.InvariantCulture, $"{block.Number}. {body}"),
                _ => body,
            }).Append("\n\n");
        }

        return text.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>A whole HTML document with a print stylesheet (A4, page breaks kept out of headings); block text rendered and sanitised.</summary>
    public static string Html(ExportedStatement statement, InlineMarkdown markdown)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(markdown);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(WebUtility.HtmlEncode(statement.Title)).Append("</title>\n<style>\n")
            .Append(PrintStyle).Append("</style>\n</head>\n<body>\n");
        AppendTitleBlock(html, statement);
        html.Append("<main>\n");
        AppendBlocks(html, statement.Blocks, markdown);
        return html.Append("</main>\n</body>\n</html>\n").ToString();
    }

    /// <summary>The title block as a <c>header</c>: the title as <c>h1</c>, its context lines, its stamp.</summary>
    internal static void AppendTitleBlock(StringBuilder html, ExportedStatement statement)
    {
        html.Append("<header>\n<h1>").Append(WebUtility.HtmlEncode(statement.Title)).Append("</h1>\n");
        foreach (var line in statement.Context)
        {
            html.Append("<p class=\"context\">").Append(WebUtility.HtmlEncode(line)).Append("</p>\n");
        }

        html.Append("<p class=\"stamp\">").Append(WebUtility.HtmlEncode(statement.Stamp)).Append("</p>\n</header>\n");
    }

    /// <summary>The blocks, one element a line: headings one level below the title, numbered paragraphs with their numbers.</summary>
    internal static void AppendBlocks(StringBuilder html, IEnumerable<ExportedBlock> blocks, InlineMarkdown markdown)
    {
        foreach (var block in blocks)
        {
            var body = markdown.ToHtml(block.Text);
            html.Append(block.Kind switch
            {
                BlockKind.Heading => string.Create(CultureInfo.InvariantCulture, $"<h{Math.Clamp(block.HeadingLevel, 1, 3) + 1}>{body}</h{Math.Clamp(block.HeadingLevel, 1, 3) + 1}>"),
                BlockKind.NumberedParagraph => string.Create(CultureInfo.InvariantCulture, $"<p class=\"numbered\"><span class=\"number\">{block.Number}.</span> {body}</p>"),
                _ => $"<p>{body}</p>",
            }).Append('\n');
        }
    }

    internal const string PrintStyle = """
        @page { size: A4; margin: 2.5cm 2.2cm; @bottom-center { content: "Page " counter(page) " of " counter(pages); font: 9pt "DejaVu Sans", sans-serif; } }
        body { font-family: "DejaVu Serif", Georgia, serif; font-size: 11.5pt; line-height: 1.45; color: #111; max-width: 42em; margin: 2em auto; }
        h1 { font-size: 1.6em; margin: 0 0 .4em; }
        h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
        .context { margin: 0; color: #333; }
        .stamp { font-weight: bold; margin: .8em 0 1.6em; }
        p { orphans: 3; widows: 3; }
        .numbered { padding-left: 2.4em; text-indent: -2.4em; }
        .number { display: inline-block; width: 2.4em; text-indent: 0; }
        a { color: inherit; }
        ins { text-decoration: underline; } del { text-decoration: line-through; }
        @media print { body { margin: 0; max-width: none; } a[href]::after { content: " (" attr(href) ")"; font-size: .85em; } }

        """;

    /// <summary>Characters Markdown would read as HTML are escaped everywhere; block structure at the start is escaped too.</summary>
    private static string Neutralise(string text) => LeadingStructure().Replace(text.Replace("<", "&lt;", StringComparison.Ordinal), @"\$1");

    private static string Escape(string text) => Neutralise(text).Replace("*", @"\*", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    [GeneratedRegex(@"^(\d+[.)]|[-+*>#=]|\s{4})", RegexOptions.Multiline)]
    private static partial Regex LeadingStructure();
}

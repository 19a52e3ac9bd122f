using System.Globalization;
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
        TitleBlock(statement, text);
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
        return Document(statement, null, html => AppendBlocks(html, statement.Blocks, markdown));
    }

    /// <summary>
    /// A document with changes as HTML: inserted text in <c>ins</c> (underlined), deleted text in <c>del</c> (struck
    /// through), so the changes read in black and white too; a legend under the title block says so.
    /// </summary>
    public static string ChangesHtml(ExportedStatement heading, IReadOnlyList<TrackedBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(heading);
        ArgumentNullException.ThrowIfNull(blocks);
        const string Legend = "<p class=\"legend\">Inserted text is <ins>underlined</ins>; deleted text is <del>struck through</del>.</p>\n";
        return Document(heading, Legend, html =>
        {
            foreach (var block in blocks)
            {
                var body = new StringBuilder();
                foreach (var (kind, spans) in ByKind(block.Spans))
                {
                    var text = string.Concat(spans.Select(SpanHtml));
                    body.Append(kind switch { TrackedKind.Inserted => $"<ins>{text}</ins>", TrackedKind.Deleted => $"<del>{text}</del>", _ => text });
                }

                var change = block.Whole switch { TrackedKind.Inserted => "added", TrackedKind.Deleted => "removed", _ => null };
                html.Append(block.Style switch
                {
                    TrackedStyle.Label => $"<p class=\"proposal-label\">{body}</p>",
                    TrackedStyle.Proposal => $"<p class=\"{Classes("proposal", change)}\">{body}</p>",
                    _ => Element(block.Kind, block.HeadingLevel, block.Number, body.ToString(), change),
                }).Append('\n');
            }
        });
    }

    /// <summary>
    /// A document with changes as Markdown, in CriticMarkup: <c>{++inserted++}</c> and <c>{--deleted--}</c>, with the
    /// runs' emphasis, strong text and links written back as Markdown.
    /// </summary>
    public static string ChangesMarkdown(ExportedStatement heading, IReadOnlyList<TrackedBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(heading);
        ArgumentNullException.ThrowIfNull(blocks);
        var text = new StringBuilder();
        TitleBlock(heading, text);
        text.Append("*Inserted text is marked {++like this++}; deleted text {--like this--}.*\n\n");
        foreach (var block in blocks)
        {
            var body = new StringBuilder();
            foreach (var (kind, spans) in ByKind(block.Spans))
            {
                var run = string.Concat(spans.Select(SpanMarkdown));
                body.Append(kind switch { TrackedKind.Inserted => $"{{++{run}++}}", TrackedKind.Deleted => $"{{--{run}--}}", _ => run });
            }

            var line = LeadingStructure().Replace(body.ToString(), @"\$1");
            text.Append(block.Style switch
            {
                TrackedStyle.Label => $"**{line}**",
                TrackedStyle.Proposal => $"> {line.ReplaceLineEndings("\n> ")}",
                _ => block.Kind switch
                {
                    BlockKind.Heading => $"{new string('#', Math.Clamp(block.HeadingLevel, 1, 3) + 1)} {line}",
                    BlockKind.NumberedParagraph when block.Number is { } n => string.Create(CultureInfo.InvariantCulture, $"{n}. {line}"),
                    _ => line,
                },
            }).Append("\n\n");
        }

        return text.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>Neighbouring runs of one kind together, so one change reads as one insertion or deletion whatever its formatting.</summary>
    private static IEnumerable<(TrackedKind Kind, List<InlineSpan> Spans)> ByKind(IReadOnlyList<TrackedSpan> spans)
    {
        var group = new List<InlineSpan>();
        var kind = TrackedKind.Same;
        foreach (var span in spans)
        {
            if (span.Kind != kind && group.Count > 0)
            {
                yield return (kind, group);
                group = [];
            }

            kind = span.Kind;
            group.Add(span.Span);
        }

        if (group.Count > 0)
        {
            yield return (kind, group);
        }
    }

    /// <summary>The HTML page around a document's blocks: title block, an optional note under it, and the print stylesheet.</summary>
    private static string Document(ExportedStatement heading, string? note, Action<StringBuilder> blocks)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Encode(heading.Title)).Append("</title>\n<style>\n")
            .Append(PrintStyle).Append("</style>\n</head>\n<body>\n");
        AppendTitleBlock(html, heading, note);
        html.Append("<main>\n");
        blocks(html);
        return html.Append("</main>\n</body>\n</html>\n").ToString();
    }

    /// <summary>The title block as a <c>header</c>: the title as <c>h1</c>, its context lines, its stamp, and a note under it.</summary>
    internal static void AppendTitleBlock(StringBuilder html, ExportedStatement statement, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(statement);
        html.Append("<header>\n<h1>").Append(Encode(statement.Title)).Append("</h1>\n");
        foreach (var line in statement.Context)
        {
            html.Append("<p class=\"context\">").Append(Encode(line)).Append("</p>\n");
        }

        html.Append("<p class=\"stamp\">").Append(Encode(statement.Stamp)).Append("</p>\n").Append(note).Append("</header>\n");
    }

    /// <summary>The blocks, one element a line: headings one level below the title, numbered paragraphs with their numbers.</summary>
    internal static void AppendBlocks(StringBuilder html, IEnumerable<ExportedBlock> blocks, InlineMarkdown markdown)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(markdown);
        foreach (var block in blocks)
        {
            html.Append(Element(block.Kind, block.HeadingLevel, block.Number, markdown.ToHtml(block.Text), null)).Append('\n');
        }
    }

    /// <summary>A block as its element: headings one level below the title, numbered paragraphs with their number.</summary>
    private static string Element(BlockKind kind, int headingLevel, int? number, string body, string? change)
    {
        var level = Math.Clamp(headingLevel, 1, 3) + 1;
        var @class = change is null ? string.Empty : $" class=\"{change}\"";
        return kind switch
        {
            BlockKind.Heading => string.Create(CultureInfo.InvariantCulture, $"<h{level}{@class}>{body}</h{level}>"),
            BlockKind.NumberedParagraph => string.Create(CultureInfo.InvariantCulture, $"<p class=\"{Classes("numbered", change)}\"><span class=\"number\">{(number is { } n ? $"{n}." : string.Empty)}</span> {body}</p>"),
            _ => $"<p{@class}>{body}</p>",
        };
    }

    /// <summary>Text as HTML: the characters HTML reads as markup escaped, everything else (¶, accents, any script) as it is.</summary>
    private static string Encode(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal);

    private static string Classes(string @class, string? change) => change is null ? @class : $"{@class} {change}";

    /// <summary>A run as HTML: its text encoded, in <c>strong</c>, <c>em</c> and a link as it has them.</summary>
    private static string SpanHtml(InlineSpan span)
    {
        if (span.LineBreak)
        {
            return "<br>";
        }

        var text = Encode(span.Text);
        text = span.Emphasis ? $"<em>{text}</em>" : text;
        text = span.Strong ? $"<strong>{text}</strong>" : text;
        return span.Href is { } href ? $"<a href=\"{Encode(href)}\" rel=\"nofollow noopener noreferrer\">{text}</a>" : text;
    }

    /// <summary>A run as Markdown: characters Markdown would read as markup escaped, its formatting as markers inside its spaces.</summary>
    private static string SpanMarkdown(InlineSpan span)
    {
        if (span.LineBreak)
        {
            return "\\\n";
        }

        var core = span.Text.Trim();
        if (core.Length == 0)
        {
            return span.Text;
        }

        var lead = span.Text[..span.Text.IndexOf(core, StringComparison.Ordinal)];
        var trail = span.Text[(lead.Length + core.Length)..];
        var text = InlineMarkup().Replace(core, @"\$0").Replace("<", "&lt;", StringComparison.Ordinal);
        text = span.Emphasis ? $"*{text}*" : text;
        text = span.Strong ? $"**{text}**" : text;
        text = span.Href is { } href ? $"[{text}](<{href.Replace(">", "%3E", StringComparison.Ordinal)}>)" : text;
        return lead + text + trail;
    }

    internal const string PrintStyle = """
        @page { size: A4; margin: 2.5cm 2.2cm; @bottom-center { content: "Page " counter(page) " of " counter(pages); font: 9pt "DejaVu Sans", sans-serif; } }
        body { font-family: "DejaVu Serif", Georgia, serif; font-size: 11.5pt; line-height: 1.45; color: #111; max-width: 42em; margin: 2em auto; font-variant-ligatures: none; }
        h1 { font-size: 1.6em; margin: 0 0 .4em; }
        h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
        .context { margin: 0; color: #333; }
        .stamp { font-weight: bold; margin: .8em 0 1.6em; }
        p { orphans: 3; widows: 3; }
        .numbered { padding-left: 2.4em; text-indent: -2.4em; }
        .number { display: inline-block; width: 2.4em; text-indent: 0; }
        a { color: inherit; }
        ins { text-decoration: underline; color: #0b5a1d; background: #e7f4ea; } del { text-decoration: line-through; color: #8c1c13; background: #fbeae8; }
        .legend { font-size: .9em; color: #333; }
        .added, .removed { border-left: 3px solid #888; padding-left: .6em; }
        .numbered.added, .numbered.removed { padding-left: 2.4em; }
        .proposal-label { font-weight: bold; font-size: .9em; margin: .6em 0 .2em; break-after: avoid; page-break-after: avoid; }
        .proposal { margin-left: 2.4em; padding-left: .8em; border-left: 3px solid #888; }
        @media print { body { margin: 0; max-width: none; } a[href]::after { content: " (" attr(href) ")"; font-size: .85em; } }

        """;

    private static void TitleBlock(ExportedStatement statement, StringBuilder text)
    {
        text.Append("# ").Append(Escape(statement.Title)).Append("\n\n");
        foreach (var line in statement.Context)
        {
            text.Append('*').Append(Escape(line)).Append("*  \n");
        }

        text.Append("\n**").Append(Escape(statement.Stamp)).Append("**\n\n");
    }

    /// <summary>Characters Markdown would read as HTML are escaped everywhere; block structure at the start is escaped too.</summary>
    private static string Neutralise(string text) => LeadingStructure().Replace(text.Replace("<", "&lt;", StringComparison.Ordinal), @"\$1");

    private static string Escape(string text) => Neutralise(text).Replace("*", @"\*", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    [GeneratedRegex(@"^(\d+[.)]|[-+*>#=]|\s{4})", RegexOptions.Multiline)]
    private static partial Regex LeadingStructure();

    /// <summary>Characters that open inline markup (and CriticMarkup's braces).</summary>
    [GeneratedRegex(@"[\\`*_\[\]{}!]")]
    private static partial Regex InlineMarkup();
}

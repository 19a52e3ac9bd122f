using System.Globalization;
using System.Net;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using StatementDrafting.Web.Infrastructure.Markdown;

namespace StatementDrafting.Web.Features.Documents;

/// <summary>The pack's cover: the consultation and the day the pack was made (in the consultation's time zone).</summary>
public sealed record PreReadCover(string ConsultationTitle, DateOnly Generated);

/// <summary>
/// A consultation's current drafts in one document for organisers to circulate before the meeting: a cover, a contents
/// page linking to each statement, then each statement on a new page with its title block and its blocks. In Word the
/// headings keep their Heading styles and each statement's numbered paragraphs are a list of their own, starting at 1.
/// </summary>
public static class PreReadPack
{
    public const string Kind = "Pre-read pack";

    public const string Note = "These are the drafts as they stand today: they may change before and during the meeting.";

    /// <summary>"Generated on 7 December 2026".</summary>
    public static string GeneratedOn(DateOnly day) => string.Create(CultureInfo.InvariantCulture, $"Generated on {day:d MMMM yyyy}");

    /// <summary>Where the contents link to the statement at <paramref name="index"/> (from 0): a Word bookmark and an HTML id.</summary>
    public static string AnchorOf(int index) => string.Create(CultureInfo.InvariantCulture, $"statement_{index + 1}");

    /// <summary>"pre-read-pack-fifth-regional-review-2026-12-07.docx": the consultation's title in plain ASCII, shortened.</summary>
    public static string FileNameOf(string consultationTitle, int consultationId, DateOnly day, string extension)
    {
        var what = DocumentFiles.SlugOf(consultationTitle, consultationId);
        return string.Create(CultureInfo.InvariantCulture, $"pre-read-pack-{what}-{day:yyyy-MM-dd}.{extension}");
    }

    /// <summary>The pack as a Word document.</summary>
    public static byte[] Docx(PreReadCover cover, IReadOnlyList<ExportedStatement> statements, InlineMarkdown markdown)
    {
        ArgumentNullException.ThrowIfNull(cover);
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(markdown);
        var heading = new ExportedStatement(cover.ConsultationTitle, [Kind, GeneratedOn(cover.Generated)], Note, []);
        return StatementDocx.Package(heading, (main, body) =>
        {
            AddContentsStyles(main);
            var lists = AddListPerStatement(main, statements.Count);

            body.Append(OnNewPage(StatementDocx.Styled("TOCHeading", [StatementDocx.Plain("Contents")])));
            for (var i = 0; i < statements.Count; i++)
            {
                var link = new Hyperlink(new Run(new RunProperties(new RunStyle { Val = "Hyperlink" }), new Text(statements[i].Title) { Space = SpaceProcessingModeValues.Preserve }))
                {
                    Anchor = AnchorOf(i),
                    History = OnOffValue.FromBoolean(true),
                };
                body.Append(StatementDocx.Styled("TOC1", [link]));
            }

            for (var i = 0; i < statements.Count; i++)
            {
                var statement = statements[i];
                var id = (i + 1).ToString(CultureInfo.InvariantCulture);
                body.Append(OnNewPage(StatementDocx.Styled("Title", [
                    new BookmarkStart { Id = id, Name = AnchorOf(i) },
                    StatementDocx.Plain(statement.Title),
                    new BookmarkEnd { Id = id },
                ])));
                foreach (var line in statement.Context)
                {
                    body.Append(StatementDocx.Styled("Subtitle", [StatementDocx.Plain(line)]));
                }

                body.Append(StatementDocx.Styled("Stamp", [StatementDocx.Plain(statement.Stamp)]));
                foreach (var block in statement.Blocks)
                {
                    body.Append(StatementDocx.Paragraph(block.Kind, block.HeadingLevel, StatementDocx.Runs(main, markdown.Spans(block.Text)), lists[i]));
                }
            }
        });
    }

    /// <summary>The pack as one HTML document with the print stylesheet: the contents are links to each statement's section.</summary>
    public static string Html(PreReadCover cover, IReadOnlyList<ExportedStatement> statements, InlineMarkdown markdown)
    {
        ArgumentNullException.ThrowIfNull(cover);
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(markdown);
        var title = WebUtility.HtmlEncode(cover.ConsultationTitle);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Kind).Append(": ").Append(title).Append("</title>\n<style>\n")
            .Append(StatementText.PrintStyle).Append(PackStyle).Append("</style>\n</head>\n<body>\n<header class=\"cover\">\n<h1>").Append(title).Append("</h1>\n")
            .Append("<p class=\"kind\">").Append(Kind).Append("</p>\n<p class=\"context\">").Append(GeneratedOn(cover.Generated)).Append("</p>\n")
            .Append("<p class=\"stamp\">").Append(WebUtility.HtmlEncode(Note)).Append("</p>\n</header>\n")
            .Append("<nav class=\"contents\" aria-labelledby=\"contents\">\n<h2 id=\"contents\">Contents</h2>\n<ol>\n");
        for (var i = 0; i < statements.Count; i++)
        {
            html.Append("<li><a href=\"#").Append(AnchorOf(i)).Append("\">").Append(WebUtility.HtmlEncode(statements[i].Title)).Append("</a></li>\n");
        }

        html.Append("</ol>\n</nav>\n<main>\n");
        for (var i = 0; i < statements.Count; i++)
        {
            html.Append("<article class=\"statement\" id=\"").Append(AnchorOf(i)).Append("\">\n");
            StatementText.AppendTitleBlock(html, statements[i]);
            StatementText.AppendBlocks(html, statements[i].Blocks, markdown);
            html.Append("</article>\n");
        }

        return html.Append("</main>\n</body>\n</html>\n").ToString();
    }

    /// <summary>Beside the statement's print stylesheet: the cover lower on its page, contents and each statement on a new page, no addresses printed after the contents' links.</summary>
    private const string PackStyle = """
        .cover { padding-top: 6cm; }
        .cover .kind { font-size: 1.3em; font-weight: bold; margin: 0 0 .4em; }
        .contents, .statement { break-before: page; page-break-before: always; }
        .contents h2 { font-size: 1.4em; }
        .contents li { margin: .4em 0; }
        @media print { a[href^="#"]::after { content: none; } }

        """;

    private static Paragraph OnNewPage(Paragraph paragraph)
    {
        paragraph.ParagraphProperties!.Append(new PageBreakBefore());
        return paragraph;
    }

    /// <summary>The contents' heading and entries, in Word's own style names ("TOC Heading", "toc 1").</summary>
    private static void AddContentsStyles(MainDocumentPart main)
    {
        var styles = main.StyleDefinitionsPart!.Styles!;
        styles.Append(new Style(
            new StyleName { Val = "TOC Heading" },
            new BasedOn { Val = "Normal" },
            new NextParagraphStyle { Val = "Normal" },
            new PrimaryStyle(),
            new StyleParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = "240", After = "240" }),
            new StyleRunProperties(new Bold(), new FontSize { Val = "32" }))
        { Type = StyleValues.Paragraph, StyleId = "TOCHeading" });
        styles.Append(new Style(
            new StyleName { Val = "toc 1" },
            new BasedOn { Val = "Normal" },
            new NextParagraphStyle { Val = "Normal" },
            new StyleParagraphProperties(new SpacingBetweenLines { After = "120" }))
        { Type = StyleValues.Paragraph, StyleId = "TOC1" });
        styles.Save();
    }

    /// <summary>
    /// One Word list per statement, each an instance of the package's decimal list restarted at 1 (a level override), so
    /// that every statement's numbered paragraphs count from 1 in Word as they do in the app. Returns their ids in order.
    /// </summary>
    private static List<int> AddListPerStatement(MainDocumentPart main, int count)
    {
        var numbering = main.NumberingDefinitionsPart!.Numbering!;
        var abstractId = numbering.Elements<AbstractNum>().Single().AbstractNumberId!.Value;
        var next = numbering.Elements<NumberingInstance>().Max(n => n.NumberID!.Value) + 1;
        var ids = new List<int>(count);
        for (var i = 0; i < count; i++)
        {
            var id = next + i;
            numbering.Append(new NumberingInstance(
                new AbstractNumId { Val = abstractId },
                new LevelOverride(new StartOverrideNumberingValue { Val = 1 }) { LevelIndex = 0 })
            { NumberID = id });
            ids.Add(id);
        }

        numbering.Save();
        return ids;
    }
}

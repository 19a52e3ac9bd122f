using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace StatementDrafting.Web.Tests.Features.Sources;

/// <summary>
/// The report fixtures written for these tests (tests/StatementDrafting.Domain.Tests/Sources/Fixtures), and the same
/// report built as a Word document the way Word writes one: heading styles, automatic list numbering (no number typed
/// in the text; objective 6 in a second list that starts at 29), real footnotes.
/// </summary>
public static partial class ReportFixtures
{
    public const string Markdown = "report-of-consultation-4.md";
    public const string PlainText = "report-of-consultation-4.txt";

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Sources", "Fixtures", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    /// <summary>The Markdown fixture as a .docx.</summary>
    public static byte[] Docx()
    {
        var markdown = File.ReadAllText(PathOf(Markdown));
        var footnotes = FootnoteDefinition().Matches(markdown).ToDictionary(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), m => m.Groups[2].Value);
        var blocks = markdown.Split("\n\n").Select(b => b.Trim()).Where(b => b.Length > 0 && !b.StartsWith("[^", StringComparison.Ordinal));

        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            AddStyles(main);
            AddNumbering(main);
            var notes = main.AddNewPart<FootnotesPart>();
            notes.Footnotes = new Footnotes(
                new Footnote(new Paragraph(new Run(new SeparatorMark()))) { Type = FootnoteEndnoteValues.Separator, Id = -1 },
                new Footnote(new Paragraph(new Run(new ContinuationSeparatorMark()))) { Type = FootnoteEndnoteValues.ContinuationSeparator, Id = 0 });
            var body = new Body();
            foreach (var block in blocks)
            {
                foreach (var item in block.StartsWith("- ", StringComparison.Ordinal) ? block.Split("\n- ").Select(i => i.TrimStart('-', ' ')) : [block])
                {
                    body.Append(ParagraphOf(item.Replace("\n", " ", StringComparison.Ordinal), notes, footnotes));
                }
            }

            main.Document = new Document(body);
        }

        return stream.ToArray();
    }

    private static Paragraph ParagraphOf(string text, FootnotesPart notes, Dictionary<int, string> footnotes)
    {
        var properties = new ParagraphProperties();
        if (text.StartsWith("### ", StringComparison.Ordinal))
        {
            properties.ParagraphStyleId = new ParagraphStyleId { Val = "Heading2" };
            text = text[4..];
        }
        else if (text.StartsWith("## ", StringComparison.Ordinal))
        {
            properties.ParagraphStyleId = new ParagraphStyleId { Val = "Heading1" };
            text = text[3..];
        }
        else if (text.StartsWith("# ", StringComparison.Ordinal))
        {
            properties.ParagraphStyleId = new ParagraphStyleId { Val = "Title" };
            text = text[2..];
        }
        else if (TypedNumber().Match(text) is { Success: true } numbered)
        {
            // Word shows the number; the text has none. Objective 6 (from 29) is a second list.
            var number = int.Parse(numbered.Groups[1].Value.Trim('(', ')', '.'), System.Globalization.CultureInfo.InvariantCulture);
            properties.NumberingProperties = new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = number >= 29 ? 2 : 1 });
            text = text[numbered.Length..];
        }

        var paragraph = new Paragraph(properties);
        var at = 0;
        foreach (Match marker in FootnoteMarker().Matches(text))
        {
            paragraph.Append(new Run(new Text(text[at..marker.Index]) { Space = SpaceProcessingModeValues.Preserve }));
            var number = int.Parse(marker.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            notes.Footnotes!.Append(new Footnote(new Paragraph(new Run(new FootnoteReferenceMark()), new Run(new Text(" " + footnotes[number]) { Space = SpaceProcessingModeValues.Preserve }))) { Id = number });
            paragraph.Append(new Run(new RunProperties(new VerticalTextAlignment { Val = VerticalPositionValues.Superscript }), new FootnoteReference { Id = number }));
            at = marker.Index + marker.Length;
        }

        paragraph.Append(new Run(new Text(text[at..]) { Space = SpaceProcessingModeValues.Preserve }));
        return paragraph;
    }

    private static void AddStyles(MainDocumentPart main)
    {
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        static Style Heading(string id, string name, int outline) => new(
            new StyleName { Val = name },
            new StyleParagraphProperties(new OutlineLevel { Val = outline }))
        { Type = StyleValues.Paragraph, StyleId = id };
        styles.Styles = new Styles(
            new Style(new StyleName { Val = "Normal" }) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
            new Style(new StyleName { Val = "Title" }) { Type = StyleValues.Paragraph, StyleId = "Title" },
            Heading("Heading1", "heading 1", 0),
            Heading("Heading2", "heading 2", 1));
    }

    private static void AddNumbering(MainDocumentPart main)
    {
        var numbering = main.AddNewPart<NumberingDefinitionsPart>();
        numbering.Numbering = new Numbering(
            new AbstractNum(
                new Level(new StartNumberingValue { Val = 1 }, new NumberingFormat { Val = NumberFormatValues.Decimal }, new LevelText { Val = "%1." }) { LevelIndex = 0 },
                new Level(new StartNumberingValue { Val = 1 }, new NumberingFormat { Val = NumberFormatValues.LowerLetter }, new LevelText { Val = "(%2)" }) { LevelIndex = 1 })
            { AbstractNumberId = 1 },
            new AbstractNum(
                new Level(new StartNumberingValue { Val = 1 }, new NumberingFormat { Val = NumberFormatValues.Bullet }, new LevelText { Val = "•" }) { LevelIndex = 0 })
            { AbstractNumberId = 2 },
            new NumberingInstance(new AbstractNumId { Val = 1 }) { NumberID = 1 },
            new NumberingInstance(new AbstractNumId { Val = 1 }, new LevelOverride(new StartOverrideNumberingValue { Val = 29 }) { LevelIndex = 0 }) { NumberID = 2 },
            new NumberingInstance(new AbstractNumId { Val = 2 }) { NumberID = 3 });
    }

    [GeneratedRegex(@"\[\^(\d+)\]:\s*(.+)")]
    private static partial Regex FootnoteDefinition();

    [GeneratedRegex(@"\[\^(\d+)\]")]
    private static partial Regex FootnoteMarker();

    [GeneratedRegex(@"^(\(\d+\)|\d+[.)])\s+")]
    private static partial Regex TypedNumber();
}

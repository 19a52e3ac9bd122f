using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using StatementDrafting.Domain.Sources;
using StatementDrafting.Web.Features.Sources;

namespace StatementDrafting.Web.Tests.Features.Sources;

/// <summary>Reading uploaded reports: the same report as Markdown, plain text and Word gives the same structure; bad files are refused clearly.</summary>
public sealed class SourceFileTests
{
    private static SourceOutline Outline(string name, byte[] content) =>
        SourceOutline.Of("report", "Report of consultation 4", 1, 1, SourceFile.Read(name, content), null);

    [Fact]
    public void The_word_document_splits_into_exactly_the_structure_of_the_markdown_report()
    {
        var word = SourceFile.Read("report.docx", ReportFixtures.Docx());

        Assert.Equal("Report of the fourth regional stakeholder consultation", word.Title);
        Assert.Empty(word.Warnings);
        Assert.Equal(4, word.Sections.Count);
        Assert.Equal(12, word.SubsectionCount);
        Assert.Equal(45, word.ParagraphCount);
        Assert.Equal(44, word.NumberedParagraphCount);
        Assert.Equal(Enumerable.Range(1, 44), word.Entries.Where(e => e.Paragraph.Number is not null).Select(e => e.Paragraph.Number!.Value));
        Assert.Equal([2, 5, 6], word.Sections.Skip(1).Select(s => s.ObjectiveNumber!.Value));
        Assert.Equal(
            [SubsectionKind.KeyChallenges, SubsectionKind.CovidChallenges, SubsectionKind.GoodPractices, SubsectionKind.Recommendations],
            word.Sections[3].Subsections.Select(s => s.Kind));
        Assert.Equal([1, 2, 3, 4], word.Footnotes.Select(f => f.Number));
        Assert.Equal([4], word.Entries.Single(e => e.Paragraph.Number == 42).Paragraph.Footnotes);

        // Paragraph for paragraph, footnote for footnote, the same as the Markdown and the plain text.
        var docx = Outline("report.docx", ReportFixtures.Docx()).ToJson();
        Assert.Equal(Outline("report.md", ReportFixtures.Bytes(ReportFixtures.Markdown)).ToJson(), docx);
        var text = SourceFile.Read("report.txt", ReportFixtures.Bytes(ReportFixtures.PlainText));
        Assert.Equal(
            word.Entries.Select(e => (e.Section.ObjectiveNumber, e.Subsection.Kind, e.Paragraph.Number, e.Paragraph.Text, string.Join(',', e.Paragraph.Footnotes))),
            text.Entries.Select(e => (e.Section.ObjectiveNumber, e.Subsection.Kind, e.Paragraph.Number, e.Paragraph.Text, string.Join(',', e.Paragraph.Footnotes))));
        Assert.Equal(word.Footnotes, text.Footnotes);
    }

    [Fact]
    public void In_word_bulleted_and_lettered_list_items_carry_no_number_and_a_new_list_starts_from_its_own_start()
    {
        var content = WordDocument(body =>
        {
            body.Append(Para("Recommendations", style: "Heading1"));
            body.Append(Para("A bulleted point.", numId: 3));
            body.Append(Para("The first numbered point.", numId: 2));
            body.Append(Para("A lettered sub-point.", numId: 2, level: 1));
            body.Append(Para("The second numbered point.", numId: 2));
        });

        var report = SourceFile.Read("list.docx", content);

        Assert.Equal(
            [(null, "A bulleted point."), (29, "The first numbered point."), (null, "A lettered sub-point."), (30, "The second numbered point.")],
            report.Entries.Select(e => (e.Paragraph.Number, e.Paragraph.Text)));
        Assert.Equal(SubsectionKind.Recommendations, Assert.Single(Assert.Single(report.Sections).Subsections).Kind);
    }

    [Fact]
    public void A_damaged_word_document_is_refused_with_a_clear_message()
    {
        var truncated = ReportFixtures.Docx()[..2000];
        var notAZip = Encoding.UTF8.GetBytes("This was never a Word document.");
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = new StreamWriter(archive.CreateEntry("hello.txt").Open());
            entry.Write("A zip file, but not a Word document.");
        }

        foreach (var content in new[] { truncated, notAZip, zip.ToArray() })
        {
            var refused = Assert.Throws<SourceFileException>(() => SourceFile.Read("report.docx", content));
            Assert.Contains("not a Word document that can be read", refused.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("report.pdf", "a .pdf file: reports are imported from Markdown (.md), plain text (.txt) or Word (.docx)")]
    [InlineData("report", "a file without a type")]
    [InlineData("report.doc", "old Word format (.doc): save it as .docx")]
    public void Files_of_other_types_are_refused(string name, string message)
    {
        var refused = Assert.Throws<SourceFileException>(() => SourceFile.Read(name, Encoding.UTF8.GetBytes("1. Some text.")));
        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_ten_megabytes_is_refused_before_it_is_read()
    {
        var content = new byte[SourceFile.MaxBytes + 1];
        Array.Fill(content, (byte)'a');

        var refused = Assert.Throws<SourceFileException>(() => SourceFile.Read("big.txt", content));

        Assert.Equal("'big.txt' is larger than 10 MB: split the report or save it without images.", refused.Message);
    }

    [Fact]
    public void Text_that_is_not_utf8_or_not_text_at_all_or_empty_is_refused()
    {
        Assert.Contains("not UTF-8 text", Assert.Throws<SourceFileException>(() => SourceFile.Read("latin.txt", [0x31, 0x2E, 0x20, 0xE9, 0x74, 0xE9])).Message, StringComparison.Ordinal);
        Assert.Contains("is not text", Assert.Throws<SourceFileException>(() => SourceFile.Read("renamed.md", ReportFixtures.Docx())).Message, StringComparison.Ordinal);
        Assert.Contains("is empty", Assert.Throws<SourceFileException>(() => SourceFile.Read("empty.md", [])).Message, StringComparison.Ordinal);
        Assert.Contains("has no text to import", Assert.Throws<SourceFileException>(() => SourceFile.Read("blank.md", "\n\n  \n"u8.ToArray())).Message, StringComparison.Ordinal);
    }

    private static Paragraph Para(string text, string? style = null, int? numId = null, int level = 0)
    {
        var properties = new ParagraphProperties();
        if (style is not null)
        {
            properties.ParagraphStyleId = new ParagraphStyleId { Val = style };
        }

        if (numId is not null)
        {
            properties.NumberingProperties = new NumberingProperties(new NumberingLevelReference { Val = level }, new NumberingId { Val = numId });
        }

        return new Paragraph(properties, new Run(new Text(text)));
    }

    /// <summary>A Word document with the fixture's styles and lists and the given body.</summary>
    private static byte[] WordDocument(Action<Body> write)
    {
        using var stream = new MemoryStream();
        stream.Write(ReportFixtures.Docx());
        using (var document = WordprocessingDocument.Open(stream, isEditable: true))
        {
            var body = new Body();
            write(body);
            document.MainDocumentPart!.Document!.Body = body;
        }

        return stream.ToArray();
    }
}

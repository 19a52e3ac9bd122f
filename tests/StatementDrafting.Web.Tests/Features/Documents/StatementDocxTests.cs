using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Documents;
using StatementDrafting.Web.Infrastructure.Markdown;
using StatementDrafting.Web.Tests.Features.Drafting;
using StatementDrafting.Web.Tests.Features.Polls;

namespace StatementDrafting.Web.Tests.Features.Documents;

/// <summary>A statement as a Word document: valid Open XML, real styles and numbering, the text in order, formatting kept, nothing executable.</summary>
public sealed class StatementDocxTests : IDisposable
{
    private readonly AppFactory _app = new(demo: true);

    public void Dispose() => _app.Dispose();

    private static List<ValidationErrorInfo> Errors(WordprocessingDocument document) => [.. new OpenXmlValidator().Validate(document)];

    private static string StyleOf(Paragraph p) => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? "Normal";

    [Fact]
    public async Task A_statement_exports_as_valid_Word_with_its_title_block_heading_styles_numbered_list_and_every_block_in_order()
    {
        var stored = await _app.QueryAsync(async db =>
        {
            var statement = await db.Statements.AsNoTracking().Include(s => s.Blocks).SingleAsync(s => s.ClusterNumber == 2);
            statement.RestoreOrder();
            return statement;
        });
        var file = (await _app.SendAsAsync(People.Organiser, m => m.Send(new ExportStatementDocx(stored.Id))))!;

        Assert.Matches(@"^cluster-2-common-statement-draft-\d{4}-\d{2}-\d{2}\.docx$", file.FileName);
        using var document = WordprocessingDocument.Open(new MemoryStream(file.Content), false);
        Assert.Empty(Errors(document));
        var paragraphs = document.MainDocumentPart!.Document.Body!.Elements<Paragraph>().ToList();
        Assert.Equal(("Title", stored.Title), (StyleOf(paragraphs[0]), paragraphs[0].InnerText));
        var subtitles = paragraphs.Where(p => StyleOf(p) == "Subtitle").Select(p => p.InnerText).ToList();
        Assert.Contains(subtitles, s => s.StartsWith("Cluster 2: ", StringComparison.Ordinal));
        Assert.Equal(7, subtitles.Count(s => s.StartsWith("Objective ", StringComparison.Ordinal))); // objectives 4, 8, 9, 10, 11, 13, 21
        Assert.StartsWith("Draft, revision ", paragraphs.Single(p => StyleOf(p) == "Stamp").InnerText, StringComparison.Ordinal);

        var body = paragraphs.SkipWhile(p => StyleOf(p) != "Stamp").Skip(1).ToList();
        var markdown = new InlineMarkdown();
        Assert.Equal(stored.Blocks.Select(b => markdown.ToPlainText(b.Text)), body.Select(p => p.InnerText.Trim()));
        Assert.Equal(
            stored.Blocks.Select(b => b.Kind switch { BlockKind.Heading => $"Heading{b.HeadingLevel}", BlockKind.NumberedParagraph => "NumberedParagraph", _ => "Normal" }),
            body.Select(StyleOf));
        Assert.All(body.Where(p => StyleOf(p) == "NumberedParagraph"), p => Assert.Equal(1, p.ParagraphProperties!.NumberingProperties!.NumberingId!.Val!.Value));
        var level = document.MainDocumentPart.NumberingDefinitionsPart!.Numbering.Elements<AbstractNum>().Single().Elements<Level>().Single();
        Assert.Equal((NumberFormatValues.Decimal, "%1."), (level.NumberingFormat!.Val!.Value, level.LevelText!.Val!.Value));
        Assert.NotNull(document.MainDocumentPart.StyleDefinitionsPart!.Styles!.Elements<Style>().SingleOrDefault(s => s.StyleId == "Heading1"));
    }

    [Fact]
    public void Formatting_and_links_are_kept_and_text_that_looks_like_a_formula_or_markup_stays_text()
    {
        var markdown = new InlineMarkdown();
        var bytes = StatementDocx.Write(new ExportedStatement("T", [], "Draft", [
            new ExportedBlock(BlockKind.NumberedParagraph, 0, 1, "We **strongly** urge *all* States to read [the compact](https://example.org/gcm)."),
            new ExportedBlock(BlockKind.UnnumberedParagraph, 0, null, "=SUM(A1:A9) and <w:fldSimple w:instr=\"DATE\"/> and [bad](javascript:alert(1))"),
        ]), markdown);

        using var document = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        Assert.Empty(Errors(document));
        var body = document.MainDocumentPart!.Document.Body!;
        var runs = body.Descendants<Run>().ToList();
        Assert.NotNull(runs.Single(r => r.InnerText == "strongly").RunProperties!.Bold);
        Assert.NotNull(runs.Single(r => r.InnerText == "all").RunProperties!.Italic);
        var link = body.Descendants<Hyperlink>().Single();
        Assert.Equal("the compact", link.InnerText);
        Assert.Equal(new Uri("https://example.org/gcm"), document.MainDocumentPart.HyperlinkRelationships.Single(r => r.Id == link.Id).Uri);
        Assert.Contains("=SUM(A1:A9) and <w:fldSimple w:instr=\"DATE\"/> and bad", body.Elements<Paragraph>().Last().InnerText, StringComparison.Ordinal);
        Assert.Empty(body.Descendants<SimpleField>());
        Assert.Empty(body.Descendants<FieldCode>());
    }

    [Fact]
    public async Task An_adopted_statement_says_so_in_its_name_and_stamp_with_its_fingerprint()
    {
        var world = await PollWorld.StartAsync(_app, rules => rules with { QuorumPercent = null });
        var pollId = await world.OpenAsync();
        await world.RespondAsync(PollWorld.Participant(1), pollId, Domain.Polls.PollChoice.Support);
        await world.CloseAsync(pollId);
        var poll = await world.PollAsync(pollId);

        var file = (await _app.SendAsAsync(PollWorld.Participant(3), m => m.Send(new ExportStatementDocx(world.StatementId))))!;

        Assert.Matches(@"^cluster-1-common-statement-adopted-\d{4}-\d{2}-\d{2}\.docx$", file.FileName);
        using var document = WordprocessingDocument.Open(new MemoryStream(file.Content), false);
        var stamp = document.MainDocumentPart!.Document.Body!.Elements<Paragraph>().Single(p => StyleOf(p) == "Stamp").InnerText;
        Assert.StartsWith("Adopted on ", stamp, StringComparison.Ordinal);
        Assert.Contains(poll.Fingerprint, stamp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Members_download_it_from_the_statement_page_and_others_are_refused()
    {
        var stored = await StoredStatement.OfClusterAsync(_app, 3);
        using var participant = await _app.ClientAsAsync("participant4@example.org");
        var page = await participant.GetStringAsync(new Uri($"/statements/{stored.Id}", UriKind.Relative));
        Assert.Contains($"href=\"statements/{stored.Id}/export.docx\"", page, StringComparison.Ordinal);

        using var response = await participant.GetAsync(new Uri($"/statements/{stored.Id}/export.docx", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(StatementDocx.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("cluster-3-common-statement-draft-", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);

        foreach (var (format, media) in new[] { ("md", "text/markdown"), ("html", "text/html") })
        {
            using var text = await participant.GetAsync(new Uri($"/statements/{stored.Id}/export.{format}", UriKind.Relative));
            Assert.Equal((HttpStatusCode.OK, media), (text.StatusCode, text.Content.Headers.ContentType?.MediaType));
            Assert.EndsWith($".{format}", text.Content.Headers.ContentDisposition?.FileNameStar ?? text.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);
        }

        using var anonymous = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var refused = await anonymous.GetAsync(new Uri($"/statements/{stored.Id}/export.docx", UriKind.Relative));
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.NotEqual(StatementDocx.ContentType, refused.Content.Headers.ContentType?.MediaType);
        var missing = await _app.SendAsAsync(People.Organiser, m => m.Send(new ExportStatementDocx(99_999)));
        Assert.Null(missing);
    }
}

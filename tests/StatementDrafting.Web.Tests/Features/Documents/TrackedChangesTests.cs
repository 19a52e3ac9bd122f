using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Documents;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.Mediator;

namespace StatementDrafting.Web.Tests.Features.Documents;

/// <summary>Changes between two revisions as native Word tracked changes, attributed to "Participant" only.</summary>
public sealed class TrackedChangesTests : IDisposable
{
    private readonly AppFactory _app = new(demo: true);

    public void Dispose() => _app.Dispose();

    private DraftingEngine Engine => _app.Services.GetRequiredService<DraftingEngine>();

    private async Task<int> SubmitAsync(int statementId, EditOp op)
    {
        var now = (await Engine.SnapshotAsync(statementId))!;
        return (await Engine.SubmitAsync(statementId, "docx-test", $"docx-{Guid.NewGuid():N}"[..30], now.Revision, op)).Revision;
    }

    [Fact]
    public async Task Inserted_and_deleted_words_and_paragraphs_become_w_ins_and_w_del_by_Participant()
    {
        var statementId = (await Drafting.StoredStatement.OfClusterAsync(_app, 4)).Id;
        var start = (await Engine.SnapshotAsync(statementId))!;
        var paragraphs = start.Blocks.Where(b => b.Kind == BlockKind.NumberedParagraph).ToList();
        var (first, second, third) = (paragraphs[0], paragraphs[1], paragraphs[2]);
        await SubmitAsync(statementId, new TextEdit(first.Id, TextOperation.InsertAt(first.Text.Length, first.Text.Length, " Urgently so.")));
        await SubmitAsync(statementId, new InsertBlock(BlockId.New(), second.Id, BlockKind.NumberedParagraph, 0, "A paragraph added at the plenary."));
        var end = await SubmitAsync(statementId, new DeleteBlock(third.Id));

        var file = (await _app.SendAsAsync("participant5@example.org", m => m.Send(new ExportStatementChanges(statementId, start.Revision, end))))!;

        Assert.Matches($@"^cluster-4-common-statement-changes-{start.Revision}-to-{end}-\d{{4}}-\d{{2}}-\d{{2}}\.docx$", file.FileName);
        using var document = WordprocessingDocument.Open(new MemoryStream(file.Content), false);
        Assert.Empty(new OpenXmlValidator().Validate(document));
        var body = document.MainDocumentPart!.Document.Body!;
        var inserted = body.Descendants<InsertedRun>().ToList();
        var deleted = body.Descendants<DeletedRun>().ToList();
        Assert.Contains(inserted, i => i.InnerText.Contains("Urgently so.", StringComparison.Ordinal));
        Assert.Contains(inserted, i => i.InnerText == "A paragraph added at the plenary.");
        Assert.Equal(new InlineMarkdownText().Plain(third.Text), string.Concat(deleted.Where(d => d.Parent is Paragraph p && p.ParagraphProperties?.ParagraphMarkRunProperties?.GetFirstChild<Deleted>() is not null).Select(d => d.InnerText)));
        Assert.All(inserted.Select(i => i.Author?.Value).Concat(deleted.Select(d => d.Author?.Value)), a => Assert.Equal("Participant", a));
        Assert.Single(body.Descendants<ParagraphMarkRunProperties>(), p => p.GetFirstChild<Inserted>() is not null);
        Assert.Single(body.Descendants<ParagraphMarkRunProperties>(), p => p.GetFirstChild<Deleted>() is not null);
        // Accepting every change gives the later revision, rejecting every change the earlier one.
        var endText = (await Engine.SnapshotAsync(statementId))!.Blocks.Select(b => Plain(b.Text)).ToList();
        Assert.Equal(endText, Read(body, accept: true));
        Assert.Equal(start.Blocks.Select(b => Plain(b.Text)).ToList(), Read(body, accept: false));
        var ids = body.Descendants().Select(e => e.GetAttributes().FirstOrDefault(a => a.LocalName == "id" && a.NamespaceUri.Contains("wordprocessingml", StringComparison.Ordinal)).Value).Where(v => v is not null).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task An_earlier_revision_exports_as_it_stood_with_its_own_numbering()
    {
        var statementId = (await Drafting.StoredStatement.OfClusterAsync(_app, 4)).Id;
        var start = (await Engine.SnapshotAsync(statementId))!;
        var first = start.Blocks.First(b => b.Kind == BlockKind.NumberedParagraph);
        await SubmitAsync(statementId, new InsertBlock(BlockId.New(), null, BlockKind.NumberedParagraph, 0, "A new first paragraph."));
        await SubmitAsync(statementId, new TextEdit(first.Id, TextOperation.InsertAt(first.Text.Length, 0, "Changed later. ")));

        var then = (await _app.SendAsAsync("participant5@example.org", m => m.Send(new ExportStatementDocx(statementId, ExportFormat.Markdown, start.Revision))))!;
        var now = (await _app.SendAsAsync("participant5@example.org", m => m.Send(new ExportStatementDocx(statementId, ExportFormat.Markdown))))!;

        Assert.Matches($@"^cluster-4-common-statement-draft-revision-{start.Revision}-\d{{4}}-\d{{2}}-\d{{2}}\.md$", then.FileName);
        var thenText = System.Text.Encoding.UTF8.GetString(then.Content);
        var nowText = System.Text.Encoding.UTF8.GetString(now.Content);
        Assert.Contains($"Revision {start.Revision}, as it stood then", thenText, StringComparison.Ordinal);
        Assert.DoesNotContain("A new first paragraph.", thenText, StringComparison.Ordinal);
        Assert.DoesNotContain("Changed later.", thenText, StringComparison.Ordinal);
        Assert.Contains("1. A new first paragraph.", nowText, StringComparison.Ordinal);
        Assert.Contains("2. Changed later.", nowText, StringComparison.Ordinal);
        await Assert.ThrowsAsync<Domain.DomainException>(() => _app.SendAsAsync("participant5@example.org", m => m.Send(new ExportStatementDocx(statementId, ExportFormat.Docx, 10_000))));
    }

    [Fact]
    public async Task Tracked_changes_keep_bold_italics_and_links_in_Word()
    {
        var statementId = (await Drafting.StoredStatement.OfClusterAsync(_app, 4)).Id;
        var start = (await Engine.SnapshotAsync(statementId))!;
        var first = start.Blocks.First(b => b.Kind == BlockKind.NumberedParagraph);
        const string Added = " We **firmly** ask for *regular* pathways, as [the compact](https://example.org/gcm) says.";
        var end = await SubmitAsync(statementId, new TextEdit(first.Id, TextOperation.InsertAt(first.Text.Length, first.Text.Length, Added)));

        var file = (await _app.SendAsAsync("participant5@example.org", m => m.Send(new ExportStatementChanges(statementId, start.Revision, end))))!;

        using var document = WordprocessingDocument.Open(new MemoryStream(file.Content), false);
        Assert.Empty(new OpenXmlValidator().Validate(document));
        var inserted = document.MainDocumentPart!.Document.Body!.Descendants<InsertedRun>().ToList();
        Assert.Contains(inserted, i => i.InnerText == "firmly" && i.GetFirstChild<Run>()!.RunProperties?.Bold is not null);
        Assert.Contains(inserted, i => i.InnerText == "regular" && i.GetFirstChild<Run>()!.RunProperties?.Italic is not null);
        var link = Assert.Single(inserted, i => i.InnerText == "the compact");
        var hyperlink = Assert.IsType<Hyperlink>(link.Parent);
        Assert.Equal(new Uri("https://example.org/gcm"), document.MainDocumentPart.HyperlinkRelationships.Single(r => r.Id == hyperlink.Id).Uri);
        Assert.DoesNotContain("**", document.MainDocumentPart.Document.Body.InnerText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changes_as_HTML_Markdown_and_PDF_underline_insertions_and_strike_deletions()
    {
        var statementId = (await Drafting.StoredStatement.OfClusterAsync(_app, 4)).Id;
        var start = (await Engine.SnapshotAsync(statementId))!;
        var paragraphs = start.Blocks.Where(b => b.Kind == BlockKind.NumberedParagraph).ToList();
        await SubmitAsync(statementId, new TextEdit(paragraphs[0].Id, TextOperation.InsertAt(paragraphs[0].Text.Length, paragraphs[0].Text.Length, " Without delay.")));
        var end = await SubmitAsync(statementId, new DeleteBlock(paragraphs[1].Id));
        var removed = new InlineMarkdownText().Plain(paragraphs[1].Text);

        var html = System.Text.Encoding.UTF8.GetString((await _app.SendAsAsync("participant5@example.org", m => m.Send(new ExportStatementChanges(statementId, start.Revision, end, ExportFormat.Html))))!.Content);
        var markdown = System.Text.Encoding.UTF8.GetString((await _app.SendAsAsync("participant5@example.org", m => m.Send(new ExportStatementChanges(statementId, start.Revision, end, ExportFormat.Markdown))))!.Content);
        var pdf = (await _app.SendAsAsync("participant5@example.org", m => m.Send(new ExportStatementChanges(statementId, start.Revision, end, ExportFormat.Pdf))))!;

        Assert.Contains("<ins> Without delay.</ins>", html, StringComparison.Ordinal);
        Assert.Contains("class=\"numbered removed\"", html, StringComparison.Ordinal);
        Assert.Contains("Inserted text is <ins>underlined</ins>; deleted text is <del>struck through</del>.", html, StringComparison.Ordinal);
        Assert.Contains("{++ Without delay.++}", markdown, StringComparison.Ordinal);
        Assert.Contains("{--", markdown, StringComparison.Ordinal);
        Assert.Matches($@"^cluster-4-common-statement-changes-{start.Revision}-to-{end}-\d{{4}}-\d{{2}}-\d{{2}}\.pdf$", pdf.FileName);
        var text = string.Join(" ", PrintedPdf.Read(pdf.Content));
        Assert.Contains("Without delay.", text, StringComparison.Ordinal);
        Assert.Contains(string.Join(" ", removed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(4)), text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5, 5)]
    [InlineData(6, 2)]
    [InlineData(-1, 3)]
    public async Task A_range_that_is_not_earlier_to_later_is_refused(int from, int to)
    {
        var statementId = (await Drafting.StoredStatement.OfClusterAsync(_app, 4)).Id;

        await Assert.ThrowsAsync<ValidationFailedException>(() => _app.SendAsAsync(People.Organiser, m => m.Send(new ExportStatementChanges(statementId, from, to))));
    }

    private static readonly StatementDrafting.Web.Infrastructure.Markdown.InlineMarkdown Markdown = new();

    private static string Plain(string text) => TrackedText.Plain(Markdown.Spans(text));

    /// <summary>The statement's paragraphs as Word shows them after "Accept all changes" (or "Reject all changes").</summary>
    private static List<string> Read(Body body, bool accept) =>
    [
        .. body.Elements<Paragraph>()
            .Where(p => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value is not ("Title" or "Subtitle" or "Stamp"))
            .Where(p => p.ParagraphProperties?.ParagraphMarkRunProperties is not { } mark
                || (accept ? mark.GetFirstChild<Deleted>() is null : mark.GetFirstChild<Inserted>() is null))
            .Select(p => string.Concat(p.Descendants<Run>()
                .Where(r => accept ? r.Parent is not DeletedRun : r.Parent is not InsertedRun)
                .SelectMany(r => r.ChildElements)
                .Select(e => e switch { Text t => t.Text, DeletedText d => d.Text, Break => "\n", _ => string.Empty }))),
    ];

    /// <summary>The plain text of a block as the export reads it.</summary>
    private sealed class InlineMarkdownText
    {
        private readonly StatementDrafting.Web.Infrastructure.Markdown.InlineMarkdown _markdown = new();

        public string Plain(string text) => _markdown.ToPlainText(text);
    }
}

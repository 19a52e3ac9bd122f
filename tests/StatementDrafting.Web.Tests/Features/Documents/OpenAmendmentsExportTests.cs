using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Amendments;
using StatementDrafting.Web.Features.Documents;
using StatementDrafting.Web.Features.Drafting;

namespace StatementDrafting.Web.Tests.Features.Documents;

/// <summary>A draft with its open amendments: each after its paragraph, its changes tracked, nobody named.</summary>
public sealed class OpenAmendmentsExportTests : IDisposable
{
    private const string Proposer = "participant5@example.org";

    private readonly AppFactory _app = new(demo: true);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Each_open_amendment_follows_its_paragraph_as_tracked_changes_outside_the_numbering()
    {
        var (statementId, paragraphs) = await ProposeThreeAsync();

        var file = (await _app.SendAsAsync("participant2@example.org", m => m.Send(new ExportOpenAmendments(statementId))))!;

        Assert.Matches(@"^cluster-3-common-statement-draft-with-amendments-\d{4}-\d{2}-\d{2}\.docx$", file.FileName);
        using var document = WordprocessingDocument.Open(new MemoryStream(file.Content), false);
        Assert.Empty(new OpenXmlValidator().Validate(document));
        var body = document.MainDocumentPart!.Document.Body!;
        var styled = body.Elements<Paragraph>().Select(p => (Style: p.ParagraphProperties?.ParagraphStyleId?.Val?.Value, p.InnerText, Paragraph: p)).ToList();
        var open = await _app.SendAsAsync(Proposer, m => m.Send(new ListAmendments(statementId, AmendmentShow.Pending, Limit: ListAmendments.MaxLimit)));

        // The statement's own numbered paragraphs stay one Word list; the proposals are outside it.
        Assert.Equal(paragraphs.Count, styled.Count(p => p.Style == "NumberedParagraph"));
        Assert.Equal(open.Items.Count, styled.Count(p => p.Style == "ProposalLabel"));
        Assert.Contains($"with {open.Items.Count} open amendments", body.InnerText, StringComparison.Ordinal);

        var change = styled.FindIndex(p => p.Style == "ProposalLabel" && p.InnerText.StartsWith('A') && p.InnerText.Contains("Change to ¶1 (open, 0 supporters)", StringComparison.Ordinal));
        Assert.True(change > 0, "the change to ¶1 should be introduced by its label");
        Assert.Equal(paragraphs[0].Text, styled[..change].Last(p => p.Style == "NumberedParagraph").InnerText);
        var proposal = styled[change + 1];
        Assert.Equal("Proposal", proposal.Style);
        Assert.Contains(proposal.Paragraph.Descendants<InsertedRun>(), i => i.InnerText.Contains("without exception", StringComparison.Ordinal));
        Assert.Contains("Rationale: Close the gap.", styled[change + 2].InnerText, StringComparison.Ordinal);

        var deletion = styled.FindIndex(p => p.Style == "ProposalLabel" && p.InnerText.Contains("Deletion of ¶2", StringComparison.Ordinal));
        Assert.NotNull(styled[deletion + 1].Paragraph.ParagraphProperties!.ParagraphMarkRunProperties!.GetFirstChild<Deleted>());
        var insertion = styled.FindIndex(p => p.Style == "ProposalLabel" && p.InnerText.Contains("New paragraph after ¶3", StringComparison.Ordinal));
        Assert.Equal("A new paragraph on safe pathways.", styled[insertion + 1].Paragraph.Descendants<InsertedRun>().Single().InnerText);

        Assert.All(body.Descendants<InsertedRun>().Select(r => r.Author?.Value).Concat(body.Descendants<DeletedRun>().Select(r => r.Author?.Value)), a => Assert.Equal("Participant", a));
        var pseudonym = (await _app.ParticipationOfAsync(Proposer)).Pseudonym;
        Assert.DoesNotContain(pseudonym, body.InnerText, StringComparison.Ordinal);
        Assert.DoesNotContain("Rizal", body.InnerText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task As_HTML_the_proposals_are_underlined_and_struck_through_after_their_paragraphs()
    {
        var (statementId, _) = await ProposeThreeAsync();

        var html = System.Text.Encoding.UTF8.GetString((await _app.SendAsAsync("participant2@example.org", m => m.Send(new ExportOpenAmendments(statementId, ExportFormat.Html))))!.Content);

        Assert.Matches("<p class=\"proposal-label\">A\\d+: Change to ¶1 \\(open, 0 supporters\\)</p>\n<p class=\"proposal\">.*<ins>[^<]*without exception[^<]*</ins>", html);
        Assert.Contains("<p class=\"proposal added\"><ins>A new paragraph on safe pathways.</ins></p>", html, StringComparison.Ordinal);
        Assert.Matches("<p class=\"proposal removed\"><del>[^<]+</del>", html);
    }

    /// <summary>A change to ¶1 with a rationale, the deletion of ¶2 and a new paragraph after ¶3, on cluster 3's statement.</summary>
    private async Task<(int StatementId, List<DraftBlock> Paragraphs)> ProposeThreeAsync()
    {
        var statementId = (await Drafting.StoredStatement.OfClusterAsync(_app, 3)).Id;
        var snapshot = (await _app.Services.GetRequiredService<DraftingEngine>().SnapshotAsync(statementId))!;
        var paragraphs = snapshot.Blocks.Where(b => b.Kind == BlockKind.NumberedParagraph).ToList();
        await _app.SendAsAsync(Proposer, m => m.Send(new ProposeAmendment(statementId, AmendmentKind.Replace, paragraphs[0].Id.Value, paragraphs[0].Text + " This applies without exception.", "Close the gap.")));
        await _app.SendAsAsync(Proposer, m => m.Send(new ProposeAmendment(statementId, AmendmentKind.Delete, paragraphs[1].Id.Value, null, null)));
        await _app.SendAsAsync(Proposer, m => m.Send(new ProposeAmendment(statementId, AmendmentKind.InsertAfter, paragraphs[2].Id.Value, "A new paragraph on safe pathways.", null)));
        return (statementId, paragraphs);
    }
}

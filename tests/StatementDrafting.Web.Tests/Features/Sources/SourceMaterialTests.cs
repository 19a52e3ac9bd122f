using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Domain.Sources;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Amendments;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Features.Sources;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;

namespace StatementDrafting.Web.Tests.Features.Sources;

/// <summary>
/// Source material through the mediator, as co-hosts use it: upload and check a report, save it, find a paragraph,
/// pull it into the draft (live, or as an amendment) and see where each paragraph came from.
/// </summary>
public sealed class SourceMaterialTests : IAsyncLifetime
{
    private const string CoHost = "cohost1@example.org";
    private const string OtherCoHost = "cohost2@example.org";
    private const string Participant = "participant1@example.org";
    private const string Observer = "observer@example.org";

    private readonly AppFactory _app = new(demo: true);
    private int _consultationId;
    private int _statementId;

    public async Task InitializeAsync()
    {
        _app.CreateClient().Dispose();
        _consultationId = await _app.ConsultationIdAsync();
        _statementId = await _app.QueryAsync(db => db.Statements.Where(s => s.Kind == StatementKind.Common && s.ClusterNumber == 1).Select(s => s.Id).SingleAsync());
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private Task<T> Send<T>(string email, Mediator.ICommand<T> request) => _app.SendAsAsync(email, m => m.Send(request));

    private Task<T> Send<T>(string email, Mediator.IQuery<T> query) => _app.SendAsAsync(email, m => m.Send(query));

    private async Task<int> SaveReportAsync()
    {
        var preview = await Send(CoHost, new PreviewSourceReport(_consultationId, 1, "report.docx", ReportFixtures.Docx()));
        return await Send(CoHost, new SaveSourceReport(_consultationId, 1, preview.ImportId, "Report of consultation 4"));
    }

    [Fact]
    public async Task A_previewed_report_is_stored_only_when_saved_and_only_once()
    {
        var preview = await Send(CoHost, new PreviewSourceReport(_consultationId, 1, "report.docx", ReportFixtures.Docx()));

        Assert.Equal("Report of the fourth regional stakeholder consultation", preview.SuggestedTitle);
        Assert.Equal((4, 12, 45, 44, 4), (preview.Outline.Counts.Sections, preview.Outline.Counts.Subsections, preview.Outline.Counts.Paragraphs, preview.Outline.Counts.NumberedParagraphs, preview.Outline.Counts.Footnotes));
        Assert.Equal(0, await _app.QueryAsync(db => db.SourceReports.CountAsync()));

        // Another co-host cannot save someone else's preview.
        await Assert.ThrowsAsync<AccessDeniedException>(() => Send(OtherCoHost, new SaveSourceReport(_consultationId, 1, preview.ImportId, "Report of consultation 4")));
        var id = await Send(CoHost, new SaveSourceReport(_consultationId, 1, preview.ImportId, "Report of consultation 4"));
        var again = await Assert.ThrowsAsync<DomainException>(() => Send(CoHost, new SaveSourceReport(_consultationId, 1, preview.ImportId, "Report of consultation 4")));
        Assert.Equal(SourceImportDraft.Unavailable, again.Message);

        var report = await _app.QueryAsync(db => db.SourceReports.Include(r => r.Paragraphs).Include(r => r.Footnotes).SingleAsync());
        Assert.Equal((id, 45, 4), (report.Id, report.Paragraphs.Count, report.Footnotes.Count));
    }

    [Fact]
    public async Task Participants_observers_and_co_hosts_of_other_clusters_cannot_upload_or_read_the_material()
    {
        foreach (var email in new[] { Participant, Observer, OtherCoHost })
        {
            await Assert.ThrowsAsync<AccessDeniedException>(() => Send(email, new PreviewSourceReport(_consultationId, 1, "report.md", ReportFixtures.Bytes(ReportFixtures.Markdown))));
            await Assert.ThrowsAsync<AccessDeniedException>(() => Send(email, new SearchSources(_consultationId, 1)));
        }

        // The co-host of cluster 2 may work with cluster 2's material.
        var preview = await Send(OtherCoHost, new PreviewSourceReport(_consultationId, 2, "report.md", ReportFixtures.Bytes(ReportFixtures.Markdown)));
        Assert.Equal(44, preview.Outline.Counts.NumberedParagraphs);
    }

    [Fact]
    public async Task A_bad_upload_is_refused_with_its_message_and_nothing_is_kept()
    {
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Send(CoHost, new PreviewSourceReport(_consultationId, 1, "report.docx", "not a zip"u8.ToArray())));

        Assert.Contains("not a Word document that can be read", Assert.Single(refused.Errors).Message, StringComparison.Ordinal);
        Assert.Equal(0, await _app.QueryAsync(db => db.SourceReports.CountAsync()));
    }

    [Fact]
    public async Task The_material_is_found_by_objective_subsection_and_words()
    {
        await SaveReportAsync();

        var all = await Send(CoHost, new SearchSources(_consultationId, 1));
        var recommendations = await Send(CoHost, new SearchSources(_consultationId, 1, Objective: 6, Subsection: SubsectionKind.Recommendations));
        var words = await Send(CoHost, new SearchSources(_consultationId, 1, Words: "DOMESTIC wages"));

        Assert.Equal(45, all.TotalHits);
        Assert.Equal([2, 5, 6], all.Objectives);
        Assert.Equal([40, 41, 42, 43, 44], recommendations.Hits.Select(h => h.Number!.Value));
        var hit = Assert.Single(words.Hits);
        Assert.Equal("Report of consultation 4, recommendations on objective 6, ¶42", hit.Citation);
        Assert.Equal(["4. A similar scheme is under discussion in a second country of destination."], hit.Footnotes);
        Assert.Equal(_statementId, words.StatementId);
    }

    [Fact]
    public async Task A_paragraph_pulled_into_the_draft_is_inserted_live_and_keeps_its_provenance()
    {
        await SaveReportAsync();
        var hit = Assert.Single((await Send(CoHost, new SearchSources(_consultationId, 1, Words: "domestic covered"))).Hits);
        var engine = _app.Services.GetRequiredService<DraftingEngine>();
        var before = (await engine.SnapshotAsync(_statementId))!;
        var after = before.Blocks.First(b => b.Kind == BlockKind.NumberedParagraph);

        var pulled = await Send(CoHost, new PullSourceParagraph(_statementId, hit.ParagraphId, after.Id.Value, PullAs.NewParagraph));

        var now = (await engine.SnapshotAsync(_statementId))!;
        Assert.Equal(before.Revision + 1, now.Revision);
        var index = now.Blocks.ToList().FindIndex(b => b.Id == after.Id);
        Assert.Equal(pulled.BlockId, now.Blocks[index + 1].Id.Value);
        Assert.Equal(hit.Text, now.Blocks[index + 1].Text);
        Assert.Equal("From sources", await _app.QueryAsync(db => db.StatementChanges.Where(c => c.StatementId == _statementId && c.Revision == now.Revision).Select(c => c.Label).SingleAsync()));

        var sources = (await Send(CoHost, new GetStatementSources(_statementId)))!;
        var use = Assert.Single(sources.Uses);
        Assert.True(use.InDraft);
        Assert.Equal("from: Report of consultation 4, recommendations on objective 6, ¶42", sources.ByBlock[pulled.BlockId!]);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Send(Participant, new GetStatementSources(_statementId)));
    }

    [Fact]
    public async Task A_paragraph_proposed_as_an_amendment_cites_its_source_and_once_accepted_the_new_paragraph_keeps_it()
    {
        await SaveReportAsync();
        var hit = Assert.Single((await Send(CoHost, new SearchSources(_consultationId, 1, Objective: 2, Words: "youth councils"))).Hits);
        var after = (await _app.Services.GetRequiredService<DraftingEngine>().SnapshotAsync(_statementId))!.Blocks.Last(b => b.Kind == BlockKind.NumberedParagraph);

        var pulled = await Send(CoHost, new PullSourceParagraph(_statementId, hit.ParagraphId, after.Id.Value, PullAs.Amendment));

        var amendment = await _app.QueryAsync(db => db.Amendments.SingleAsync(a => a.StatementId == _statementId && a.Number == pulled.AmendmentNumber));
        Assert.Equal((AmendmentKind.InsertAfter, hit.Text, "From: Report of consultation 4, good practices on objective 2, ¶9."), (amendment.Kind, amendment.ProposedText, amendment.Rationale));
        var pending = Assert.Single((await Send(CoHost, new GetStatementSources(_statementId)))!.Uses);
        Assert.Equal((amendment.Label, false), (pending.AmendmentLabel, pending.InDraft));

        await Send(CoHost, new DecideAmendment(_statementId, amendment.Number, AmendmentDecision.Accept));

        var accepted = Assert.Single((await Send(CoHost, new GetStatementSources(_statementId)))!.Uses);
        Assert.True(accepted.InDraft);
        var block = (await _app.Services.GetRequiredService<DraftingEngine>().SnapshotAsync(_statementId))!.Blocks.Single(b => b.Id.Value == accepted.BlockId);
        Assert.Equal(hit.Text, block.Text);
    }

    [Fact]
    public async Task Material_of_another_cluster_cannot_be_pulled_into_a_common_statement()
    {
        var preview = await Send(OtherCoHost, new PreviewSourceReport(_consultationId, 2, "report.md", ReportFixtures.Bytes(ReportFixtures.Markdown)));
        await Send(OtherCoHost, new SaveSourceReport(_consultationId, 2, preview.ImportId, "Cluster 2 report"));
        var paragraph = await _app.QueryAsync(db => db.SourceParagraphs.Select(p => p.Id).FirstAsync());

        var refused = await Assert.ThrowsAsync<DomainException>(() => Send(People.Organiser, new PullSourceParagraph(_statementId, paragraph, null, PullAs.NewParagraph)));

        Assert.Equal("That paragraph is not in this statement's source material.", refused.Message);
        Assert.Equal(0, await _app.QueryAsync(db => db.SourceProvenances.CountAsync()));
    }
}

using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Web.Features.Amendments;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Features.History;
using StatementDrafting.Web.Tests.Features.Drafting;

namespace StatementDrafting.Web.Tests.Features.History;

/// <summary>
/// A statement's history: any past revision rebuilt from snapshots and the log, steps grouped by person and by accepted
/// amendment (by public name, never by address), milestones, comparisons, and "what changed since I last looked".
/// </summary>
public sealed class HistoryTests(HistoryTests.World world) : IClassFixture<HistoryTests.World>
{
    private const string CoHost = "cohost1@example.org";
    private const string Participant = "participant1@example.org";

    public sealed class World : IAsyncLifetime
    {
        public AppFactory App { get; } = new(demo: true, settings: new Dictionary<string, string> { ["Drafting:SnapshotEvery"] = "5" });

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync() => await App.DisposeAsync();
    }

    private AppFactory App => world.App;

    private DraftingEngine Engine => App.Services.GetRequiredService<DraftingEngine>();

    [Fact]
    public async Task Every_past_revision_is_rebuilt_exactly_from_snapshots_and_the_log()
    {
        var statement = await StoredStatement.OfClusterAsync(App, 4);
        var start = (await Engine.SnapshotAsync(statement.Id))!;
        var paragraph = start.Blocks[2];
        var seen = new Dictionary<int, string[]> { [start.Revision] = Texts(start.Blocks) };
        for (var i = 0; i < 12; i++)
        {
            var now = (await Engine.SnapshotAsync(statement.Id))!;
            var block = now.Blocks.Single(b => b.Id == paragraph.Id);
            EditOp op = i % 4 == 3
                ? new InsertBlock(Domain.Statements.BlockId.New(), paragraph.Id, Domain.Statements.BlockKind.NumberedParagraph, 0, $"Inserted {i}.")
                : new TextEdit(paragraph.Id, TextOperation.InsertAt(block.Text.Length, 0, $"[{i}] "));
            var result = await Engine.SubmitAsync(statement.Id, "history-test", $"history-{i:00}-{Guid.NewGuid():N}"[..30], now.Revision, op);
            seen[result.Revision] = Texts((await Engine.SnapshotAsync(statement.Id))!.Blocks);
        }

        var archive = App.Services.GetRequiredService<StatementArchive>();
        foreach (var (revision, texts) in seen)
        {
            Assert.Equal(texts, Texts((await archive.DocumentAtAsync(statement.Id, revision, default)).Blocks));
        }
    }

    [Fact]
    public async Task Steps_group_one_person_s_consecutive_edits_name_people_publicly_and_show_accepted_amendments_on_their_own()
    {
        var statement = await StoredStatement.OfClusterAsync(App, 1);
        var paragraph = (await Engine.SnapshotAsync(statement.Id))!.Blocks[5];
        var coHostId = await App.QueryAsync(db => Task.FromResult(db.Users.Single(u => u.Email == CoHost).Id));
        for (var i = 0; i < 3; i++)
        {
            var now = (await Engine.SnapshotAsync(statement.Id))!;
            var text = now.Blocks.Single(b => b.Id == paragraph.Id).Text;
            await Engine.SubmitAsync(statement.Id, coHostId, $"steps-{i}-{Guid.NewGuid():N}"[..24], now.Revision, new TextEdit(paragraph.Id, TextOperation.InsertAt(text.Length, text.Length, $" more{i}")));
        }

        var current = (await Engine.SnapshotAsync(statement.Id))!.Blocks.Single(b => b.Id == paragraph.Id).Text;
        var amendment = await App.SendAsAsync(Participant, m => m.Send(new ProposeAmendment(statement.Id, AmendmentKind.Replace, paragraph.Id.Value, current + " Agreed.", null)));
        await App.SendAsAsync(CoHost, m => m.Send(new DecideAmendment(statement.Id, amendment.Number, AmendmentDecision.Accept)));

        var history = await App.SendAsAsync(Participant, m => m.Send(new GetStatementHistory(statement.Id)));

        var latest = history.Steps[0];
        Assert.Equal($"A{amendment.Number}", latest.Label);
        var typing = history.Steps[1];
        Assert.Equal(3, typing.Changes);
        Assert.Equal(typing.FromRevision + 2, typing.ToRevision);
        Assert.DoesNotContain("@", string.Concat(history.Steps.Select(s => s.Who)), StringComparison.Ordinal);
        Assert.StartsWith("Co-host", typing.Who, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Milestones_are_named_by_co_hosts_and_any_two_revisions_compare_word_by_word()
    {
        var statement = await StoredStatement.OfClusterAsync(App, 2);
        var before = (await Engine.SnapshotAsync(statement.Id))!;
        await App.SendAsAsync(CoHost2(), m => m.Send(new NameMilestone(statement.Id, before.Revision, "Shared before the consultation")));
        var paragraph = before.Blocks[2];
        await Engine.SubmitAsync(statement.Id, "history-test", "compare-" + Guid.NewGuid().ToString("N")[..12], before.Revision,
            new TextEdit(paragraph.Id, TextOperation.InsertAt(paragraph.Text.Length, paragraph.Text.Length, " Compared words.")));
        var after = (await Engine.SnapshotAsync(statement.Id))!;

        var history = await App.SendAsAsync(Participant, m => m.Send(new GetStatementHistory(statement.Id)));
        var comparison = await App.SendAsAsync(Participant, m => m.Send(new CompareRevisions(statement.Id, before.Revision, after.Revision)));

        Assert.Contains(history.Milestones, m => m.Name == "Shared before the consultation" && m.Revision == before.Revision);
        var changed = Assert.Single(comparison.Blocks, b => b.Change != ComparedBlockChange.Unchanged);
        Assert.Equal(paragraph.Id.Value, changed.BlockId);
        Assert.Contains(changed.Diff.Segments, s => s.Kind == DiffKind.Inserted && s.Text.Contains("Compared words.", StringComparison.Ordinal));
        await Assert.ThrowsAsync<Domain.DomainException>(() => App.SendAsAsync(Participant, m => m.Send(new CompareRevisions(statement.Id, 0, after.Revision + 5))));
    }

    [Fact]
    public async Task The_history_page_names_a_past_revision_as_a_milestone()
    {
        var statement = await StoredStatement.OfClusterAsync(App, 3);
        var before = (await Engine.SnapshotAsync(statement.Id))!;
        var paragraph = before.Blocks[1];
        await Engine.SubmitAsync(statement.Id, "history-test", "page-milestone-" + Guid.NewGuid().ToString("N")[..8], before.Revision,
            new TextEdit(paragraph.Id, TextOperation.InsertAt(paragraph.Text.Length, 0, "Later: ")));

        using var organiser = await App.ClientAsAsync(People.Organiser);
        var (status, _, _) = await Forms.SubmitAsync(organiser, $"/statements/{statement.Id}/history", "form:has(input[name='Milestone.Name'])",
            [("Milestone.Name", "Agreed at the morning session"), ("Milestone.Revision", $"{before.Revision}")]);

        Assert.Equal(System.Net.HttpStatusCode.Redirect, status); // named, then back to the history page
        var history = await App.SendAsAsync(Participant, m => m.Send(new GetStatementHistory(statement.Id)));
        Assert.Contains(history.Milestones, m => m.Name == "Agreed at the morning session" && m.Revision == before.Revision);
        Assert.True(history.Revision > before.Revision);
    }

    [Fact]
    public async Task A_visit_remembers_the_revision_seen_and_answers_the_one_seen_before()
    {
        var statement = await StoredStatement.OfClusterAsync(App, 1);
        const string visitor = "participant7@example.org";

        Assert.Null(await App.SendAsAsync(visitor, m => m.Send(new RecordVisit(statement.Id, 3))));
        Assert.Equal(3, await App.SendAsAsync(visitor, m => m.Send(new RecordVisit(statement.Id, 5))));
        Assert.Equal(5, await App.SendAsAsync(visitor, m => m.Send(new RecordVisit(statement.Id, 4))));
        Assert.Equal(5, (await App.SendAsAsync(visitor, m => m.Send(new GetStatementHistory(statement.Id)))).LastSeenRevision);
    }

    private static string CoHost2() => People.Organiser;

    private static string[] Texts(IEnumerable<DraftBlock> blocks) => [.. blocks.Select(b => $"{b.Id.Value}:{b.Kind}:{b.Text}")];
}

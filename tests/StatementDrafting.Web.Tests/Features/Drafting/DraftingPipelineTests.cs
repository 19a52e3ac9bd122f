using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Tests.Features.Drafting;

/// <summary>
/// The engine's write pipeline (ADR 0008): a statement's changes are applied in memory one at a time but wait for the
/// disk together, so several of one statement share a group commit. These tests hold the writer at the database's
/// write gate until every change is queued, so that the batches really mix typing and block changes of one statement,
/// and check that revisions are stored and announced in order, never before they are stored, and that a change the
/// database refuses takes down only itself: the changes queued behind it are redone from storage, each stored once.
/// </summary>
public sealed class DraftingPipelineTests(DemoApp world) : IClassFixture<DemoApp>
{
    private const string Refused = "refused-";

    private AppFactory App => world.App;

    private DraftingEngine Engine => App.Services.GetRequiredService<DraftingEngine>();

    [Fact]
    public async Task Changes_queued_together_are_stored_in_revision_order_and_each_is_announced_only_once_stored()
    {
        var stored = await StoredStatement.OfClusterAsync(App, 2);
        var start = (await Engine.SnapshotAsync(stored.Id))!;
        var paragraph = start.Blocks[1];
        using var announcements = new Announcements(App, stored.Id);

        var submissions = await SubmitWhileTheWriterWaitsAsync(stored.Id, start.Revision, paragraph, count: 40, refusedAt: null);

        var answers = await Task.WhenAll(submissions.Select(s => s.Answer));
        Assert.All(answers, a => Assert.Equal("applied", a.Status));
        Assert.Equal(Enumerable.Range(start.Revision + 1, 40), answers.Select(a => a.Revision).Order());

        var heard = await announcements.WaitForAsync(start.Revision + 40);
        Assert.Equal(Enumerable.Range(start.Revision + 1, 40), heard.Select(h => h.Revision));
        Assert.All(heard, h => Assert.True(h.StoredRevision >= h.Revision, $"revision {h.Revision} was announced while storage was at {h.StoredRevision}"));

        var after = await StoredStatement.LoadAsync(App, stored.Id);
        Assert.Equal(start.Revision + 40, after.Revision);
        Assert.Equal(start.Blocks.Count + submissions.Count(s => s.IsBlock), after.Blocks.Count);
        var text = string.Concat(after.Blocks.Select(b => b.Text));
        Assert.All(submissions, s => Assert.Contains(s.Marker, text, StringComparison.Ordinal));
        await AssertEngineShowsStorageAsync(stored.Id);
    }

    [Fact]
    public async Task A_change_the_database_refuses_fails_alone_and_the_changes_queued_behind_it_are_stored_once_from_storage()
    {
        var stored = await StoredStatement.OfClusterAsync(App, 3);
        var start = (await Engine.SnapshotAsync(stored.Id))!;
        var paragraph = start.Blocks[1];
        using var announcements = new Announcements(App, stored.Id);
        await App.QueryAsync(db => db.Database.ExecuteSqlRawAsync(TestDatabase.OnPostgres
            ? $"""
               CREATE FUNCTION refuse_marked() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
               CREATE TRIGGER refuse_marked BEFORE INSERT ON "StatementChanges" FOR EACH ROW WHEN (NEW."ClientChangeId" LIKE '{Refused}%') EXECUTE FUNCTION refuse_marked();
               """
            : $"""CREATE TRIGGER refuse_marked BEFORE INSERT ON "StatementChanges" WHEN NEW."ClientChangeId" LIKE '{Refused}%' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;"""));
        try
        {
            var submissions = await SubmitWhileTheWriterWaitsAsync(stored.Id, start.Revision, paragraph, count: 20, refusedAt: 3);

            var refused = submissions[3];
            await Assert.ThrowsAsync<DbUpdateException>(() => refused.Answer);
            var others = submissions.Where(s => s != refused).ToList();
            var answers = await Task.WhenAll(others.Select(s => s.Answer));
            Assert.Equal(Enumerable.Range(start.Revision + 1, others.Count), answers.Select(a => a.Revision).Order());

            var rows = await App.QueryAsync(db => db.StatementChanges.AsNoTracking()
                .Where(c => c.StatementId == stored.Id && c.Revision > start.Revision)
                .Select(c => c.ClientChangeId).ToListAsync());
            Assert.Equal(others.Select(s => s.ChangeId).Order(StringComparer.Ordinal), rows.Order(StringComparer.Ordinal));

            var heard = await announcements.WaitForAsync(start.Revision + others.Count);
            Assert.Equal(Enumerable.Range(start.Revision + 1, others.Count), heard.Select(h => h.Revision));

            var text = string.Concat((await StoredStatement.LoadAsync(App, stored.Id)).Blocks.Select(b => b.Text));
            Assert.All(others, s => Assert.Equal(1, Occurrences(text, s.Marker)));
            Assert.DoesNotContain(refused.Marker, text, StringComparison.Ordinal);
            await AssertEngineShowsStorageAsync(stored.Id);
        }
        finally
        {
            await App.QueryAsync(db => db.Database.ExecuteSqlRawAsync(TestDatabase.OnPostgres
                ? """DROP TRIGGER refuse_marked ON "StatementChanges"; DROP FUNCTION refuse_marked();"""
                : "DROP TRIGGER refuse_marked;"));
        }
    }

    /// <summary>
    /// Holds the database's write gate while <paramref name="count"/> changes from three co-hosts, all made against
    /// <paramref name="baseRevision"/>, are applied and queued (every fifth inserts a block, the others type into
    /// the paragraph), then lets the writer go.
    /// </summary>
    private async Task<List<Submitted>> SubmitWhileTheWriterWaitsAsync(int statementId, int baseRevision, DraftBlock paragraph, int count, int? refusedAt)
    {
        var gate = App.Services.GetRequiredService<DatabaseWriteGate>();
        var submissions = new List<Submitted>();
        using (await gate.HoldAsync(CancellationToken.None))
        {
            for (var i = 0; i < count; i++)
            {
                var marker = $"[m{statementId}-{i:00}]";
                var changeId = (i == refusedAt ? Refused : "ok-") + Guid.NewGuid().ToString("N");
                var isBlock = i % 5 == 4;
                EditOp op = isBlock
                    ? new InsertBlock(BlockId.New(), paragraph.Id, BlockKind.NumberedParagraph, 0, marker)
                    : new TextEdit(paragraph.Id, TextOperation.InsertAt(paragraph.Text.Length, 0, marker));
                var answer = Engine.SubmitAsync(statementId, $"author-{i % 3}", changeId, baseRevision, op);
                submissions.Add(new Submitted(changeId, marker, isBlock, answer));
            }

            await Eventually.Until(() => Engine.PendingWrites == count, "every change applied and queued");
        }

        return submissions;
    }

    private async Task AssertEngineShowsStorageAsync(int statementId)
    {
        var fromStorage = await StoredStatement.LoadAsync(App, statementId);
        var shown = (await Engine.SnapshotAsync(statementId))!;
        Assert.Equal(fromStorage.Revision, shown.Revision);
        Assert.Equal(fromStorage.Blocks, shown.Blocks.Select(b => (b.Id.Value, b.Text)));
    }

    private static int Occurrences(string text, string marker) =>
        (text.Length - text.Replace(marker, string.Empty, StringComparison.Ordinal).Length) / marker.Length;


    private sealed record Submitted(string ChangeId, string Marker, bool IsBlock, Task<StatementDrafting.Web.Features.Drafting.SubmitResult> Answer);

    /// <summary>Every revision the feed announces, with the statement's revision in storage at that moment.</summary>
    private sealed class Announcements : IStatementListener, IDisposable
    {
        private readonly AppFactory _app;
        private readonly IDisposable _subscription;
        private readonly ConcurrentQueue<(int Revision, int StoredRevision)> _heard = new();

        public Announcements(AppFactory app, int statementId)
        {
            _app = app;
            _subscription = app.Services.GetRequiredService<IStatementBus>().Subscribe(statementId, this);
            StatementId = statementId;
        }

        private int StatementId { get; }

        public async ValueTask OnEventsAsync(IReadOnlyList<StatementEvent> events)
        {
            foreach (var changed in events.OfType<StatementChanged>())
            {
                var storedRevision = await _app.QueryAsync(db => db.Statements.Where(s => s.Id == StatementId).Select(s => s.Revision).SingleAsync());
                _heard.Enqueue((changed.Revision, storedRevision));
            }
        }

        public async Task<List<(int Revision, int StoredRevision)>> WaitForAsync(int revision)
        {
            await Eventually.Until(() => _heard.Any(h => h.Revision >= revision), $"revision {revision} to be announced");
            return [.. _heard];
        }

        public void Dispose() => _subscription.Dispose();
    }
}

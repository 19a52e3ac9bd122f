using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Drafting;

namespace StatementDrafting.Web.Tests.Features.Drafting;

/// <summary>
/// Two nodes of the app on one database, each with its own engine, writing to the same statement at once: every write
/// made against a revision the other node took first is refused by the revision token (or the unique revision), and
/// its node reloads and applies it again on top. Nothing is lost, nothing is stored twice, revisions stay gapless.
/// Runs on SQLite and, in the README's test command, on PostgreSQL.
/// </summary>
public sealed class TwoNodeWritersTests : IDisposable
{
    private readonly AppFactory _first = new(demo: true);
    private readonly AppFactory _second;

    public TwoNodeWritersTests()
    {
        _first.CreateClient().Dispose();
        _second = new AppFactory(demo: true, sameDatabaseAs: _first);
        _second.CreateClient().Dispose();
    }

    public void Dispose()
    {
        _second.Dispose();
        _first.Dispose();
    }

    [Fact]
    public async Task Two_nodes_typing_and_inserting_into_one_statement_at_once_lose_nothing()
    {
        var stored = await StoredStatement.OfClusterAsync(_first, 1);
        var engines = new[] { _first, _second }.Select(a => a.Services.GetRequiredService<DraftingEngine>()).ToArray();
        var starts = await Task.WhenAll(engines.Select(e => e.SnapshotAsync(stored.Id)));
        var paragraph = starts[0]!.Blocks[1];
        Assert.Equal(starts[0]!.Revision, starts[1]!.Revision); // both nodes hold the statement at the same revision

        const int perNode = 12;
        var submissions = Enumerable.Range(0, perNode * 2).Select(i =>
        {
            var node = i % 2;
            var marker = $"[n{node}-{i:00}]";
            EditOp op = i % 6 == 5
                ? new InsertBlock(BlockId.New(), paragraph.Id, BlockKind.NumberedParagraph, 0, marker)
                : new TextEdit(paragraph.Id, TextOperation.InsertAt(paragraph.Text.Length, 0, marker));
            return (Marker: marker, Answer: Task.Run(() => engines[node].SubmitAsync(stored.Id, $"author-{node}", $"change-{i}", starts[0]!.Revision, op)));
        }).ToList();

        var answers = await Task.WhenAll(submissions.Select(s => s.Answer));

        Assert.All(answers, a => Assert.Equal("applied", a.Status));
        Assert.Equal(Enumerable.Range(starts[0]!.Revision + 1, perNode * 2), answers.Select(a => a.Revision).Order());
        var after = await StoredStatement.LoadAsync(_first, stored.Id);
        Assert.Equal(starts[0]!.Revision + (perNode * 2), after.Revision);
        var text = string.Concat(after.Blocks.Select(b => b.Text));
        Assert.All(submissions, s => Assert.Equal(1, (text.Length - text.Replace(s.Marker, string.Empty, StringComparison.Ordinal).Length) / s.Marker.Length));
        Assert.Contains(_first.Logs.Concat(_second.Logs), l => l.Contains("could not be stored; reloading and trying again", StringComparison.Ordinal));
    }

    /// <summary>
    /// Node B has two changes queued, the second applied on top of the first, when node A stores its own change at the
    /// first one's revision. B's first write is refused; its second must be refused too, though the statement's revision
    /// number is now the one it expects (A's): stored, it would write B's document without A's words.
    /// </summary>
    [Fact]
    public async Task A_change_queued_on_top_of_one_another_node_beat_is_not_stored_over_that_nodes_words()
    {
        var stored = await StoredStatement.OfClusterAsync(_first, 1);
        var (a, b) = (_first.Services.GetRequiredService<DraftingEngine>(), _second.Services.GetRequiredService<DraftingEngine>());
        var start = (await b.SnapshotAsync(stored.Id))!;
        var paragraph = start.Blocks[1];
        EditOp Insert(string marker) => new TextEdit(paragraph.Id, TextOperation.InsertAt(paragraph.Text.Length, 0, marker));

        Task<StatementDrafting.Web.Features.Drafting.SubmitResult> first, second;
        using (await _second.Services.GetRequiredService<StatementDrafting.Web.Infrastructure.Persistence.DatabaseWriteGate>().HoldAsync(CancellationToken.None))
        {
            first = b.SubmitAsync(stored.Id, "author-b", "queued-1", start.Revision, Insert("[b1]"));
            second = b.SubmitAsync(stored.Id, "author-b", "queued-2", start.Revision, Insert("[b2]"));
            await Eventually.Until(() => b.PendingWrites == 2, "both of node B's changes applied and queued behind the held writer");
            Assert.Equal("applied", (await a.SubmitAsync(stored.Id, "author-a", "first-there", start.Revision, Insert("[a]"))).Status);
        }

        var answers = await Task.WhenAll(first, second);

        Assert.All(answers, r => Assert.Equal("applied", r.Status));
        var after = await StoredStatement.LoadAsync(_first, stored.Id);
        Assert.Equal(start.Revision + 3, after.Revision);
        var text = after.Blocks.Single(bl => bl.Id == paragraph.Id.Value).Text;
        Assert.All(new[] { "[a]", "[b1]", "[b2]" }, m => Assert.Equal(1, (text.Length - text.Replace(m, string.Empty, StringComparison.Ordinal).Length) / m.Length));
    }
}

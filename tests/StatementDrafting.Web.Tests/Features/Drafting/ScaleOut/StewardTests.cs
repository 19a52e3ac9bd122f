using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.ScaleOut;

namespace StatementDrafting.Web.Tests.Features.Drafting.ScaleOut;

/// <summary>
/// Statement stewards (ADR 0019): with two nodes, one of them sequences a statement and the other forwards its plain
/// changes there, so nobody's write is refused for another node's; a forwarded change whose answer is lost is sequenced
/// by its own node and answered as a duplicate, stored once; with Redis stopped each node sequences alone; and a
/// refusal of the steward reaches the client as it would on one node.
/// </summary>
public sealed class StewardTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    private const string Typist = People.Organiser;

    private static StatementStewards StewardsOf(AppFactory node) => node.Services.GetRequiredService<StatementStewards>();

    private static StewardDesk DeskOf(AppFactory node) => node.Services.GetRequiredService<StewardDesk>();

    private static DraftingEngine EngineOf(AppFactory node) => node.Services.GetRequiredService<DraftingEngine>();

    [Fact]
    public async Task Changes_typed_through_both_nodes_at_once_are_sequenced_by_one_node_stored_once_and_every_client_converges()
    {
        var stored = await StoredStatement.OfClusterAsync(nodes.A, 1);
        var block = stored.Blocks[1];
        var clients = new List<(HubClient Client, int Node)>();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                var node = i % 2;
                var client = await HubClient.ConnectAsync(node == 0 ? nodes.A : nodes.B, Typist);
                clients.Add((client, node));
            }

            var revisions = await Task.WhenAll(clients.Select(c => c.Client.JoinAsync(stored.Id)));
            var start = revisions[0].GetProperty("revision").GetInt32();
            Assert.All(revisions, r => Assert.Equal(start, r.GetProperty("revision").GetInt32()));
            var (sequencedA, sequencedB) = (DeskOf(nodes.A).Sequenced, DeskOf(nodes.B).Sequenced);
            var (forwardedA, forwardedB) = (StewardsOf(nodes.A).Forwarded, StewardsOf(nodes.B).Forwarded);
            var (fellBackA, fellBackB) = (StewardsOf(nodes.A).FellBack, StewardsOf(nodes.B).FellBack);

            const int perClient = 8;
            var typing = clients.Select((c, index) => Task.Run(async () =>
            {
                var answers = new List<(string Marker, int Revision)>();
                for (var j = 0; j < perClient; j++)
                {
                    var marker = $"[c{index}-{j}]";
                    var ack = await c.Client.SubmitAsync(stored.Id, DraftingHubTests.NewChangeId(), start, DraftingHubTests.InsertAt(block.Id, block.Text.Length, 0, marker));
                    Assert.Equal("applied", ack.GetProperty("status").GetString());
                    answers.Add((marker, ack.GetProperty("revision").GetInt32()));
                }

                return answers;
            })).ToList();
            var all = (await Task.WhenAll(typing)).SelectMany(a => a).ToList();

            var total = clients.Count * perClient;
            Assert.Equal(Enumerable.Range(start + 1, total), all.Select(a => a.Revision).Order());
            var after = await StoredStatement.LoadAsync(nodes.A, stored.Id);
            Assert.Equal(start + total, after.Revision);
            var text = after.TextOf(block.Id);
            Assert.All(all, a => Assert.Equal(1, CountOf(text, a.Marker)));

            // One node sequenced everything: the other forwarded each of its clients' changes and nothing conflicted.
            var (byA, byB) = (DeskOf(nodes.A).Sequenced - sequencedA, DeskOf(nodes.B).Sequenced - sequencedB);
            var (sentByA, sentByB) = (StewardsOf(nodes.A).Forwarded - forwardedA, StewardsOf(nodes.B).Forwarded - forwardedB);
            var perNode = total / 2;
            Assert.True((byA, sentByB, byB, sentByA) == (perNode, perNode, 0, 0) || (byB, sentByA, byA, sentByB) == (perNode, perNode, 0, 0),
                $"one node should sequence the other's {perNode} changes: A sequenced {byA} and forwarded {sentByA}, B sequenced {byB} and forwarded {sentByB}");
            Assert.Equal((0, 0), (StewardsOf(nodes.A).FellBack - fellBackA, StewardsOf(nodes.B).FellBack - fellBackB));
            Assert.DoesNotContain(nodes.A.Logs.Concat(nodes.B.Logs), l => l.Contains($"Statement {stored.Id}: a change could not be stored", StringComparison.Ordinal));

            // Every client on either node hears every revision, in order.
            foreach (var (client, _) in clients)
            {
                await client.WaitForRevisionAsync(start + total);
                Assert.Equal(Enumerable.Range(start + 1, total), client.ChangedRevisions.Where(r => r > start));
            }
        }
        finally
        {
            foreach (var (client, _) in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_forwarded_change_whose_answer_is_lost_is_sequenced_by_its_own_node_and_answered_as_the_duplicate_it_is()
    {
        var stored = await StoredStatement.OfClusterAsync(nodes.A, 2);
        var block = stored.Blocks[1];
        var (a, b) = (EngineOf(nodes.A), EngineOf(nodes.B));
        EditOp Insert(string marker) => new TextEdit(Domain.Statements.BlockId.Parse(block.Id), TextOperation.InsertAt(block.Text.Length, 0, marker));
        await b.SnapshotAsync(stored.Id); // node B shows the statement, as it does when someone there joined it

        // Node A sequences the statement first: it is its steward.
        var first = await a.SubmitAsync(stored.Id, "author-a", "steward-first", stored.Revision, Insert("[a]"));
        Assert.Equal(stored.Revision + 1, first.Revision);
        Assert.Contains(stored.Id, StewardsOf(nodes.A).Held);
        StewardsOf(nodes.B).Forget(stored.Id);

        var (sequenced, fellBack) = (DeskOf(nodes.A).Sequenced, StewardsOf(nodes.B).FellBack);
        DeskOf(nodes.A).DropAnswers = true;
        StatementDrafting.Web.Features.Drafting.SubmitResult answer;
        try
        {
            answer = await b.SubmitAsync(stored.Id, "author-b", "answer-lost", stored.Revision, Insert("[b]"));
        }
        finally
        {
            DeskOf(nodes.A).DropAnswers = false;
        }

        // The steward stored it; node B waited in vain, sequenced it itself and found it stored.
        Assert.Equal(sequenced + 1, DeskOf(nodes.A).Sequenced);
        Assert.Equal(fellBack + 1, StewardsOf(nodes.B).FellBack);
        Assert.Equal(("duplicate", stored.Revision + 2), (answer.Status, answer.Revision));
        var after = await StoredStatement.LoadAsync(nodes.A, stored.Id);
        Assert.Equal(stored.Revision + 2, after.Revision);
        Assert.Equal(1, CountOf(after.TextOf(block.Id), "[b]"));
        Assert.Equal(1, await nodes.A.QueryAsync(db => db.StatementChanges.CountAsync(c => c.StatementId == stored.Id && c.ClientChangeId == "answer-lost")));

        // Sent again, it is still the same change.
        var again = await b.SubmitAsync(stored.Id, "author-b", "answer-lost", stored.Revision, Insert("[b]"));
        Assert.Equal(("duplicate", stored.Revision + 2), (again.Status, again.Revision));
    }

    [Fact]
    public async Task With_Redis_stopped_both_nodes_still_take_changes_each_sequencing_alone()
    {
        var stored = await StoredStatement.OfClusterAsync(nodes.A, 3);
        var block = stored.Blocks[1];
        var engines = new[] { EngineOf(nodes.A), EngineOf(nodes.B) };
        await Task.WhenAll(engines.Select(e => e.SnapshotAsync(stored.Id)));
        var forwarded = StewardsOf(nodes.A).Forwarded + StewardsOf(nodes.B).Forwarded;

        await nodes.Redis.StopAsync();
        try
        {
            await Eventually.Until(() => !TwoNodes.LinkOf(nodes.A).IsConnected && !TwoNodes.LinkOf(nodes.B).IsConnected, "both nodes to notice Redis is gone");

            const int perNode = 6;
            var submissions = Enumerable.Range(0, perNode * 2).Select(i =>
            {
                var marker = $"[off{i}]";
                var op = new TextEdit(Domain.Statements.BlockId.Parse(block.Id), TextOperation.InsertAt(block.Text.Length, 0, marker));
                return (Marker: marker, Answer: Task.Run(() => engines[i % 2].SubmitAsync(stored.Id, $"author-{i % 2}", $"offline-{i}", stored.Revision, op)));
            }).ToList();
            var answers = await Task.WhenAll(submissions.Select(s => s.Answer));

            Assert.All(answers, r => Assert.Equal("applied", r.Status));
            Assert.Equal(Enumerable.Range(stored.Revision + 1, perNode * 2), answers.Select(r => r.Revision).Order());
            var after = await StoredStatement.LoadAsync(nodes.A, stored.Id);
            Assert.Equal(stored.Revision + (perNode * 2), after.Revision);
            Assert.All(submissions, s => Assert.Equal(1, CountOf(after.TextOf(block.Id), s.Marker)));
            Assert.Equal(forwarded, StewardsOf(nodes.A).Forwarded + StewardsOf(nodes.B).Forwarded);
        }
        finally
        {
            await nodes.Redis.StartAsync();
        }

        await Eventually.Until(() => TwoNodes.LinkOf(nodes.A).IsConnected && TwoNodes.LinkOf(nodes.B).IsConnected, "both nodes to reconnect to Redis");
    }

    [Fact]
    public async Task The_stewards_refusals_reach_a_client_of_the_other_node_with_the_code_and_message_of_one_node()
    {
        var stored = await StoredStatement.OfClusterAsync(nodes.A, 4);
        var block = stored.Blocks[1];
        var a = EngineOf(nodes.A);
        var first = await a.SubmitAsync(
            stored.Id, "author-a", "refusals-first", stored.Revision, new TextEdit(Domain.Statements.BlockId.Parse(block.Id), TextOperation.InsertAt(block.Text.Length, 0, "[a]")));
        var revision = first.Revision;
        Assert.Contains(stored.Id, StewardsOf(nodes.A).Held);
        StewardsOf(nodes.B).Forget(stored.Id);
        await using var onB = await HubClient.ConnectAsync(nodes.B, Typist);
        await onB.JoinAsync(stored.Id);
        var forwarded = StewardsOf(nodes.B).Forwarded;
        var length = block.Text.Length + 3;

        var future = await Assert.ThrowsAsync<HubException>(() =>
            onB.SubmitAsync(stored.Id, DraftingHubTests.NewChangeId(), revision + 100, DraftingHubTests.InsertAt(block.Id, length, 0, "Later. ")));
        Assert.EndsWith($"HubException: future_revision: Revision {revision + 100} does not exist yet; the statement is at {revision}.", future.Message, StringComparison.Ordinal);

        var outOfRange = await Assert.ThrowsAsync<HubException>(() =>
            onB.SubmitAsync(stored.Id, DraftingHubTests.NewChangeId(), revision, DraftingHubTests.InsertAt(block.Id, length + 50, 0, "Too far. ")));
        Assert.Contains("HubException: out_of_range: ", outOfRange.Message, StringComparison.Ordinal);

        Assert.True(await a.SetLockedAsync(stored.Id, true));
        try
        {
            var locked = await Assert.ThrowsAsync<HubException>(() =>
                onB.SubmitAsync(stored.Id, DraftingHubTests.NewChangeId(), revision, DraftingHubTests.InsertAt(block.Id, length, 0, "Late. ")));
            Assert.EndsWith("HubException: locked: The statement is locked: it takes no changes now.", locked.Message, StringComparison.Ordinal);
        }
        finally
        {
            await a.SetLockedAsync(stored.Id, false);
        }

        // Each came back from the steward, not from node B's own engine.
        Assert.Equal(forwarded + 3, StewardsOf(nodes.B).Forwarded);
        Assert.Equal(revision, (await StoredStatement.LoadAsync(nodes.A, stored.Id)).Revision);
    }

    [Fact]
    public async Task A_node_that_stops_gives_up_its_statements_and_another_node_takes_them_over()
    {
        var stored = await StoredStatement.OfClusterAsync(nodes.A, 1);
        var redis = (await TwoNodes.LinkOf(nodes.A).Connection).GetDatabase();
        var key = TwoNodes.LinkOf(nodes.A).Key($"steward:{stored.Id}");
        await redis.KeyDeleteAsync(key); // whoever held it from another test
        StewardsOf(nodes.A).Forget(stored.Id);
        StewardsOf(nodes.B).Forget(stored.Id);

        var third = new AppFactory(
            demo: true,
            settings: new Dictionary<string, string> { ["Redis:Configuration"] = nodes.Redis.Configuration, ["Redis:CatchUpEvery"] = "00:00:01" },
            sameDatabaseAs: nodes.A);
        int revision;
        try
        {
            _ = third.Server;
            var start = (await EngineOf(third).SnapshotAsync(stored.Id))!;
            var block = start.Blocks[1];
            var onThird = await EngineOf(third).SubmitAsync(
                stored.Id, "author-c", "before-stop", start.Revision, new TextEdit(block.Id, TextOperation.InsertAt(block.Text.Length, 0, "[c]")));
            revision = onThird.Revision;
            Assert.Equal(TwoNodes.LinkOf(third).NodeId, (string?)await redis.StringGetAsync(key));
        }
        finally
        {
            await third.DisposeAsync();
        }

        // Stopped gracefully, it gave the statement up at once: node B takes it and sequences there.
        Assert.False(await redis.KeyExistsAsync(key));
        // (Made against the revision the stopped node acknowledged, which node B may not have followed yet.)
        var paragraph = (await StoredStatement.LoadAsync(nodes.A, stored.Id)).Blocks[1];
        var onB = await EngineOf(nodes.B).SubmitAsync(
            stored.Id, "author-b", "after-stop", revision, new TextEdit(Domain.Statements.BlockId.Parse(paragraph.Id), TextOperation.InsertAt(paragraph.Text.Length, 0, "[b]")));
        Assert.Equal(("applied", revision + 1), (onB.Status, onB.Revision));
        Assert.Equal(TwoNodes.LinkOf(nodes.B).NodeId, (string?)await redis.StringGetAsync(key));
        Assert.Contains(stored.Id, StewardsOf(nodes.B).Held);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;
}

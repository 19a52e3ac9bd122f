using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Features.Nominations;

namespace StatementDrafting.Web.Tests.Features.Drafting.ScaleOut;

/// <summary>
/// Two app nodes sharing one database and one Redis (ADR 0017): a change made through node A reaches hub clients and
/// circuits on node B in order, node B builds on it, locks and amendment, poll and slate news cross too, and with Redis
/// stopped changes still cross (late, through the catch-up from storage), hub clients still connect, and once Redis is
/// back signals flow again.
/// </summary>
public sealed class ScaleOutTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    private const string Typist = People.Organiser;
    private const string Viewer = "observer@example.org";

    [Fact]
    public async Task A_change_typed_on_node_A_reaches_hub_clients_and_circuits_on_node_B_in_order_and_node_B_builds_on_it()
    {
        var stored = await StoredStatement.OfClusterAsync(nodes.A, 1);
        var (circuit, subscription, _) = await TwoNodes.FollowAsync(nodes.B, stored.Id);
        using var _ = subscription;
        await using var viewer = await HubClient.ConnectAsync(nodes.B, Viewer);
        await viewer.JoinAsync(stored.Id);
        await using var typist = await HubClient.ConnectAsync(nodes.A, Typist);
        var revision = (await typist.JoinAsync(stored.Id)).GetProperty("revision").GetInt32();
        var block = stored.Blocks[1];

        var length = block.Text.Length;
        for (var i = 0; i < 5; i++)
        {
            var text = $"[a{i}]";
            var ack = await typist.SubmitAsync(stored.Id, DraftingHubTests.NewChangeId(), revision + i, DraftingHubTests.InsertAt(block.Id, length, 0, text));
            Assert.Equal(revision + i + 1, ack.GetProperty("revision").GetInt32());
            length += text.Length;
        }

        var expected = Enumerable.Range(revision + 1, 5).ToList();
        await viewer.WaitForRevisionAsync(revision + 5);
        Assert.Equal(expected, viewer.ChangedRevisions.Where(r => r > revision));
        await Eventually.Until(() => circuit.Revisions.Contains(revision + 5), "node B's circuit to hear the fifth change");
        Assert.Equal(expected, circuit.Revisions.Where(r => r > revision));
        Assert.All(circuit.Events.OfType<StatementChanged>(), c => Assert.True(c.Relayed));

        // Node B's engine knows the new revision: a co-host there builds on it, and node A's clients hear of it.
        await using var second = await HubClient.ConnectAsync(nodes.B, Typist);
        var joined = await second.JoinAsync(stored.Id);
        Assert.Equal(revision + 5, joined.GetProperty("revision").GetInt32());
        var onB = await second.SubmitAsync(stored.Id, DraftingHubTests.NewChangeId(), revision + 5, DraftingHubTests.InsertAt(block.Id, length, 0, "[b]"));
        Assert.Equal("applied", onB.GetProperty("status").GetString());
        Assert.Equal(revision + 6, onB.GetProperty("revision").GetInt32());
        await typist.WaitForRevisionAsync(revision + 6);
        await viewer.WaitForRevisionAsync(revision + 6);
        Assert.Equal([.. expected, revision + 6], typist.ChangedRevisions.Where(r => r > revision));

        var after = await StoredStatement.LoadAsync(nodes.A, stored.Id);
        Assert.Equal(revision + 6, after.Revision);
        Assert.StartsWith("[b][a4][a3][a2][a1][a0]", after.TextOf(block.Id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_submitted_on_node_B_against_a_revision_it_has_not_heard_of_is_transformed_and_stored_once()
    {
        var stored = await StoredStatement.OfClusterAsync(nodes.A, 4);
        await using var onA = await HubClient.ConnectAsync(nodes.A, Typist);
        await using var onB = await HubClient.ConnectAsync(nodes.B, Typist);
        var revision = (await onA.JoinAsync(stored.Id)).GetProperty("revision").GetInt32();
        Assert.Equal(revision, (await onB.JoinAsync(stored.Id)).GetProperty("revision").GetInt32());
        var block = stored.Blocks[1];

        // Both type at once from the same revision: whichever node stores second reloads and transforms.
        var first = onA.SubmitAsync(stored.Id, DraftingHubTests.NewChangeId(), revision, DraftingHubTests.InsertAt(block.Id, block.Text.Length, 0, "<A>"));
        var second = onB.SubmitAsync(stored.Id, DraftingHubTests.NewChangeId(), revision, DraftingHubTests.InsertAt(block.Id, block.Text.Length, 0, "<B>"));
        var revisions = (await Task.WhenAll(first, second)).Select(a => a.GetProperty("revision").GetInt32()).Order().ToList();

        Assert.Equal([revision + 1, revision + 2], revisions);
        var after = await StoredStatement.LoadAsync(nodes.A, stored.Id);
        Assert.Equal(revision + 2, after.Revision);
        Assert.Contains("<A>", after.TextOf(block.Id), StringComparison.Ordinal);
        Assert.Contains("<B>", after.TextOf(block.Id), StringComparison.Ordinal);
        await onA.WaitForRevisionAsync(revision + 2);
        await onB.WaitForRevisionAsync(revision + 2);
    }

    /// <summary>
    /// Node B holds the statement in memory; what node A stores, node B applies to it as it announces it, rather than
    /// loading the statement again, and transforms its own clients' older changes over it from memory.
    /// </summary>
    [Fact]
    public async Task Node_B_follows_what_node_A_stores_in_memory_and_transforms_its_own_changes_over_it()
    {
        var stored = await StoredStatement.OfClusterAsync(nodes.A, 4);
        var (a, b) = (nodes.A.Services.GetRequiredService<DraftingEngine>(), nodes.B.Services.GetRequiredService<DraftingEngine>());
        var start = (await b.SnapshotAsync(stored.Id))!;
        var block = start.Blocks[1];
        EditOp Insert(int length, int at, string text) => new TextEdit(block.Id, TextOperation.InsertAt(length, at, text));
        for (var i = 0; i < 3; i++)
        {
            var typed = await a.SubmitAsync(stored.Id, "author-a", $"follow-a{i}", start.Revision + i, Insert(block.Text.Length + (4 * i), 0, $"[a{i}]"));
            Assert.Equal(start.Revision + i + 1, typed.Revision);
        }

        await Eventually.Until(() => b.ShownOf(stored.Id)?.Revision == start.Revision + 3, "node B to hear of node A's three changes");
        Assert.True(b.IsLoaded(stored.Id), "node B should follow in memory, not drop the statement to load it again");
        // Sequenced on node B itself (not forwarded to node A, the statement's steward), as after a fallback.
        var onB = await b.SubmitHereAsync(stored.Id, "author-b", "follow-b", start.Revision, Insert(block.Text.Length, block.Text.Length, "[b]"));

        Assert.Equal(("applied", start.Revision + 4), (onB.Status, onB.Revision));
        var expected = "[a2][a1][a0]" + block.Text + "[b]";
        Assert.Equal(expected, (await StoredStatement.LoadAsync(nodes.A, stored.Id)).TextOf(block.Id.Value));
        Assert.Equal(expected, (await b.SnapshotAsync(stored.Id))!.Blocks.Single(x => x.Id == block.Id).Text);
    }

    [Fact]
    public async Task A_lock_on_node_A_reaches_node_B_whose_engine_then_refuses_changes()
    {
        var stored = await StoredStatement.OfClusterAsync(nodes.A, 3);
        var (circuit, subscription, _) = await TwoNodes.FollowAsync(nodes.B, stored.Id);
        using var _ = subscription;
        await using var organiser = await HubClient.ConnectAsync(nodes.A, Typist);
        await using var onB = await HubClient.ConnectAsync(nodes.B, Typist);
        await organiser.JoinAsync(stored.Id);
        var revision = (await onB.JoinAsync(stored.Id)).GetProperty("revision").GetInt32();

        await organiser.Connection.InvokeAsync("Lock", stored.Id);
        try
        {
            await onB.WaitForAsync("LockChanged", l => l.GetProperty("locked").GetBoolean());
            await Eventually.Until(() => circuit.Events.OfType<StatementLockChanged>().Any(l => l.Locked), "node B's circuit to hear of the lock");

            var refused = await Assert.ThrowsAsync<HubException>(() =>
                onB.SubmitAsync(stored.Id, DraftingHubTests.NewChangeId(), revision, DraftingHubTests.Insert(stored.Blocks[1], 0, "Late. ")));
            Assert.StartsWith("locked", refused.Message.Split(": ", 2)[^1], StringComparison.Ordinal);
        }
        finally
        {
            await organiser.Connection.InvokeAsync("Unlock", stored.Id);
        }

        await Eventually.Until(() => circuit.Events.OfType<StatementLockChanged>().Any(l => !l.Locked), "node B's circuit to hear of the unlock");
        Assert.Equal(revision, (await StoredStatement.LoadAsync(nodes.A, stored.Id)).Revision);
    }

    [Fact]
    public async Task Amendment_poll_and_slate_news_cross_as_ids_and_are_not_sent_back()
    {
        var stored = await StoredStatement.OfClusterAsync(nodes.A, 2);
        var consultation = await nodes.A.ConsultationIdAsync();
        var (circuit, subscription, _) = await TwoNodes.FollowAsync(nodes.B, stored.Id);
        using var _ = subscription;
        var (onA, fromA, _) = await TwoNodes.FollowAsync(nodes.A, stored.Id);
        using var __ = fromA;
        var slateHeard = 0;
        using var slate = nodes.B.Services.GetRequiredService<ISlateBus>().Subscribe(consultation, () =>
        {
            Interlocked.Increment(ref slateHeard);
            return Task.CompletedTask;
        });

        var busOfA = nodes.A.Services.GetRequiredService<IStatementBus>();
        busOfA.Publish(new AmendmentsChanged(stored.Id, [7, 9]));
        busOfA.Publish(new PollChanged(stored.Id, 42));
        nodes.A.Services.GetRequiredService<ISlateBus>().Publish(consultation);

        await Eventually.Until(() => circuit.Events.OfType<AmendmentsChanged>().Any(a => a.Numbers.SequenceEqual([7, 9]) && a.StatusChanged && a.Relayed), "the amendments' news on node B");
        await Eventually.Until(() => circuit.Events.OfType<PollChanged>().Any(p => p.PollId == 42 && p.Relayed), "the poll's news on node B");
        await Eventually.Until(() => Volatile.Read(ref slateHeard) > 0, "the slate's news on node B");

        // Node A heard its own news once, never relayed back to it.
        Assert.Single(onA.Events.OfType<AmendmentsChanged>());
        Assert.DoesNotContain(onA.Events, e => e.Relayed);
    }

    [Fact]
    public async Task With_Redis_stopped_changes_still_reach_node_B_from_storage_and_once_Redis_is_back_signals_flow_again()
    {
        var stored = await StoredStatement.OfClusterAsync(nodes.A, 1);
        var (circuit, subscription, _) = await TwoNodes.FollowAsync(nodes.B, stored.Id);
        using var _ = subscription;
        await using var viewer = await HubClient.ConnectAsync(nodes.B, Viewer);
        await viewer.JoinAsync(stored.Id);
        await using var typist = await HubClient.ConnectAsync(nodes.A, Typist);
        var revision = (await typist.JoinAsync(stored.Id)).GetProperty("revision").GetInt32();
        var block = (await StoredStatement.LoadAsync(nodes.A, stored.Id)).Blocks[2];

        await nodes.Redis.StopAsync();
        try
        {
            await Eventually.Until(() => !TwoNodes.LinkOf(nodes.A).IsConnected && !TwoNodes.LinkOf(nodes.B).IsConnected, "both nodes to notice Redis is gone");

            var ack = await typist.SubmitAsync(stored.Id, DraftingHubTests.NewChangeId(), revision, DraftingHubTests.InsertAt(block.Id, block.Text.Length, 0, "Offline. "));
            Assert.Equal(revision + 1, ack.GetProperty("revision").GetInt32());

            // The catch-up from storage carries it: to the hub client and to the circuit on node B.
            await viewer.WaitForRevisionAsync(revision + 1);
            await Eventually.Until(() => circuit.Revisions.Contains(revision + 1), "node B's circuit to hear the change made while Redis was down");
            await typist.WaitForRevisionAsync(revision + 1);

            // A hub client (re)connecting to node B meanwhile is served, and starts from what is stored.
            await using var late = await HubClient.ConnectAsync(nodes.B, Viewer);
            Assert.Equal(revision + 1, (await late.JoinAsync(stored.Id)).GetProperty("revision").GetInt32());
        }
        finally
        {
            await nodes.Redis.StartAsync();
        }

        await Eventually.Until(() => TwoNodes.LinkOf(nodes.A).IsConnected && TwoNodes.LinkOf(nodes.B).IsConnected, "both nodes to reconnect to Redis");
        await Eventually.Until(() => circuit.Events.OfType<StatementFellBehind>().Any(f => f.Relayed), "node B's listeners to be told they may have missed news");

        // Signals flow again: node B hears node A's next change by a signal (not only by the catch-up).
        var follower = TwoNodes.FollowerOf(nodes.B);
        var heard = follower.SignalsHeard;
        var next = await typist.SubmitAsync(stored.Id, DraftingHubTests.NewChangeId(), revision + 1, DraftingHubTests.InsertAt(block.Id, block.Text.Length + "Offline. ".Length, 0, "Online. "));
        Assert.Equal(revision + 2, next.GetProperty("revision").GetInt32());
        await viewer.WaitForRevisionAsync(revision + 2);
        await Eventually.Until(() => circuit.Revisions.Contains(revision + 2), "node B's circuit to hear the change made after Redis returned");
        await Eventually.Until(() => follower.SignalsHeard > heard, "node B to hear a signal from node A again");
        Assert.Equal([revision + 1, revision + 2], circuit.Revisions.Where(r => r > revision));
    }
}

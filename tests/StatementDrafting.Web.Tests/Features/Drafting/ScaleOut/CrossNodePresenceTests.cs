using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.ScaleOut;

namespace StatementDrafting.Web.Tests.Features.Drafting.ScaleOut;

/// <summary>
/// Presence across two app nodes sharing one Redis (ADR 0017): people on either node see each other and each other's
/// block moves (hub clients and circuits); what the nodes tell each other holds public names and blocks only; a node
/// that falls silent has its people dropped by the others once they expire (and listed again when it speaks); a node
/// that stops gracefully says it left; messages that are not ours are ignored.
/// </summary>
public sealed class CrossNodePresenceTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    private const string CoHost = "cohost1@example.org";
    private const string Participant = "participant1@example.org";
    private const string Observer = "observer@example.org";

    [Fact]
    public async Task Hub_clients_on_two_nodes_see_each_other_and_each_other_s_block_moves_and_circuits_hear_of_it()
    {
        var stored = await StoredStatement.OfClusterAsync(nodes.A, 1);
        var (circuit, subscription, _) = await TwoNodes.FollowAsync(nodes.A, stored.Id);
        using var _ = subscription;
        await using var onA = await HubClient.ConnectAsync(nodes.A, CoHost);
        await using var onB = await HubClient.ConnectAsync(nodes.B, Participant);
        await onA.JoinAsync(stored.Id);
        await onB.JoinAsync(stored.Id);

        await onA.Connection.InvokeAsync("Presence", stored.Id, stored.Blocks[0].Id);
        await onB.Connection.InvokeAsync("Presence", stored.Id, stored.Blocks[2].Id);

        // Each sees the other, in the block they are in.
        var seenOnA = await onA.WaitForAsync("PresenceChanged", m => Blocks(m).Contains(stored.Blocks[2].Id));
        var participant = Entries(seenOnA).Single(e => e.Block == stored.Blocks[2].Id);
        Assert.StartsWith("Participant ", participant.Name, StringComparison.Ordinal);
        var seenOnB = await onB.WaitForAsync("PresenceChanged", m => Blocks(m).Contains(stored.Blocks[0].Id));
        var coHost = Entries(seenOnB).Single(e => e.Block == stored.Blocks[0].Id);
        await onA.WaitForAsync("PresenceChanged", m => Entries(m).Contains(participant) && Entries(m).Contains(coHost));

        // A block move on node B reaches node A: the hub client, the tracker circuits read, and the bus they hear.
        var moved = participant with { Block = stored.Blocks[3].Id };
        await onB.Connection.InvokeAsync("Presence", stored.Id, moved.Block);
        await onA.WaitForAsync("PresenceChanged", m => Entries(m).Contains(moved) && !Entries(m).Contains(participant));
        var trackerOfA = nodes.A.Services.GetRequiredService<PresenceTracker>();
        Assert.Contains(moved, trackerOfA.In(stored.Id));
        Assert.Contains(moved, trackerOfA.InExcept(stored.Id, "circuit:none"));
        await Eventually.Until(
            () => circuit.Events.OfType<StatementPresenceChanged>().Any(p => p.Relayed && p.Presence.Contains(moved)),
            "node A's circuit to hear of the move on node B");

        // And someone joining on node A now is given both in the snapshot.
        await using var late = await HubClient.ConnectAsync(nodes.A, Observer);
        var snapshot = await late.JoinAsync(stored.Id);
        Assert.Contains(moved, Entries(snapshot));
        Assert.Contains(coHost, Entries(snapshot));

        // Leaving on node B takes the participant off node A's list.
        var before = onA.Received("PresenceChanged").Count();
        await onB.Connection.InvokeAsync("Leave", stored.Id);
        await NextPresenceAsync(onA, before, m => !Entries(m).Any(e => e.Name == participant.Name) && Entries(m).Contains(coHost), "node A's hub client to see the participant leave");
    }

    [Fact]
    public async Task What_the_nodes_tell_each_other_is_public_names_and_blocks_only()
    {
        var stored = await StoredStatement.OfClusterAsync(nodes.A, 2);
        var raw = new ConcurrentQueue<string>();
        var subscriber = (await TwoNodes.LinkOf(nodes.A).Connection).GetSubscriber();
        Action<RedisChannel, RedisValue> listen = (_, value) => raw.Enqueue(value.ToString());
        await subscriber.SubscribeAsync(RedisLink.Presence, listen);
        try
        {
            await using var onA = await HubClient.ConnectAsync(nodes.A, Observer);
            await using var onB = await HubClient.ConnectAsync(nodes.B, Participant);
            await onA.JoinAsync(stored.Id);
            await onB.JoinAsync(stored.Id);
            await onB.Connection.InvokeAsync("Presence", stored.Id, stored.Blocks[1].Id);
            var seen = await onA.WaitForAsync("PresenceChanged", m => Blocks(m).Contains(stored.Blocks[1].Id));
            var name = Entries(seen).Single(e => e.Block == stored.Blocks[1].Id).Name;
            await Eventually.Until(() => raw.Any(m => m.Contains(name, StringComparison.Ordinal)), "node B's announcement on the presence channel");

            var nodeB = TwoNodes.LinkOf(nodes.B).NodeId;
            var fromB = raw.Where(m => m.Contains(nodeB, StringComparison.Ordinal)).ToList();
            var (realName, organisation) = await nodes.A.QueryAsync(async db =>
            {
                var user = await db.Users.SingleAsync(u => u.Email == Participant);
                var registration = await db.Registrations.SingleAsync(r => r.Email == Participant);
                return (user.DisplayName, registration.Organisation);
            });
            foreach (var message in fromB)
            {
                Assert.DoesNotContain(realName, message, StringComparison.Ordinal);
                Assert.DoesNotContain(organisation, message, StringComparison.Ordinal);
                Assert.DoesNotContain("@example.org", message, StringComparison.OrdinalIgnoreCase);
                foreach (var block in stored.Blocks.Where(b => b.Text.Length >= 12))
                {
                    Assert.DoesNotContain(block.Text, message, StringComparison.Ordinal);
                }

                // Nothing but the node, a sequence number, the statement and [name, block] pairs.
                using var json = JsonDocument.Parse(message);
                Assert.Equal(["node", "sequence", "statement", "people"], json.RootElement.EnumerateObject().Select(p => p.Name));
                Assert.All(json.RootElement.GetProperty("people").EnumerateArray(), p => Assert.InRange(p.GetArrayLength(), 1, 2));
            }

            Assert.Contains(fromB, m => m.Contains($"[\"{name}\",\"{stored.Blocks[1].Id}\"]", StringComparison.Ordinal));
        }
        finally
        {
            await subscriber.UnsubscribeAsync(RedisLink.Presence, listen);
        }
    }

    [Fact]
    public async Task Messages_on_the_presence_channel_that_are_not_ours_are_ignored_and_presence_goes_on()
    {
        var stored = await StoredStatement.OfClusterAsync(nodes.A, 3);
        var presenceOfA = nodes.A.Services.GetRequiredService<CrossNodePresence>();
        var ignored = presenceOfA.Ignored;
        var subscriber = (await TwoNodes.LinkOf(nodes.B).Connection).GetSubscriber();

        string[] garbage =
        [
            "not json",
            "{\"node\":\"x\",\"sequence\":1,\"statement\":" + stored.Id + ",\"people\":[[42]]}",
            "{\"node\":\"x\",\"sequence\":1,\"statement\":" + stored.Id + ",\"people\":[[\"" + new string('n', 10_000) + "\",null]]}",
            "{\"node\":\"x\",\"sequence\":1,\"statement\":-3,\"people\":[]}",
        ];
        foreach (var message in garbage)
        {
            await subscriber.PublishAsync(RedisLink.Presence, message);
        }

        await Eventually.Until(() => presenceOfA.Ignored >= ignored + garbage.Length, "node A to have ignored every message that was not ours");
        Assert.DoesNotContain(nodes.A.Services.GetRequiredService<PresenceTracker>().In(stored.Id), e => e.Name.StartsWith('n'));

        await using var onA = await HubClient.ConnectAsync(nodes.A, Observer);
        await using var onB = await HubClient.ConnectAsync(nodes.B, Participant);
        await onA.JoinAsync(stored.Id);
        await onB.JoinAsync(stored.Id);
        await onB.Connection.InvokeAsync("Presence", stored.Id, stored.Blocks[1].Id);
        await onA.WaitForAsync("PresenceChanged", m => Blocks(m).Contains(stored.Blocks[1].Id));
    }

    [Fact]
    public async Task A_node_that_falls_silent_has_its_people_dropped_by_the_other_once_they_expire_and_listed_again_when_it_speaks()
    {
        var stored = await StoredStatement.OfClusterAsync(nodes.A, 4);
        var presenceOfB = nodes.B.Services.GetRequiredService<CrossNodePresence>();
        var trackerOfA = nodes.A.Services.GetRequiredService<PresenceTracker>();
        await using var onA = await HubClient.ConnectAsync(nodes.A, Observer);
        await using var onB = await HubClient.ConnectAsync(nodes.B, Participant);
        await onA.JoinAsync(stored.Id);
        await onB.JoinAsync(stored.Id);
        await onB.Connection.InvokeAsync("Presence", stored.Id, stored.Blocks[1].Id);
        var seen = await onA.WaitForAsync("PresenceChanged", m => Blocks(m).Contains(stored.Blocks[1].Id));
        var entry = Entries(seen).Single(e => e.Block == stored.Blocks[1].Id);

        // Node B says nothing more, as if killed: its hub client is still there, but node A stops listing it.
        var before = onA.Received("PresenceChanged").Count();
        presenceOfB.Silent = true;
        try
        {
            await Eventually.Until(() => !trackerOfA.In(stored.Id).Contains(entry), "node A to drop node B's people after they expired");
            await NextPresenceAsync(onA, before, m => !Blocks(m).Contains(stored.Blocks[1].Id), "node A's hub client to be told node B's people went");
            Assert.Equal(HubConnectionState.Connected, onB.Connection.State);
            Assert.Contains(entry, nodes.B.Services.GetRequiredService<PresenceTracker>().In(stored.Id));
        }
        finally
        {
            presenceOfB.Silent = false;
        }

        // It speaks again (its next period repeats its people): node A lists them again.
        await Eventually.Until(() => trackerOfA.In(stored.Id).Contains(entry), "node A to list node B's people again");
    }

    [Fact]
    public async Task A_node_that_stops_gracefully_says_it_left_and_its_people_go_from_the_other_at_once()
    {
        // Two more nodes whose people would take minutes to expire: within the test's patience only a goodbye explains it.
        var slow = new Dictionary<string, string>
        {
            ["Redis:Configuration"] = nodes.Redis.Configuration,
            ["Redis:CatchUpEvery"] = "00:05:00",
        };
        await using var leaving = new AppFactory(demo: true, settings: slow, sameDatabaseAs: nodes.A);
        await using var staying = new AppFactory(demo: true, settings: slow, sameDatabaseAs: nodes.A);
        var stored = await StoredStatement.OfClusterAsync(nodes.A, 1);
        await using var onLeaving = await HubClient.ConnectAsync(leaving, Participant);
        await using var onStaying = await HubClient.ConnectAsync(staying, Observer);
        await onLeaving.JoinAsync(stored.Id);
        await onStaying.JoinAsync(stored.Id);
        await Eventually.Until(
            () => TwoNodes.LinkOf(leaving).IsConnected && leaving.Services.GetRequiredService<CrossNodePresence>().Listening
                && staying.Services.GetRequiredService<CrossNodePresence>().Listening,
            "both nodes to reach Redis and hear each other's presence");
        await onLeaving.Connection.InvokeAsync("Presence", stored.Id, stored.Blocks[1].Id);
        await onStaying.WaitForAsync("PresenceChanged", m => Blocks(m).Contains(stored.Blocks[1].Id));

        // The node's presence stops as the host stops it (its hub client is still connected, so nothing else leaves).
        var before = onStaying.Received("PresenceChanged").Count();
        await leaving.Services.GetRequiredService<CrossNodePresence>().StopAsync(CancellationToken.None);

        await NextPresenceAsync(onStaying, before, m => !Blocks(m).Contains(stored.Blocks[1].Id), "the staying node's hub client to be told the leaving node's people went");
        Assert.DoesNotContain(staying.Services.GetRequiredService<PresenceTracker>().In(stored.Id), e => e.Block == stored.Blocks[1].Id);
    }

    /// <summary>Waits for a presence message as expected among those that arrived after the first <paramref name="after"/>.</summary>
    private static Task NextPresenceAsync(HubClient client, int after, Func<JsonElement, bool> match, string what) =>
        Eventually.Until(() => client.Received("PresenceChanged").Skip(after).Any(match), what);

    private static IEnumerable<string?> Blocks(JsonElement message) => Entries(message).Select(e => e.Block);

    private static List<PresenceEntry> Entries(JsonElement message) =>
        [.. message.GetProperty("presence").EnumerateArray().Select(p => new PresenceEntry(p.GetProperty("name").GetString()!, p.GetProperty("block").GetString()))];
}

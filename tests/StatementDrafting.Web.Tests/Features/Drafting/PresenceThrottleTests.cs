using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.Callers;

namespace StatementDrafting.Web.Tests.Features.Drafting;

/// <summary>
/// Presence is throttled (a few messages a second per statement), and a throttle must always deliver the trailing
/// state: after any burst, the last <c>PresenceChanged</c> every other client receives is the true state.
/// </summary>
public sealed class PresenceThrottleTests(DemoApp world) : IClassFixture<DemoApp>
{
    private const string CoHost = "cohost1@example.org";
    private const string OtherCoHost = "organiser@example.org";

    private AppFactory App => world.App;

    [Fact]
    public async Task After_co_hosts_move_through_ten_blocks_in_about_a_second_everyone_else_ends_on_where_they_stopped()
    {
        var stored = await StoredStatement.OfClusterAsync(App, 1);
        Assert.True(stored.Blocks.Count >= 10, "the demo statement has ten blocks to move through");
        await using var mover = await HubClient.ConnectAsync(App, CoHost);
        await using var otherMover = await HubClient.ConnectAsync(App, OtherCoHost);
        await using var watcher = await HubClient.ConnectAsync(App, "participant1@example.org");
        await using var otherWatcher = await HubClient.ConnectAsync(App, "observer@example.org");
        foreach (var client in new[] { mover, otherMover, watcher, otherWatcher })
        {
            await client.JoinAsync(stored.Id);
        }

        // Two co-hosts move through ten blocks each, one step every ~100 ms, without waiting for answers (as a client
        // that throttles its own presence sends it), in opposite directions.
        var moves = new[] { (mover, Forward: true), (otherMover, Forward: false) }.Select(async m =>
        {
            for (var i = 0; i < 10; i++)
            {
                var block = stored.Blocks[m.Forward ? i : 9 - i].Id;
                await m.Item1.Connection.SendAsync("Presence", stored.Id, block);
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }

            // Answered after every call before it on this connection: the server has handled the whole burst.
            await m.Item1.Connection.InvokeAsync<JsonElement>("CatchUp", stored.Id, 0);
        });
        await Task.WhenAll(moves);

        var truth = App.Services.GetRequiredService<PresenceTracker>().In(stored.Id);
        Assert.Contains(truth, p => p.Block == stored.Blocks[9].Id);
        Assert.Contains(truth, p => p.Block == stored.Blocks[0].Id);
        var expected = Show(truth);
        foreach (var client in new[] { watcher, otherWatcher, mover, otherMover })
        {
            await client.WaitUntilAsync(() => LastPresence(client) == expected, $"the last PresenceChanged shows {expected}; it showed {LastPresence(client)}");
        }
    }

    [Fact]
    public async Task Presence_calls_that_overlap_on_one_circuit_end_on_the_last_one_made_whichever_finished_last()
    {
        var stored = await StoredStatement.OfClusterAsync(App, 2);
        await using var watcher = await HubClient.ConnectAsync(App, "observer@example.org");
        await watcher.JoinAsync(stored.Id);
        await using var scope = App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().Set(await App.PrincipalAsync("cohost2@example.org"));
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var circuit = scope.ServiceProvider.GetRequiredService<CircuitPresence>();
        var tracker = App.Services.GetRequiredService<PresenceTracker>();

        for (var burst = 0; burst < 3; burst++)
        {
            // A browser's presence calls reach its circuit without waiting for each other (JS interop), so they overlap:
            // each looks up the caller's public name in the database, and the lookups finish in any order.
            var blocks = Enumerable.Range(0, 10).Select(i => stored.Blocks[(i + (3 * burst)) % 10].Id).ToList();
            await Task.WhenAll(blocks.Select(b => mediator.Send(new UpdatePresence(stored.Id, b, circuit.Key)).AsTask()));

            var last = blocks[^1];
            Assert.Contains(tracker.In(stored.Id), p => p.Block == last);
            var expected = Show(tracker.In(stored.Id));
            await watcher.WaitUntilAsync(() => LastPresence(watcher) == expected, $"burst {burst}: the last PresenceChanged shows {expected}; it showed {LastPresence(watcher)}");
        }
    }

    [Fact]
    public void A_circuit_keeps_the_place_of_its_last_presence_request_made_when_an_earlier_one_finishes_after_it()
    {
        var tracker = App.Services.GetRequiredService<PresenceTracker>();
        var circuit = new CircuitPresence(tracker);
        var earlier = new UpdatePresence(3, "k3m9q2w7x4ab", circuit.Key);
        var later = new UpdatePresence(3, "p2q3r4s5t6u7", circuit.Key);

        circuit.Set(3, "Co-host C3", later.BlockId, later.Arrival);
        circuit.Set(3, "Co-host C3", earlier.BlockId, earlier.Arrival);

        Assert.Contains(tracker.In(3), p => p.Name == "Co-host C3" && p.Block == later.BlockId);
        circuit.Close();
    }

    private static string LastPresence(HubClient client) =>
        client.Received("PresenceChanged").LastOrDefault() is { ValueKind: JsonValueKind.Object } last
            ? Show(last.GetProperty("presence").EnumerateArray().Select(p => new PresenceEntry(p.GetProperty("name").GetString()!, p.GetProperty("block").GetString())))
            : "nothing";

    private static string Show(IEnumerable<PresenceEntry> entries) =>
        string.Join(", ", entries.OrderBy(e => e.Name, StringComparer.Ordinal).Select(e => $"{e.Name} in {e.Block ?? "none"}"));
}

/// <summary>
/// The throttle's own guarantee, with the timing under the test's control: however the flushes of one statement
/// interleave (a flush held up while it publishes, a later one due meanwhile), the last list published is the true one.
/// </summary>
public sealed class PresenceFlushOrderTests
{
    private const int Statement = 5;

    [Fact]
    public async Task A_flush_held_up_while_publishing_never_publishes_its_older_list_after_a_later_flush()
    {
        var clock = new ManualClock();
        var bus = new HoldingBus();
        using var tracker = new PresenceTracker(bus, clock);

        tracker.Set(Statement, "hub:1", "Co-host A1", "k3m9q2w7x4ab");
        var first = Task.Run(() => clock.FireDue()); // this flush takes the list, then is held up publishing it
        Assert.True(bus.FirstHeld.Wait(HubClient.Patience), "the first flush reached the bus");

        tracker.Set(Statement, "hub:1", "Co-host A1", "p2q3r4s5t6u7"); // where the co-host really is now
        var second = Task.Run(() => clock.FireDue());

        // Either the second flush publishes at once, or it waits for the first; give it the chance to overtake.
        await Task.WhenAny(bus.SecondPublished.Task, Task.Delay(TimeSpan.FromMilliseconds(500)));
        bus.Release();
        await Task.WhenAll(first, second).WaitAsync(HubClient.Patience);

        Assert.Equal(2, bus.Published.Count);
        Assert.Equal(tracker.In(Statement), bus.Published[^1].Presence);
        Assert.Equal("p2q3r4s5t6u7", bus.Published[^1].Presence.Single().Block);
    }

    /// <summary>Timers that fire only when the test says so, on the test's thread of choice.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private readonly List<ManualTimer> _timers = [];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new ManualTimer(callback, state, dueTime);
            lock (_timers)
            {
                _timers.Add(timer);
            }

            return timer;
        }

        /// <summary>Fires every started timer that has not fired or been disposed.</summary>
        public void FireDue()
        {
            List<ManualTimer> due;
            lock (_timers)
            {
                due = [.. _timers.Where(t => t.Due)];
                due.ForEach(t => t.Due = false);
            }

            due.ForEach(t => t.Fire());
        }

        private sealed class ManualTimer(TimerCallback callback, object? state, TimeSpan dueTime) : ITimer
        {
            public bool Due { get; set; } = dueTime != Timeout.InfiniteTimeSpan;

            public void Fire() => callback(state);

            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                Due = dueTime != Timeout.InfiniteTimeSpan;
                return true;
            }

            public void Dispose() => Due = false;

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }

    /// <summary>Holds the first publication until released (a publisher descheduled or slow at the worst moment).</summary>
    private sealed class HoldingBus : IStatementBus
    {
        private readonly ManualResetEventSlim _release = new();
        private readonly List<StatementPresenceChanged> _published = [];
        private int _calls;

        public ManualResetEventSlim FirstHeld { get; } = new();

        public TaskCompletionSource SecondPublished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<StatementPresenceChanged> Published
        {
            get
            {
                lock (_published)
                {
                    return [.. _published];
                }
            }
        }

        public void Release() => _release.Set();

        public void Publish(StatementEvent statementEvent)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                FirstHeld.Set();
                _release.Wait(HubClient.Patience);
            }
            else
            {
                SecondPublished.TrySetResult();
            }

            lock (_published)
            {
                _published.Add((StatementPresenceChanged)statementEvent);
            }
        }

        public IDisposable Subscribe(int statementId, IStatementListener listener) => throw new NotSupportedException();

        public IDisposable SubscribeAll(IStatementListener listener) => throw new NotSupportedException();
    }
}

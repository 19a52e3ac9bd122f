using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using StatementDrafting.Web.Features.Drafting;

namespace StatementDrafting.Web.Tests.Features.Drafting;

/// <summary>
/// The statement bus's fan-out: every listener has its own bounded queue and pump, so a stuck listener never delays
/// the others; what piles up while a listener works arrives as one batch, in order; when a queue overflows the oldest
/// events are dropped and the listener is told it fell behind, before the newest ones.
/// </summary>
public sealed class StatementFeedTests : IDisposable
{
    private readonly StatementFeed _feed = new(NullLogger<StatementFeed>.Instance, capacity: 8);

    public void Dispose() => _feed.Dispose();

    [Fact]
    public async Task A_stuck_listener_delays_no_other_listener_of_the_statement_nor_of_any_other()
    {
        var stuck = new Listener(blocked: true);
        var sameStatement = new Listener();
        var everywhere = new Listener();
        using var s1 = _feed.Subscribe(1, stuck);
        using var s2 = _feed.Subscribe(1, sameStatement);
        using var s3 = _feed.SubscribeAll(everywhere);

        for (var i = 1; i <= 5; i++)
        {
            _feed.Publish(new StatementEchoed(1, $"one-{i}"));
            _feed.Publish(new StatementEchoed(2, $"two-{i}"));
        }

        await Eventually.Until(() => sameStatement.Payloads.Count == 5 && everywhere.Payloads.Count == 10, "the others to hear everything");
        Assert.Equal(["one-1", "one-2", "one-3", "one-4", "one-5"], sameStatement.Payloads);
        Assert.Equal(["one-1", "one-2", "one-3", "one-4", "one-5"], everywhere.Payloads.Where(p => p.StartsWith("one", StringComparison.Ordinal)));
        Assert.Equal(["two-1", "two-2", "two-3", "two-4", "two-5"], everywhere.Payloads.Where(p => p.StartsWith("two", StringComparison.Ordinal)));
        Assert.Single(stuck.Batches); // still on its first batch

        stuck.Release();
        await Eventually.Until(() => stuck.Payloads.Count == 5, "the stuck listener to catch up once released");
        Assert.Equal(["one-1", "one-2", "one-3", "one-4", "one-5"], stuck.Payloads);
    }

    [Fact]
    public async Task What_arrives_while_a_listener_works_is_delivered_as_one_batch_in_order()
    {
        var listener = new Listener(blocked: true);
        using var subscription = _feed.Subscribe(1, listener);
        _feed.Publish(new StatementEchoed(1, "first"));
        await Eventually.Until(() => listener.Batches.Count == 1, "the first batch to be taken");
        for (var i = 1; i <= 5; i++)
        {
            _feed.Publish(new StatementEchoed(1, $"next-{i}"));
        }

        listener.Release();
        await Eventually.Until(() => listener.Payloads.Count == 6, "the rest to arrive");
        Assert.Equal(2, listener.Batches.Count);
        Assert.Equal(["next-1", "next-2", "next-3", "next-4", "next-5"], listener.Batches[1].OfType<StatementEchoed>().Select(e => e.Payload));
    }

    [Fact]
    public async Task A_listener_whose_queue_overflows_is_told_it_fell_behind_then_gets_the_newest_events()
    {
        var listener = new Listener(blocked: true);
        using var subscription = _feed.Subscribe(1, listener);
        _feed.Publish(new StatementEchoed(1, "taken"));
        await Eventually.Until(() => listener.Batches.Count == 1, "the first batch to be taken");

        // Capacity 8: of these 20, the oldest 12 are dropped.
        for (var i = 1; i <= 20; i++)
        {
            _feed.Publish(new StatementEchoed(1, $"e{i}"));
        }

        listener.Release();
        await Eventually.Until(() => listener.Batches.Count == 2, "the second batch");
        var second = listener.Batches[1];
        Assert.IsType<StatementFellBehind>(second[0]);
        Assert.Equal(Enumerable.Range(13, 8).Select(i => $"e{i}"), second.Skip(1).OfType<StatementEchoed>().Select(e => e.Payload));

        // Once it has caught up, it is not told again.
        _feed.Publish(new StatementEchoed(1, "after"));
        await Eventually.Until(() => listener.Batches.Count == 3, "the third batch");
        Assert.Equal("after", Assert.IsType<StatementEchoed>(Assert.Single(listener.Batches[2])).Payload);
    }

    [Fact]
    public async Task A_failing_listener_keeps_its_subscription_and_hurts_no_one_else()
    {
        var failing = new Listener(failEvery: true);
        var other = new Listener();
        using var s1 = _feed.Subscribe(1, failing);
        using var s2 = _feed.Subscribe(1, other);
        _feed.Publish(new StatementEchoed(1, "a"));
        _feed.Publish(new StatementEchoed(1, "b"));
        await Eventually.Until(() => other.Payloads.Count == 2 && failing.Payloads.Count == 2, "both to hear both");
    }

    [Fact]
    public async Task A_disposed_subscription_hears_nothing_more()
    {
        var listener = new Listener();
        var subscription = _feed.Subscribe(1, listener);
        _feed.Publish(new StatementEchoed(1, "before"));
        await Eventually.Until(() => listener.Payloads.Count == 1, "the first event");
        subscription.Dispose();

        var witness = new Listener();
        using var other = _feed.Subscribe(1, witness);
        _feed.Publish(new StatementEchoed(1, "after"));
        await Eventually.Until(() => witness.Payloads.Count == 1, "the witness to hear the second event");
        Assert.Equal(["before"], listener.Payloads);
    }

    private sealed class Listener(bool blocked = false, bool failEvery = false) : IStatementListener
    {
        private readonly TaskCompletionSource _gate = NewGate(blocked);

        public ConcurrentQueue<string> PayloadQueue { get; } = new();

        public List<string> Payloads => [.. PayloadQueue];

        public List<IReadOnlyList<StatementEvent>> Batches => [.. BatchQueue];

        private ConcurrentQueue<IReadOnlyList<StatementEvent>> BatchQueue { get; } = new();

        public void Release() => _gate.TrySetResult();

        public async ValueTask OnEventsAsync(IReadOnlyList<StatementEvent> events)
        {
            BatchQueue.Enqueue(events);
            foreach (var echoed in events.OfType<StatementEchoed>())
            {
                PayloadQueue.Enqueue(echoed.Payload);
            }

            await _gate.Task;
            if (failEvery)
            {
                throw new InvalidOperationException("this listener always fails");
            }
        }

        private static TaskCompletionSource NewGate(bool blocked)
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!blocked)
            {
                gate.SetResult();
            }

            return gate;
        }
    }
}

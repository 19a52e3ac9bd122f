using System.Collections.Concurrent;
using System.Threading.Channels;
using StatementDrafting.Domain.Editing;

namespace StatementDrafting.Web.Features.Drafting;

/// <summary>Something that happened to a statement that its live viewers must hear about, in order.</summary>
public abstract record StatementEvent(int StatementId)
{
    /// <summary>
    /// Happened on another app node (heard by a cross-node signal or found in storage) and is passed on to this node's
    /// listeners only: it is not signalled again, and work its own node did already (the amendment follower) is not
    /// done twice (ADR 0017).
    /// </summary>
    public bool Relayed { get; init; }
}

/// <summary>A revision was stored: the operations as applied, typed (the wire's JSON is made once, when first asked).</summary>
public sealed record StatementChanged(int StatementId, int Revision, string ChangeId, IReadOnlyList<EditOp> Ops, string? Label = null)
    : StatementEvent(StatementId)
{
    private string? _opsJson;
    private string? _wireJson;

    /// <summary>The operations in the protocol's JSON, serialised once for every listener that sends them on.</summary>
    public string OpsJson => _opsJson ??= EditOpJson.Serialize(Ops);

    /// <summary>The whole <c>Changed</c> message in the protocol's JSON, serialised once for every editor it goes to.</summary>
    public string WireJson => _wireJson ??= System.Text.Json.JsonSerializer.Serialize(ChangedView.Of(this), Json.Options);

    /// <summary>Every block the change names: the block of each operation, and the block a join takes in.</summary>
    public IEnumerable<string> Blocks => Ops.SelectMany(o => o is JoinBlocks join ? new[] { join.Block.Value, join.Next.Value } : [o.Block.Value]);
}

/// <summary>
/// Amendments of the statement were proposed, changed, supported or decided (their numbers). <see cref="StatusChanged"/>
/// is false when they only followed the text (merged onto it), so the counts of open amendments are unchanged.
/// </summary>
public sealed record AmendmentsChanged(int StatementId, IReadOnlyList<int> Numbers, bool StatusChanged = true) : StatementEvent(StatementId);

public sealed record StatementLockChanged(int StatementId, bool Locked) : StatementEvent(StatementId);

/// <summary>A poll on the statement opened, closed, or its shown counts moved; listeners read what they may see.</summary>
public sealed record PollChanged(int StatementId, int PollId) : StatementEvent(StatementId);

/// <summary>Who is in the statement and in which block, by public (pseudonymous) name.</summary>
public sealed record StatementPresenceChanged(int StatementId, IReadOnlyList<PresenceEntry> Presence) : StatementEvent(StatementId);

/// <summary>A bare broadcast that stores nothing (the benchmark's floor).</summary>
public sealed record StatementEchoed(int StatementId, string Payload) : StatementEvent(StatementId);

/// <summary>
/// Delivered when this listener's queue overflowed and events before the ones that follow were dropped, and published
/// (<see cref="StatementEvent.Relayed"/>) when the link between app nodes came back, since news may have been lost
/// meanwhile. The listener catches up from storage (the change log, amendments, polls), then goes on with what follows.
/// </summary>
public sealed record StatementFellBehind(int StatementId) : StatementEvent(StatementId);

public sealed record PresenceEntry(string Name, string? Block);

/// <summary>
/// Receives one statement's events in the order they were published, in batches: whatever arrived while the last batch
/// was being handled (so a viewer renders a burst of changes once). Calls never overlap for one subscription.
/// </summary>
public interface IStatementListener
{
    ValueTask OnEventsAsync(IReadOnlyList<StatementEvent> events);
}

/// <summary>
/// The statement bus: how stored changes, presence, locks and amendment news reach everyone who follows a statement.
/// In one process it is the <see cref="StatementFeed"/>; with Redis configured, <c>CrossNodeStatementBus</c> also tells
/// the other app nodes (ADR 0017).
/// </summary>
public interface IStatementBus
{
    /// <summary>Queues an event for every listener of its statement. Never waits for a listener.</summary>
    void Publish(StatementEvent statementEvent);

    IDisposable Subscribe(int statementId, IStatementListener listener);

    /// <summary>Listens to every statement, with one queue per statement (the hub's groups, the amendment follower).</summary>
    IDisposable SubscribeAll(IStatementListener listener);
}

/// <summary>
/// The in-process statement bus. Every subscription (a hub group, each Blazor circuit, the amendment follower, per
/// statement) has its own bounded queue and its own pump, so a slow or stuck listener only falls behind: when its queue
/// is full the oldest events are dropped and it is told it fell behind (<see cref="StatementFellBehind"/>), to catch up
/// from storage; nobody else waits for it. Publishing never blocks, and a listener that fails is logged and skipped,
/// never turning a stored change into a reported failure.
/// </summary>
public sealed partial class StatementFeed(ILogger<StatementFeed> logger, int capacity = StatementFeed.DefaultCapacity) : IStatementBus, IDisposable
{
    /// <summary>Events one listener may have waiting before the oldest are dropped (about a minute of fast typing).</summary>
    public const int DefaultCapacity = 1024;

    private readonly ConcurrentDictionary<int, Topic> _topics = new();
    private readonly ConcurrentDictionary<IStatementListener, byte> _everywhere = new();
    private readonly object _subscribing = new();

    public IDisposable SubscribeAll(IStatementListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (_subscribing)
        {
            _everywhere[listener] = 0;
            foreach (var topic in _topics.Values)
            {
                topic.Add(new Subscription(this, topic.StatementId, listener));
            }
        }

        return new Unsubscriber(() =>
        {
            lock (_subscribing)
            {
                _everywhere.TryRemove(listener, out _);
                foreach (var topic in _topics.Values)
                {
                    topic.Remove(listener);
                }
            }
        });
    }

    public IDisposable Subscribe(int statementId, IStatementListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        var topic = TopicOf(statementId);
        var subscription = new Subscription(this, statementId, listener);
        topic.Add(subscription);
        return new Unsubscriber(() => topic.Remove(subscription));
    }

    /// <summary>Queues an event. Call it in the order events happened (the engine does so from its one writer).</summary>
    public void Publish(StatementEvent statementEvent)
    {
        ArgumentNullException.ThrowIfNull(statementEvent);
        foreach (var subscription in TopicOf(statementEvent.StatementId).Subscriptions)
        {
            subscription.Offer(statementEvent);
        }
    }

    public void Dispose()
    {
        foreach (var topic in _topics.Values)
        {
            foreach (var subscription in topic.Subscriptions)
            {
                subscription.Close();
            }
        }
    }

    private Topic TopicOf(int statementId)
    {
        if (_topics.TryGetValue(statementId, out var existing))
        {
            return existing;
        }

        lock (_subscribing)
        {
            if (_topics.TryGetValue(statementId, out existing))
            {
                return existing;
            }

            var topic = new Topic(statementId);
            foreach (var listener in _everywhere.Keys)
            {
                topic.Add(new Subscription(this, statementId, listener));
            }

            _topics[statementId] = topic;
            return topic;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A listener failed on {EventKind} of statement {StatementId}.")]
    private static partial void LogListenerFailed(ILogger logger, Exception exception, string eventKind, int statementId);

    [LoggerMessage(Level = LogLevel.Information, Message = "A listener of statement {StatementId} fell behind; it catches up from storage.")]
    private static partial void LogFellBehind(ILogger logger, int statementId);

    /// <summary>One statement's subscriptions, replaced whole on change so that publishing reads them without a lock.</summary>
    private sealed class Topic(int statementId)
    {
        private readonly object _gate = new();

        public int StatementId { get; } = statementId;

        public IReadOnlyList<Subscription> Subscriptions { get; private set; } = [];

        public void Add(Subscription subscription)
        {
            lock (_gate)
            {
                Subscriptions = [.. Subscriptions, subscription];
            }
        }

        public void Remove(Subscription subscription)
        {
            lock (_gate)
            {
                Subscriptions = [.. Subscriptions.Where(s => s != subscription)];
            }

            subscription.Close();
        }

        public void Remove(IStatementListener listener)
        {
            List<Subscription> removed;
            lock (_gate)
            {
                removed = [.. Subscriptions.Where(s => s.Listener == listener)];
                Subscriptions = [.. Subscriptions.Except(removed)];
            }

            removed.ForEach(s => s.Close());
        }
    }

    /// <summary>One listener of one statement: its bounded queue and its pump.</summary>
    private sealed class Subscription
    {
        private readonly StatementFeed _feed;
        private readonly Channel<StatementEvent> _queue;
        private int _dropped;

        public Subscription(StatementFeed feed, int statementId, IStatementListener listener)
        {
            _feed = feed;
            StatementId = statementId;
            Listener = listener;
            _queue = Channel.CreateBounded<StatementEvent>(
                new BoundedChannelOptions(feed.Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
                _ => Interlocked.Exchange(ref _dropped, 1));
            _ = Task.Run(PumpAsync);
        }

        public int StatementId { get; }

        public IStatementListener Listener { get; }

        public void Offer(StatementEvent statementEvent) => _queue.Writer.TryWrite(statementEvent);

        public void Close() => _queue.Writer.TryComplete();

        private async Task PumpAsync()
        {
            var reader = _queue.Reader;
            var batch = new List<StatementEvent>();
            while (await reader.WaitToReadAsync())
            {
                batch.Clear();
                if (Interlocked.Exchange(ref _dropped, 0) == 1)
                {
                    LogFellBehind(_feed.Logger, StatementId);
                    batch.Add(new StatementFellBehind(StatementId));
                }

                while (batch.Count <= _feed.Capacity && reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                try
                {
                    await Listener.OnEventsAsync(batch.ToArray());
                }
#pragma warning disable CA1031 // One failing listener must not stop its pump, nor reach anyone else.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    LogListenerFailed(_feed.Logger, e, batch[^1].GetType().Name, StatementId);
                }
            }
        }
    }

    private int Capacity { get; } = capacity;

    private ILogger Logger { get; } = logger;

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}

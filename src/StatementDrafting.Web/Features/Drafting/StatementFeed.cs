using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;

namespace StatementDrafting.Web.Features.Drafting;

/// <summary>Something that happened to a statement that its live viewers must hear about, in order.</summary>
public abstract record StatementEvent(int StatementId);

/// <summary>A revision was stored. <see cref="Ops"/> is the change as applied, in the protocol's JSON form.</summary>
public sealed record StatementChanged(int StatementId, int Revision, string ChangeId, JsonElement Ops, string? Label = null) : StatementEvent(StatementId);

/// <summary>
/// Amendments of the statement were proposed, changed, supported or decided (their numbers). <see cref="StatusChanged"/>
/// is false when they only followed the text (merged onto it), so the counts of open amendments are unchanged.
/// </summary>
public sealed record AmendmentsChanged(int StatementId, IReadOnlyList<int> Numbers, bool StatusChanged = true) : StatementEvent(StatementId);

public sealed record StatementLockChanged(int StatementId, bool Locked) : StatementEvent(StatementId);

/// <summary>Who is in the statement and in which block, by public (pseudonymous) name.</summary>
public sealed record StatementPresenceChanged(int StatementId, IReadOnlyList<PresenceEntry> Presence) : StatementEvent(StatementId);

/// <summary>A bare broadcast that stores nothing (the benchmark's floor).</summary>
public sealed record StatementEchoed(int StatementId, string Payload) : StatementEvent(StatementId);

public sealed record PresenceEntry(string Name, string? Block);

/// <summary>Receives a statement's events in the order they were published.</summary>
public interface IStatementListener
{
    ValueTask OnEventAsync(StatementEvent statementEvent);
}

/// <summary>
/// The in-process fan-out of statement events: the hub's broadcaster and every Blazor circuit showing a statement
/// listen here (circuits never open a SignalR connection to their own server). Each statement has one ordered queue
/// and one pump, so listeners see revisions in order; publishing never waits for a listener, and a listener that
/// fails is logged and skipped, never turning a stored change into a reported failure.
/// </summary>
public sealed partial class StatementFeed(ILogger<StatementFeed> logger) : IDisposable
{
    private readonly ConcurrentDictionary<int, Topic> _topics = new();
    private readonly ConcurrentDictionary<IStatementListener, byte> _everywhere = new();

    /// <summary>Listens to every statement (the hub broadcaster).</summary>
    public IDisposable SubscribeAll(IStatementListener listener)
    {
        _everywhere[listener] = 0;
        return new Subscription(() => _everywhere.TryRemove(listener, out _));
    }

    public IDisposable Subscribe(int statementId, IStatementListener listener)
    {
        var topic = TopicOf(statementId);
        topic.Listeners[listener] = 0;
        return new Subscription(() => topic.Listeners.TryRemove(listener, out _));
    }

    /// <summary>Queues an event. Call it in the order events happened (the engine does so under its per-statement lock).</summary>
    public void Publish(StatementEvent statementEvent)
    {
        ArgumentNullException.ThrowIfNull(statementEvent);
        TopicOf(statementEvent.StatementId).Queue.Writer.TryWrite(statementEvent);
    }

    public void Dispose()
    {
        foreach (var topic in _topics.Values)
        {
            topic.Queue.Writer.TryComplete();
        }
    }

    private Topic TopicOf(int statementId) => _topics.GetOrAdd(statementId, _ =>
    {
        var topic = new Topic();
        topic.Pump = Task.Run(() => PumpAsync(topic));
        return topic;
    });

    private async Task PumpAsync(Topic topic)
    {
        await foreach (var statementEvent in topic.Queue.Reader.ReadAllAsync())
        {
            foreach (var listener in _everywhere.Keys.Concat(topic.Listeners.Keys))
            {
                try
                {
                    await listener.OnEventAsync(statementEvent);
                }
#pragma warning disable CA1031 // One failing listener must not stop the others or the pump.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    LogListenerFailed(logger, e, statementEvent.GetType().Name, statementEvent.StatementId);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A listener failed on {EventKind} of statement {StatementId}.")]
    private static partial void LogListenerFailed(ILogger logger, Exception exception, string eventKind, int statementId);

    private sealed class Topic
    {
        public Channel<StatementEvent> Queue { get; } = Channel.CreateUnbounded<StatementEvent>(new UnboundedChannelOptions { SingleReader = true });

        public ConcurrentDictionary<IStatementListener, byte> Listeners { get; } = new();

        public Task? Pump { get; set; }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}

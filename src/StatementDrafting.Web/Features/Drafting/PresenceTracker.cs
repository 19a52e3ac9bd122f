using System.Collections.Concurrent;

namespace StatementDrafting.Web.Features.Drafting;

/// <summary>
/// Who is in which statement and block, by public name only (pseudonym or co-host label, never a real name).
/// Keyed by connection (a hub connection or a Blazor circuit). Changes are published on the statement bus
/// at most every <see cref="Interval"/> per statement, so presence never floods anyone nor slows edits.
/// </summary>
public sealed class PresenceTracker(IStatementBus feed, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<int, ConcurrentDictionary<string, PresenceEntry>> _statements = new();
    private readonly ConcurrentDictionary<int, ITimer> _pending = new();

    public IReadOnlyList<PresenceEntry> In(int statementId) =>
        _statements.TryGetValue(statementId, out var people)
            ? [.. people.Values.OrderBy(p => p.Name, StringComparer.Ordinal)]
            : [];

    /// <summary>Everyone else: what one connection shows beside the blocks (its own place it knows).</summary>
    public IReadOnlyList<PresenceEntry> InExcept(int statementId, string connectionKey) =>
        _statements.TryGetValue(statementId, out var people)
            ? [.. people.Where(p => p.Key != connectionKey).Select(p => p.Value).OrderBy(p => p.Name, StringComparer.Ordinal)]
            : [];

    public void Set(int statementId, string connectionKey, string name, string? block)
    {
        var people = _statements.GetOrAdd(statementId, _ => new());
        var entry = new PresenceEntry(name, block);
        if (people.TryGetValue(connectionKey, out var old) && old == entry)
        {
            return;
        }

        people[connectionKey] = entry;
        Schedule(statementId);
    }

    public void Leave(int statementId, string connectionKey)
    {
        if (_statements.TryGetValue(statementId, out var people) && people.TryRemove(connectionKey, out _))
        {
            Schedule(statementId);
        }
    }

    public void LeaveEverywhere(string connectionKey)
    {
        foreach (var statementId in _statements.Keys)
        {
            Leave(statementId, connectionKey);
        }
    }

    public void Dispose()
    {
        foreach (var timer in _pending.Values)
        {
            timer.Dispose();
        }
    }

    private void Schedule(int statementId) =>
        _pending.GetOrAdd(statementId, id => clock.CreateTimer(_ => Flush(id), null, Interval, Timeout.InfiniteTimeSpan));

    private void Flush(int statementId)
    {
        if (_pending.TryRemove(statementId, out var timer))
        {
            timer.Dispose();
        }

        feed.Publish(new StatementPresenceChanged(statementId, In(statementId)));
    }
}

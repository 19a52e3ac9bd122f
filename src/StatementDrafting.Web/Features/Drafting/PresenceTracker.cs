using System.Collections.Concurrent;

namespace StatementDrafting.Web.Features.Drafting;

/// <summary>
/// Who is in which statement and block, by public name only (pseudonym or co-host label, never a real name).
/// Keyed by connection (a hub connection or a Blazor circuit). Changes are published on the statement bus
/// at most every <see cref="Interval"/> per statement, so presence never floods anyone nor slows edits.
/// With several nodes (<see cref="IPresenceElsewhere"/>) the people on the other nodes are listed too: at each flush
/// this node announces its own people in the statement if they changed, and news from the other nodes is published
/// through the same throttle, marked relayed when nothing changed here.
/// </summary>
public sealed class PresenceTracker : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<int, ConcurrentDictionary<string, PresenceEntry>> _statements = new();
    private readonly ConcurrentDictionary<int, ITimer> _pending = new();
    private readonly ConcurrentDictionary<int, byte> _changedHere = new();
    private readonly object _announcing = new();
    private readonly IStatementBus _feed;
    private readonly TimeProvider _clock;
    private readonly IPresenceElsewhere? _elsewhere;

    public PresenceTracker(IStatementBus feed, TimeProvider clock, IPresenceElsewhere? elsewhere = null)
    {
        _feed = feed;
        _clock = clock;
        _elsewhere = elsewhere;
        if (elsewhere is not null)
        {
            elsewhere.Changed += OnChangedElsewhere;
        }
    }

    public IReadOnlyList<PresenceEntry> In(int statementId)
    {
        if (_elsewhere is null)
        {
            return Here(statementId);
        }

        IEnumerable<PresenceEntry> here = _statements.TryGetValue(statementId, out var people) ? people.Values : [];
        return [.. here.Concat(_elsewhere.PeopleIn(statementId)).OrderBy(p => p.Name, StringComparer.Ordinal)];
    }

    /// <summary>Everyone else: what one connection shows beside the blocks (its own place it knows).</summary>
    public IReadOnlyList<PresenceEntry> InExcept(int statementId, string connectionKey)
    {
        IEnumerable<PresenceEntry> here = _statements.TryGetValue(statementId, out var people)
            ? people.Where(p => p.Key != connectionKey).Select(p => p.Value)
            : [];
        return _elsewhere is null
            ? [.. here.OrderBy(p => p.Name, StringComparer.Ordinal)]
            : [.. here.Concat(_elsewhere.PeopleIn(statementId)).OrderBy(p => p.Name, StringComparer.Ordinal)];
    }

    public void Set(int statementId, string connectionKey, string name, string? block)
    {
        var people = _statements.GetOrAdd(statementId, _ => new());
        var entry = new PresenceEntry(name, block);
        if (people.TryGetValue(connectionKey, out var old) && old == entry)
        {
            return;
        }

        people[connectionKey] = entry;
        ChangedHere(statementId);
    }

    public void Leave(int statementId, string connectionKey)
    {
        if (_statements.TryGetValue(statementId, out var people) && people.TryRemove(connectionKey, out _))
        {
            ChangedHere(statementId);
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
        if (_elsewhere is not null)
        {
            _elsewhere.Changed -= OnChangedElsewhere;
        }

        foreach (var timer in _pending.Values)
        {
            timer.Dispose();
        }
    }

    /// <summary>This node's own people in the statement, in name order.</summary>
    private IReadOnlyList<PresenceEntry> Here(int statementId) =>
        _statements.TryGetValue(statementId, out var people)
            ? [.. people.Values.OrderBy(p => p.Name, StringComparer.Ordinal)]
            : [];

    private void ChangedHere(int statementId)
    {
        if (_elsewhere is not null)
        {
            _changedHere[statementId] = 0;
        }

        Schedule(statementId);
    }

    private void OnChangedElsewhere(object? sender, int statementId) => Schedule(statementId);

    /// <summary>
    /// One timer per statement while a flush is due: started only by the caller that added it, so that two changes at
    /// the same moment never leave a second timer running (a stray flush could publish an older list last).
    /// </summary>
    private void Schedule(int statementId)
    {
        if (_pending.ContainsKey(statementId))
        {
            return;
        }

        var timer = _clock.CreateTimer(_ => Flush(statementId), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (_pending.TryAdd(statementId, timer))
        {
            timer.Change(Interval, Timeout.InfiniteTimeSpan);
        }
        else
        {
            timer.Dispose();
        }
    }

    private void Flush(int statementId)
    {
        if (_pending.TryRemove(statementId, out var timer))
        {
            timer.Dispose();
        }

        // One flush at a time, the list taken and published under one lock: a flush that was slow to publish can never
        // publish its older list after a later flush's newer one, so the last message is always the true state (and the
        // other nodes never keep an older list over a newer one).
        lock (_announcing)
        {
            var relayed = false;
            if (_elsewhere is not null)
            {
                relayed = !_changedHere.TryRemove(statementId, out _);
                if (!relayed)
                {
                    _elsewhere.Announce(statementId, Here(statementId));
                }
            }

            _feed.Publish(new StatementPresenceChanged(statementId, In(statementId)) { Relayed = relayed });
        }
    }
}

using System.Collections.Concurrent;
using StatementDrafting.Web.Features.Drafting;

namespace StatementDrafting.Web.Infrastructure.ScaleOut;

/// <summary>
/// The people the other nodes said are in each statement, by node, with when each node last said so. A node's list
/// for a statement is replaced by the next one it sends (an older one overtaken on the way, by its sequence number, is
/// ignored), dropped when the node says it left, and expires when the node has not said it again for
/// <see cref="Lifetime"/> (a node killed, or cut off from Redis). Reads take no lock; changes are rare and take one.
/// </summary>
internal sealed class OtherNodesPresence(TimeProvider clock, TimeSpan lifetime)
{
    private readonly ConcurrentDictionary<int, ConcurrentDictionary<string, Heard>> _statements = new();
    private readonly Dictionary<string, DateTimeOffset> _left = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public TimeSpan Lifetime => lifetime;

    /// <summary>Everyone the other nodes listed in the statement, in no particular order.</summary>
    public IReadOnlyList<PresenceEntry> In(int statementId)
    {
        if (!_statements.TryGetValue(statementId, out var nodes) || nodes.IsEmpty)
        {
            return [];
        }

        return [.. nodes.Values.SelectMany(n => n.People)];
    }

    /// <summary>A node's people in a statement are these now; true when who is listed there changed.</summary>
    public bool Hear(string node, long sequence, int statementId, IReadOnlyList<PresenceEntry> people)
    {
        ArgumentNullException.ThrowIfNull(people);
        lock (_gate)
        {
            if (_left.ContainsKey(node))
            {
                return false; // a message overtaken by the node's goodbye
            }

            var nodes = _statements.GetOrAdd(statementId, _ => new(StringComparer.Ordinal));
            nodes.TryGetValue(node, out var old);
            if (old is not null && sequence < old.Sequence)
            {
                return false;
            }

            // Kept even when empty, with its sequence number, so that an older list arriving late is still ignored.
            nodes[node] = new Heard(sequence, people, clock.GetUtcNow());
            return !(old?.People ?? []).SequenceEqual(people);
        }
    }

    /// <summary>The node left: its people go from every statement. Returns the statements where someone went.</summary>
    public IReadOnlyList<int> Forget(string node)
    {
        lock (_gate)
        {
            _left[node] = clock.GetUtcNow();
            return Remove((_, n) => n == node);
        }
    }

    /// <summary>Drops what was not said again within <see cref="Lifetime"/>. Returns the statements where someone went.</summary>
    public IReadOnlyList<int> Expire()
    {
        var before = clock.GetUtcNow() - lifetime;
        lock (_gate)
        {
            foreach (var node in _left.Where(l => l.Value < before).Select(l => l.Key).ToList())
            {
                _left.Remove(node); // long gone: no message of it can still be on the way
            }

            return Remove((heard, _) => heard.At < before);
        }
    }

    private List<int> Remove(Func<Heard, string, bool> gone)
    {
        var changed = new List<int>();
        foreach (var (statementId, nodes) in _statements)
        {
            foreach (var (node, heard) in nodes)
            {
                if (gone(heard, node) && nodes.TryRemove(node, out _) && heard.People.Count > 0 && !changed.Contains(statementId))
                {
                    changed.Add(statementId);
                }
            }

            if (nodes.IsEmpty)
            {
                _statements.TryRemove(statementId, out _);
            }
        }

        return changed;
    }

    private sealed record Heard(long Sequence, IReadOnlyList<PresenceEntry> People, DateTimeOffset At);
}

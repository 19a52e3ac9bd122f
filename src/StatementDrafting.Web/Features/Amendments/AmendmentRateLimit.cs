using StatementDrafting.Domain;

namespace StatementDrafting.Web.Features.Amendments;

/// <summary>
/// Limits how many amendment actions (proposals, changes, supports, withdrawals, decisions) one account makes per
/// minute, so that a script or a stuck key cannot flood a statement's amendments; others are unaffected.
/// </summary>
public sealed class AmendmentRateLimit(TimeProvider clock)
{
    public const int PerMinute = 30;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Queue<DateTimeOffset>> _recent = new(StringComparer.Ordinal);

    public void Check(string userId)
    {
        var now = clock.GetUtcNow();
        var recent = _recent.GetOrAdd(userId, _ => new Queue<DateTimeOffset>());
        lock (recent)
        {
            while (recent.Count > 0 && now - recent.Peek() >= TimeSpan.FromMinutes(1))
            {
                recent.Dequeue();
            }

            if (recent.Count >= PerMinute)
            {
                throw new DomainException($"That is more than {PerMinute} amendment actions in a minute; wait a moment and try again.");
            }

            recent.Enqueue(now);
        }
    }
}

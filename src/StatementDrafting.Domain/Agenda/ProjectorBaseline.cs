namespace StatementDrafting.Domain.Agenda;

/// <summary>
/// An agenda item that has begun: at its scheduled start, or earlier when someone with the pen pressed "Start"
/// (<see cref="StartedEarly"/>). A press after the scheduled start changes nothing: the item had begun already.
/// </summary>
public sealed record BegunItem(ScheduledItem Scheduled, DateTimeOffset BeganAt, bool StartedEarly);

public enum BaselineKind
{
    /// <summary>Nothing to compare with: no agenda item of the statement has begun, and no milestone was chosen.</summary>
    None,

    /// <summary>The revision current when the statement's current agenda item began.</summary>
    AgendaItem,

    /// <summary>A milestone the chair chose.</summary>
    Milestone,
}

/// <summary>What the projector highlights changes against, before it is turned into a revision.</summary>
public sealed record BaselineChoice(BaselineKind Kind, BegunItem? Item, int? MilestoneRevision, string? MilestoneName)
{
    public static BaselineChoice Nothing { get; } = new(BaselineKind.None, null, null, null);
}

/// <summary>
/// Which agenda item a statement is being worked on in, and so what the projector shows changes since: a milestone when
/// the chair picked one; otherwise, for a cluster's common statement, the session of that cluster under way now, else
/// the latest of its sessions that has begun; for a statement without a cluster (the opening statement), the plenary
/// under way now, else none. An item begins at its scheduled start, or when its start was pressed if that was earlier.
/// </summary>
public static class ProjectorBaseline
{
    public static BaselineChoice Choose(
        (int Revision, string Name)? milestone,
        IReadOnlyList<ScheduledItem> schedule,
        int? clusterNumber,
        IReadOnlyDictionary<string, DateTimeOffset> startedAt,
        DateTimeOffset now)
    {
        if (milestone is { } chosen)
        {
            return new BaselineChoice(BaselineKind.Milestone, null, chosen.Revision, chosen.Name);
        }

        return CurrentItem(schedule, clusterNumber, startedAt, now) is { } item
            ? new BaselineChoice(BaselineKind.AgendaItem, item, null, null)
            : BaselineChoice.Nothing;
    }

    /// <summary>The statement's agenda item that is under way (or, for a cluster, last began) at <paramref name="now"/>.</summary>
    public static BegunItem? CurrentItem(
        IReadOnlyList<ScheduledItem> schedule, int? clusterNumber, IReadOnlyDictionary<string, DateTimeOffset> startedAt, DateTimeOffset now)
    {
        var begun = ItemsOf(schedule, clusterNumber)
            .Select(s => Begun(s, startedAt))
            .Where(b => b.BeganAt <= now)
            .OrderBy(b => b.BeganAt)
            .ToList();
        var running = begun.LastOrDefault(b => now < b.Scheduled.EndsAt);
        if (running is not null || clusterNumber is null)
        {
            return running;
        }

        return begun.LastOrDefault();
    }

    /// <summary>
    /// The item whose "Start" button the statement's page offers: the statement's item under way now, else its next
    /// one; none when that item was started already or has ended.
    /// </summary>
    public static ScheduledItem? ToStart(
        IReadOnlyList<ScheduledItem> schedule, int? clusterNumber, IReadOnlyDictionary<string, DateTimeOffset> startedAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(startedAt);
        var items = ItemsOf(schedule, clusterNumber).ToList();
        var running = items.Select(s => Begun(s, startedAt)).Where(b => b.BeganAt <= now && now < b.Scheduled.EndsAt)
            .OrderBy(b => b.BeganAt).LastOrDefault()?.Scheduled;
        var candidate = running ?? items.Where(s => s.StartsAt > now).OrderBy(s => s.StartsAt).FirstOrDefault();
        return candidate is null || startedAt.ContainsKey(candidate.Item.Key) ? null : candidate;
    }

    /// <summary>The items a statement is worked on in: its cluster's parallel sessions, or the plenaries for a statement without a cluster.</summary>
    public static IEnumerable<ScheduledItem> ItemsOf(IReadOnlyList<ScheduledItem> schedule, int? clusterNumber)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return clusterNumber is null
            ? schedule.Where(s => s.Item.Kind == AgendaItemKind.Plenary)
            : schedule.Where(s => s.Item.IsSessionOf(clusterNumber));
    }

    /// <summary>When an item begins: its scheduled start, or the press of its "Start" when that came earlier.</summary>
    public static BegunItem Begun(ScheduledItem scheduled, IReadOnlyDictionary<string, DateTimeOffset> startedAt)
    {
        ArgumentNullException.ThrowIfNull(scheduled);
        ArgumentNullException.ThrowIfNull(startedAt);
        return startedAt.TryGetValue(scheduled.Item.Key, out var pressed) && pressed < scheduled.StartsAt
            ? new BegunItem(scheduled, pressed, StartedEarly: true)
            : new BegunItem(scheduled, scheduled.StartsAt, StartedEarly: false);
    }
}

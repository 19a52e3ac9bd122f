namespace StatementDrafting.Domain.Agenda;

/// <summary>An agenda item placed in time: its day and its start and end instants.</summary>
public sealed record ScheduledItem(ConsultationDay Day, AgendaItem Item, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

/// <summary>Where an agenda stands at one instant: the items under way and the items that start next (several when parallel).</summary>
public sealed record AgendaMoment<T>(IReadOnlyList<T> Now, IReadOnlyList<T> Next, bool NotStarted, bool Ended);

public static class AgendaMoment
{
    /// <summary>
    /// The items under way at <paramref name="now"/> (started, not yet ended) and those that start next:
    /// every item sharing the earliest start after <paramref name="now"/>.
    /// </summary>
    public static AgendaMoment<T> At<T>(IEnumerable<T> items, Func<T, DateTimeOffset> startsAt, Func<T, DateTimeOffset> endsAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(startsAt);
        ArgumentNullException.ThrowIfNull(endsAt);
        var all = items.OrderBy(startsAt).ToList();
        var current = all.Where(i => startsAt(i) <= now && now < endsAt(i)).ToList();
        var upcoming = all.Where(i => startsAt(i) > now).ToList();
        var next = upcoming.Count == 0 ? [] : upcoming.TakeWhile(i => startsAt(i) == startsAt(upcoming[0])).ToList();
        return new AgendaMoment<T>(
            current,
            next,
            NotStarted: all.Count > 0 && now < startsAt(all[0]),
            Ended: all.Count > 0 && all.All(i => endsAt(i) <= now));
    }
}

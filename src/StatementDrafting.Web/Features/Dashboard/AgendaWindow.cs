using StatementDrafting.Domain.Agenda;

namespace StatementDrafting.Web.Features.Dashboard;

/// <summary>
/// When a day's agenda runs: from the start of its first item to the end of its last, as the consultation's clocks
/// show them, and the instants those stand for. Opening the consultation inside this window counts as being present.
/// </summary>
public sealed record AgendaWindow(int DayNumber, DateOnly Date, TimeOnly Starts, TimeOnly Ends, DateTimeOffset StartsAt, DateTimeOffset EndsAt)
{
    /// <summary>From the first minute of the agenda up to, not including, the moment it ends.</summary>
    public bool Contains(DateTimeOffset instant) => instant >= StartsAt && instant < EndsAt;

    /// <summary>The window of a day with these items' local times; none for a day without items.</summary>
    public static AgendaWindow? Of(int dayNumber, DateOnly date, IReadOnlyCollection<(TimeOnly Start, TimeOnly End)> items, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            return null;
        }

        var starts = items.Min(i => i.Start);
        var ends = items.Max(i => i.End);
        return new AgendaWindow(dayNumber, date, starts, ends, ZonedTime.ToInstant(date, starts, zone), ZonedTime.ToInstant(date, ends, zone));
    }

    /// <summary>The number of the day whose agenda is running at <paramref name="instant"/>, if any.</summary>
    public static int? DayAt(IEnumerable<AgendaWindow> windows, DateTimeOffset instant) =>
        windows.FirstOrDefault(w => w.Contains(instant))?.DayNumber;
}

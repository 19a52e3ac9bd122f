namespace StatementDrafting.Domain.Agenda;

/// <summary>
/// Moves a demo consultation's days so that "now" and "next" mean something to whoever tries the demo:
/// day 1 becomes today (in the consultation's time zone) if today's day-1 agenda has not ended yet, otherwise tomorrow.
/// The gaps between days and every item's local time are kept.
/// </summary>
public static class DemoSchedule
{
    /// <summary>The date day 1 should fall on, given day 1's last local end time.</summary>
    public static DateOnly FirstDay(TimeOnly dayOneEnds, TimeZoneInfo zone, DateTimeOffset now)
    {
        var today = ZonedTime.DateIn(now, zone);
        var endsToday = ZonedTime.ToInstant(today, dayOneEnds, zone);
        return now < endsToday ? today : today.AddDays(1);
    }

    /// <summary>The shifted dates of all days, in order, keeping the gaps between the original dates.</summary>
    public static IReadOnlyList<DateOnly> Shift(IReadOnlyList<DateOnly> originalDates, TimeOnly dayOneEnds, TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(originalDates);
        if (originalDates.Count == 0)
        {
            return [];
        }

        var first = FirstDay(dayOneEnds, zone, now);
        var offset = first.DayNumber - originalDates[0].DayNumber;
        return [.. originalDates.Select(d => d.AddDays(offset))];
    }
}

using StatementDrafting.Domain.Agenda;

namespace StatementDrafting.Domain.Tests.Agenda;

public class DemoScheduleTests
{
    private static readonly TimeZoneInfo Bangkok = ZonedTime.FindZone("Asia/Bangkok");
    private static readonly DateOnly[] Original = [new(2021, 3, 2), new(2021, 3, 4)];
    private static readonly TimeOnly DayOneEnds = new(12, 30);

    [Fact]
    public void Day_one_is_today_while_todays_day_one_agenda_has_not_ended()
    {
        // 04:00 UTC is 11:00 in Bangkok: day 1's agenda (to 12:30) is still running.
        var now = new DateTimeOffset(2026, 11, 22, 4, 0, 0, TimeSpan.Zero);

        Assert.Equal([new DateOnly(2026, 11, 22), new DateOnly(2026, 11, 24)], DemoSchedule.Shift(Original, DayOneEnds, Bangkok, now));
    }

    [Fact]
    public void Day_one_is_tomorrow_once_todays_day_one_agenda_has_ended()
    {
        // 05:30 UTC is exactly 12:30 in Bangkok: day 1 would have just ended.
        var now = new DateTimeOffset(2026, 11, 22, 5, 30, 0, TimeSpan.Zero);

        Assert.Equal([new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 25)], DemoSchedule.Shift(Original, DayOneEnds, Bangkok, now));
    }

    [Fact]
    public void Today_is_the_consultations_date_not_the_utc_date()
    {
        // 20:00 UTC on 22 November is 03:00 on 23 November in Bangkok.
        var now = new DateTimeOffset(2026, 11, 22, 20, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateOnly(2026, 11, 23), DemoSchedule.Shift(Original, DayOneEnds, Bangkok, now)[0]);
    }

    [Fact]
    public void The_gaps_between_days_are_kept()
    {
        DateOnly[] days = [new(2021, 3, 2), new(2021, 3, 4), new(2021, 3, 9)];
        var now = new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero);

        var shifted = DemoSchedule.Shift(days, DayOneEnds, Bangkok, now);

        Assert.Equal([2, 5], shifted.Zip(shifted.Skip(1)).Select(p => p.Second.DayNumber - p.First.DayNumber));
        Assert.Equal(new DateOnly(2027, 1, 7), shifted[2]);
    }

    [Fact]
    public void No_days_shift_to_no_days()
    {
        Assert.Empty(DemoSchedule.Shift([], DayOneEnds, Bangkok, DateTimeOffset.UnixEpoch));
    }
}

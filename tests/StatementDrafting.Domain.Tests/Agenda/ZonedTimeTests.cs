using StatementDrafting.Domain;
using StatementDrafting.Domain.Agenda;

namespace StatementDrafting.Domain.Tests.Agenda;

public class ZonedTimeTests
{
    private static readonly TimeZoneInfo Bangkok = ZonedTime.FindZone("Asia/Bangkok");
    private static readonly TimeZoneInfo Berlin = ZonedTime.FindZone("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = ZonedTime.FindZone("America/New_York");

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    [Fact]
    public void A_Bangkok_agenda_time_is_seven_hours_ahead_of_utc()
    {
        Assert.Equal(Utc(2021, 3, 2, 2, 10), ZonedTime.ToInstant(new DateOnly(2021, 3, 2), new TimeOnly(9, 10), Bangkok));
    }

    [Fact]
    public void A_morning_session_in_Bangkok_is_the_previous_evening_in_New_York()
    {
        var instant = ZonedTime.ToInstant(new DateOnly(2021, 3, 2), new TimeOnly(9, 10), Bangkok);
        var inNewYork = ZonedTime.InZone(instant, NewYork);

        Assert.Equal(new DateTime(2021, 3, 1, 21, 10, 0), inNewYork.DateTime);
        Assert.Equal(TimeSpan.FromHours(-5), inNewYork.Offset);
    }

    [Fact]
    public void Converting_to_a_zone_with_daylight_saving_follows_its_change_within_one_agenda_day()
    {
        // New York moves its clocks forward at 07:00 UTC on 8 March 2026 (02:00 EST becomes 03:00 EDT).
        var before = ZonedTime.ToInstant(new DateOnly(2026, 3, 8), new TimeOnly(13, 0), Bangkok);
        var after = ZonedTime.ToInstant(new DateOnly(2026, 3, 8), new TimeOnly(15, 0), Bangkok);

        Assert.Equal(new DateTime(2026, 3, 8, 1, 0, 0), ZonedTime.InZone(before, NewYork).DateTime);
        Assert.Equal(new DateTime(2026, 3, 8, 4, 0, 0), ZonedTime.InZone(after, NewYork).DateTime);
        Assert.Equal(TimeSpan.FromHours(-4), ZonedTime.InZone(after, NewYork).Offset);
    }

    [Fact]
    public void The_same_local_time_on_either_side_of_a_daylight_saving_change_is_an_hour_apart_in_utc()
    {
        // Berlin springs forward in the night of 28 to 29 March 2026.
        var saturday = ZonedTime.ToInstant(new DateOnly(2026, 3, 28), new TimeOnly(9, 0), Berlin);
        var sunday = ZonedTime.ToInstant(new DateOnly(2026, 3, 29), new TimeOnly(9, 0), Berlin);

        Assert.Equal(Utc(2026, 3, 28, 8, 0), saturday);
        Assert.Equal(Utc(2026, 3, 29, 7, 0), sunday);
        Assert.Equal(TimeSpan.FromHours(23), sunday - saturday);
    }

    [Fact]
    public void A_local_time_skipped_by_spring_forward_lands_after_the_gap()
    {
        var instant = ZonedTime.ToInstant(new DateOnly(2026, 3, 29), new TimeOnly(2, 30), Berlin);

        Assert.Equal(Utc(2026, 3, 29, 1, 30), instant);
        Assert.Equal(new TimeOnly(3, 30), TimeOnly.FromDateTime(ZonedTime.InZone(instant, Berlin).DateTime));
    }

    [Fact]
    public void A_local_time_repeated_by_fall_back_is_its_first_occurrence()
    {
        var instant = ZonedTime.ToInstant(new DateOnly(2026, 10, 25), new TimeOnly(2, 30), Berlin);

        Assert.Equal(Utc(2026, 10, 25, 0, 30), instant);
    }

    [Fact]
    public void Local_times_round_trip_through_instants_away_from_changes()
    {
        foreach (var zone in new[] { Bangkok, Berlin, NewYork })
        {
            for (var day = new DateOnly(2026, 1, 1); day < new DateOnly(2027, 1, 1); day = day.AddDays(7))
            {
                var instant = ZonedTime.ToInstant(day, new TimeOnly(12, 15), zone);
                Assert.Equal(day.ToDateTime(new TimeOnly(12, 15)), ZonedTime.InZone(instant, zone).DateTime);
            }
        }
    }

    [Fact]
    public void The_date_in_a_zone_can_differ_from_the_utc_date()
    {
        var lateUtc = Utc(2026, 11, 22, 20, 0);
        Assert.Equal(new DateOnly(2026, 11, 23), ZonedTime.DateIn(lateUtc, Bangkok));
        Assert.Equal(new DateOnly(2026, 11, 22), ZonedTime.DateIn(lateUtc, NewYork));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Mars/Olympus_Mons")]
    public void An_unknown_zone_is_refused_clearly(string zone)
    {
        var error = Assert.Throws<DomainException>(() => ZonedTime.FindZone(zone));
        Assert.Contains("time zone", error.Message, StringComparison.Ordinal);
    }
}

using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.Consultations;

namespace StatementDrafting.Domain.Tests.Agenda;

/// <summary>A session room's place in time: when it begins, where it stands, the previous session of its cluster, the sessions it overlaps.</summary>
public class SessionTimelineTests
{
    private static readonly TimeZoneInfo Bangkok = ZonedTime.FindZone("Asia/Bangkok");
    private static readonly DateOnly Day1 = new(2021, 3, 2);
    private static readonly DateOnly Day2 = new(2021, 3, 4);
    private static readonly Dictionary<string, DateTimeOffset> NoPresses = [];

    private static readonly IReadOnlyList<ScheduledItem> Schedule = Sample().Schedule();

    private static Consultation Sample()
    {
        var consultation = new Consultation("Sample consultation", "Asia/Bangkok", ConsultationRules.Default);
        for (var n = 1; n <= 4; n++)
        {
            consultation.AddObjective(n, $"Objective {n}");
        }

        consultation.AddCluster(1, "First cluster", [1, 2]);
        consultation.AddCluster(2, "Second cluster", [3, 4]);
        var day1 = consultation.AddDay(Day1);
        var day2 = consultation.AddDay(Day2);
        consultation.AddAgendaItem(day1, "d1-1", AgendaItemKind.Plenary, "Opening", new(9, 0), new(9, 10));
        consultation.AddAgendaItem(day1, "d1-2", AgendaItemKind.Parallel, "Session 1", new(9, 10), new(10, 30), 1, ["Org A"]);
        consultation.AddAgendaItem(day1, "d1-3", AgendaItemKind.Parallel, "Session 2", new(9, 10), new(10, 30), 2, ["Org C"]);
        consultation.AddAgendaItem(day1, "d1-4", AgendaItemKind.Parallel, "Session 2, continued", new(10, 40), new(11, 30), 2, ["Org C"]);
        consultation.AddAgendaItem(day2, "d2-1", AgendaItemKind.Parallel, "Session 1 again", new(13, 10), new(14, 30), 1, ["Org A"]);
        consultation.AddAgendaItem(day2, "d2-2", AgendaItemKind.Parallel, "Session 2 again", new(14, 0), new(15, 0), 2, ["Org C"]);
        return consultation;
    }

    private static DateTimeOffset At(DateOnly day, int hour, int minute) => ZonedTime.ToInstant(day, new TimeOnly(hour, minute), Bangkok);

    [Theory]
    [InlineData(9, 0, SessionPhase.Upcoming)]
    [InlineData(9, 10, SessionPhase.OnNow)]
    [InlineData(10, 29, SessionPhase.OnNow)]
    [InlineData(10, 30, SessionPhase.Ended)]
    public void A_session_is_upcoming_on_now_or_ended_by_its_scheduled_times(int hour, int minute, SessionPhase expected)
    {
        var timeline = SessionTimeline.Of(Schedule, "d1-2", NoPresses, At(Day1, hour, minute))!;

        Assert.Equal(expected, timeline.Phase);
        Assert.Equal(At(Day1, 9, 10), timeline.BeganAt);
        Assert.Equal(At(Day1, 10, 30), timeline.EndsAt);
    }

    [Fact]
    public void A_start_pressed_early_begins_the_session_there_and_a_late_press_changes_nothing()
    {
        var early = SessionTimeline.Of(Schedule, "d1-2", new Dictionary<string, DateTimeOffset> { ["d1-2"] = At(Day1, 8, 55) }, At(Day1, 9, 0))!;
        var late = SessionTimeline.Of(Schedule, "d1-2", new Dictionary<string, DateTimeOffset> { ["d1-2"] = At(Day1, 9, 20) }, At(Day1, 9, 30))!;

        Assert.Equal((SessionPhase.OnNow, At(Day1, 8, 55), true), (early.Phase, early.BeganAt, early.Beginning.StartedEarly));
        Assert.Equal((At(Day1, 9, 10), false), (late.BeganAt, late.Beginning.StartedEarly));
    }

    [Fact]
    public void The_day_2_session_follows_the_last_session_of_its_cluster_that_ended_before_it()
    {
        var clusterOne = SessionTimeline.Of(Schedule, "d2-1", NoPresses, At(Day2, 13, 0))!;
        var clusterTwo = SessionTimeline.Of(Schedule, "d2-2", NoPresses, At(Day2, 13, 0))!;

        Assert.Equal("d1-2", clusterOne.Previous!.Item.Key);
        Assert.True(clusterOne.PreviousOnEarlierDay);
        Assert.Equal("d1-4", clusterTwo.Previous!.Item.Key); // the later of the two day-1 sessions of cluster 2
        Assert.Null(SessionTimeline.Of(Schedule, "d1-2", NoPresses, At(Day1, 9, 0))!.Previous);
    }

    [Theory]
    [InlineData(1, 10, 0, false)] // day 1, during the previous session: nothing to catch up on yet
    [InlineData(1, 11, 0, true)] // the previous session is over
    [InlineData(2, 13, 0, true)] // before the session
    [InlineData(2, 14, 0, true)] // during it
    [InlineData(2, 14, 30, false)] // over: the room shows what changed in it instead
    public void The_changes_since_the_previous_session_show_before_and_during_the_session(int day, int hour, int minute, bool expected)
    {
        var now = At(day == 1 ? Day1 : Day2, hour, minute);

        Assert.Equal(expected, SessionTimeline.Of(Schedule, "d2-1", NoPresses, now)!.ShowsChangesSincePrevious(now));
    }

    [Fact]
    public void Only_parallel_sessions_have_a_timeline()
    {
        Assert.Null(SessionTimeline.Of(Schedule, "d1-1", NoPresses, At(Day1, 9, 0)));
        Assert.Null(SessionTimeline.Of(Schedule, "nowhere", NoPresses, At(Day1, 9, 0)));
    }

    [Fact]
    public void Sessions_overlap_when_their_times_cross_and_not_when_one_ends_as_the_other_starts()
    {
        string[] Overlapping(string key) => [.. SessionTimeline.Overlapping(Schedule, Schedule.Single(s => s.Item.Key == key)).Select(s => s.Item.Key)];

        Assert.Equal(["d1-3"], Overlapping("d1-2"));
        Assert.Equal(["d1-2"], Overlapping("d1-3"));
        Assert.Empty(Overlapping("d1-4"));
        Assert.Equal(["d2-2"], Overlapping("d2-1"));
    }
}

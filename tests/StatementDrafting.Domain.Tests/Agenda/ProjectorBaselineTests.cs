using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.Consultations;

namespace StatementDrafting.Domain.Tests.Agenda;

/// <summary>What the projector highlights changes since: a chosen milestone, else the statement's current agenda item.</summary>
public class ProjectorBaselineTests
{
    private static readonly TimeZoneInfo Bangkok = ZonedTime.FindZone("Asia/Bangkok");
    private static readonly DateOnly Day1 = new(2021, 3, 2);
    private static readonly DateOnly Day2 = new(2021, 3, 4);

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
        consultation.AddAgendaItem(day1, "d1-4", AgendaItemKind.Break, "Break", new(10, 30), new(10, 40));
        consultation.AddAgendaItem(day1, "d1-5", AgendaItemKind.Plenary, "Closing", new(12, 0), new(12, 30));
        consultation.AddAgendaItem(day2, "d2-1", AgendaItemKind.Parallel, "Session 1 again", new(13, 10), new(14, 30), 1, ["Org A"]);
        return consultation;
    }

    private static DateTimeOffset At(DateOnly day, int hour, int minute) => ZonedTime.ToInstant(day, new TimeOnly(hour, minute), Bangkok);

    private static Dictionary<string, DateTimeOffset> Presses(params (string Key, DateTimeOffset At)[] presses) =>
        presses.ToDictionary(p => p.Key, p => p.At);

    public static TheoryData<string, int?, string[], string, string?, string?, bool> Cases => new()
    {
        // what, cluster, presses "key@HH:mm" (day 1), now (day 1 HH:mm or "d2 HH:mm"), expected item key, expected began (HH:mm), started early
        { "before its session a cluster statement has no item", 1, [], "09:05", null, null, false },
        { "its session under way, from its scheduled start", 1, [], "09:30", "d1-2", "09:10", false },
        { "a press before the scheduled start moves the start earlier", 1, ["d1-2@09:02"], "09:30", "d1-2", "09:02", true },
        { "a pressed session has begun before its scheduled start", 1, ["d1-2@09:02"], "09:05", "d1-2", "09:02", true },
        { "a press after the scheduled start changes nothing", 1, ["d1-2@09:20"], "09:30", "d1-2", "09:10", false },
        { "after its session the latest begun session still counts", 1, [], "11:00", "d1-2", "09:10", false },
        { "on day 2 the day-2 session is the latest", 1, [], "d2 13:40", "d2-1", "13:10", false },
        { "between the days, day 1's session", 1, [], "d2 09:00", "d1-2", "09:10", false },
        { "another cluster's press does not count", 1, ["d1-3@08:00"], "09:05", null, null, false },
        { "the opening statement follows the plenary under way", null, [], "09:05", "d1-1", "09:00", false },
        { "the opening statement has no item during parallel sessions", null, [], "09:30", null, null, false },
        { "the opening statement and the closing plenary", null, [], "12:10", "d1-5", "12:00", false },
        { "a pressed plenary begins early", null, ["d1-5@11:50"], "11:55", "d1-5", "11:50", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_current_item_of_a_statement(string what, int? cluster, string[] presses, string now, string? key, string? began, bool early)
    {
        var choice = ProjectorBaseline.Choose(null, Schedule, cluster, Presses([.. presses.Select(Press)]), Time(now));

        Assert.True(key == choice.Item?.Scheduled.Item.Key, $"{what}: expected {key ?? "none"}, got {choice.Item?.Scheduled.Item.Key ?? "none"}");
        Assert.Equal(key is null ? BaselineKind.None : BaselineKind.AgendaItem, choice.Kind);
        if (began is not null)
        {
            Assert.Equal(Time(now.StartsWith("d2", StringComparison.Ordinal) && key!.StartsWith("d2", StringComparison.Ordinal) ? "d2 " + began : began), choice.Item!.BeganAt);
            Assert.Equal(early, choice.Item.StartedEarly);
        }
    }

    [Fact]
    public void A_milestone_the_chair_chose_wins_over_the_agenda()
    {
        var choice = ProjectorBaseline.Choose((12, "End of day 1"), Schedule, 1, Presses(), At(Day1, 9, 30));

        Assert.Equal(BaselineKind.Milestone, choice.Kind);
        Assert.Equal(12, choice.MilestoneRevision);
        Assert.Equal("End of day 1", choice.MilestoneName);
        Assert.Null(choice.Item);
    }

    public static TheoryData<string, int?, string[], string, string?> StartCases => new()
    {
        { "before its session, the next session", 1, [], "08:00", "d1-2" },
        { "during its session, that session", 1, [], "09:30", "d1-2" },
        { "a session started already is not offered again", 1, ["d1-2@09:00"], "09:05", null },
        { "a session under way and pressed late is not offered again", 1, ["d1-2@09:20"], "09:30", null },
        { "after day 1's session, day 2's", 1, [], "11:00", "d2-1" },
        { "after the last session, nothing", 1, [], "d2 15:00", null },
        { "the opening statement: the plenary under way", null, [], "09:05", "d1-1" },
        { "the opening statement: the next plenary", null, [], "09:30", "d1-5" },
    };

    [Theory]
    [MemberData(nameof(StartCases))]
    public void The_item_whose_start_a_statement_page_offers(string what, int? cluster, string[] presses, string now, string? key)
    {
        var item = ProjectorBaseline.ToStart(Schedule, cluster, Presses([.. presses.Select(Press)]), Time(now));

        Assert.True(key == item?.Item.Key, $"{what}: expected {key ?? "none"}, got {item?.Item.Key ?? "none"}");
    }

    private static (string, DateTimeOffset) Press(string press)
    {
        var parts = press.Split('@');
        return (parts[0], Time(parts[1]));
    }

    private static DateTimeOffset Time(string time)
    {
        var day = time.StartsWith("d2 ", StringComparison.Ordinal) ? Day2 : Day1;
        var clock = TimeOnly.Parse(time.Replace("d2 ", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        return ZonedTime.ToInstant(day, clock, Bangkok);
    }
}

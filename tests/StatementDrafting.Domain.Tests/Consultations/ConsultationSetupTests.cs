using StatementDrafting.Domain;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.Consultations;

namespace StatementDrafting.Domain.Tests.Consultations;

/// <summary>Changing a consultation's definition: items, clusters, working groups and slots, with the checks of a new one.</summary>
public class ConsultationSetupTests
{
    private static (Consultation Consultation, ConsultationDay Day1, ConsultationDay Day2) Sample()
    {
        var consultation = new Consultation("Sample consultation", "Asia/Bangkok", ConsultationRules.Default);
        for (var n = 1; n <= 6; n++)
        {
            consultation.AddObjective(n, $"Objective {n}");
        }

        consultation.AddCluster(1, "First cluster", [1, 2, 3]);
        consultation.AddCluster(2, "Second cluster", [4, 5]);
        var day1 = consultation.AddDay(new DateOnly(2021, 3, 2));
        var day2 = consultation.AddDay(new DateOnly(2021, 3, 4));
        consultation.AddAgendaItem(day1, "d1-1", AgendaItemKind.Plenary, "Opening", new(9, 0), new(9, 10));
        consultation.AddAgendaItem(day1, "d1-2", AgendaItemKind.Parallel, "Session 1", new(9, 10), new(10, 30), 1, ["Org A"]);
        consultation.AddAgendaItem(day2, "d2-1", AgendaItemKind.Parallel, "Session 1 again", new(13, 10), new(14, 30), 1, ["Org A"]);
        return (consultation, day1, day2);
    }

    [Fact]
    public void Two_sessions_of_one_cluster_at_the_same_time_are_refused_whether_added_or_moved()
    {
        var (c, day1, _) = Sample();

        var added = Assert.Throws<DomainException>(() => c.AddAgendaItem(day1, "d1-9", AgendaItemKind.Parallel, "Clash", new(10, 0), new(11, 0), 1));
        Assert.Contains("same time", added.Message, StringComparison.Ordinal);
        c.AddAgendaItem(day1, "d1-4", AgendaItemKind.Parallel, "Other cluster", new(10, 0), new(11, 0), 2); // another cluster may meet then

        var moved = Assert.Throws<DomainException>(() => c.ChangeAgendaItem("d2-1", day1, AgendaItemKind.Parallel, "Session 1 again", new(10, 0), new(11, 0), 1, ["Org A"]));
        Assert.Contains("same time", moved.Message, StringComparison.Ordinal);
        var unchanged = c.FindAgendaItem("d2-1")!.Value;
        Assert.Equal((2, new TimeOnly(13, 10)), (unchanged.Day.Number, unchanged.Item.Start));
    }

    [Fact]
    public void Changing_an_item_keeps_its_key_reorders_its_day_and_moves_it_between_days()
    {
        var (c, day1, day2) = Sample();

        c.ChangeAgendaItem("d1-1", day1, AgendaItemKind.Plenary, "Welcome", new(10, 40), new(11, 0), null, []);
        Assert.Equal(["d1-2", "d1-1"], day1.Items.Select(i => i.Key));
        c.ChangeAgendaItem("d1-1", day2, AgendaItemKind.Plenary, "Welcome", new(9, 0), new(9, 30), null, []);
        Assert.Equal(["d1-1", "d2-1"], day2.Items.Select(i => i.Key));
        Assert.DoesNotContain(day1.Items, i => i.Key == "d1-1");
    }

    [Theory]
    [InlineData(AgendaItemKind.Plenary, 10, 9, null, "ends before it starts")]
    [InlineData(AgendaItemKind.Plenary, 10, 10, null, "ends before it starts")]
    [InlineData(AgendaItemKind.Parallel, 9, 10, null, "needs a cluster")]
    [InlineData(AgendaItemKind.Break, 9, 10, 1, "Only a parallel session is linked")]
    public void An_item_that_cannot_be_is_refused(AgendaItemKind kind, int start, int end, int? cluster, string message)
    {
        var (c, day1, _) = Sample();

        var refused = Assert.Throws<DomainException>(() => c.AddAgendaItem(day1, "new", kind, "Item", new(start, 0), new(end, 0), cluster));

        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Working_groups_work_on_their_clusters_objectives_with_names_unique_in_a_round()
    {
        var (c, _, _) = Sample();

        c.SetWorkingGroups("d1-2", [new WorkingGroup("A", 1, [1, 2]), new WorkingGroup("B", 1, [3]), new WorkingGroup("A", 2, [3])]);
        Assert.Equal([("A", 1), ("B", 1), ("A", 2)], c.FindAgendaItem("d1-2")!.Value.Item.WorkingGroups.Select(g => (g.Name, g.Round)));

        Assert.Contains("outside the session's cluster", Assert.Throws<DomainException>(() => c.SetWorkingGroups("d1-2", [new WorkingGroup("C", 1, [4])])).Message, StringComparison.Ordinal);
        Assert.Contains("two working groups named", Assert.Throws<DomainException>(() => c.SetWorkingGroups("d1-2", [new WorkingGroup("A", 1, [1]), new WorkingGroup("a", 1, [2])])).Message, StringComparison.Ordinal);
        Assert.Throws<DomainException>(() => c.SetWorkingGroups("d1-1", [new WorkingGroup("A", 1, [1])]));
        Assert.Throws<DomainException>(() => new WorkingGroup("Empty", 1, []));
        Assert.Throws<DomainException>(() => new WorkingGroup("Late", WorkingGroup.MaxRound + 1, [1]));

        // A cluster that loses an objective drops the working groups on it.
        c.ChangeCluster(1, "First cluster", [1, 2]);
        Assert.Equal(["A"], c.FindAgendaItem("d1-2")!.Value.Item.WorkingGroups.Select(g => g.Name));
    }

    [Fact]
    public void Clusters_change_and_objectives_move_but_a_cluster_in_use_stays()
    {
        var (c, _, _) = Sample();

        Assert.Contains("belong to another cluster", Assert.Throws<DomainException>(() => c.ChangeCluster(2, "Second", [3, 4])).Message, StringComparison.Ordinal);
        c.ChangeCluster(1, "First, renamed", [1, 2]);
        c.ChangeCluster(2, "Second", [3, 4, 5]);
        Assert.Equal([3, 4, 5], c.FindCluster(2)!.ObjectiveNumbers);
        Assert.Contains("works on it", Assert.Throws<DomainException>(() => c.RemoveCluster(1)).Message, StringComparison.Ordinal);
        c.RemoveCluster(2);
        Assert.Null(c.FindCluster(2));
    }

    [Fact]
    public void The_last_day_goes_only_when_empty_and_the_time_zone_must_exist()
    {
        var (c, _, _) = Sample();

        Assert.Throws<DomainException>(c.RemoveLastDay);
        c.RemoveAgendaItem("d2-1");
        c.RemoveLastDay();
        Assert.Single(c.Days);
        Assert.Throws<DomainException>(() => c.MoveToTimeZone("Nowhere/Atlantis"));
        c.MoveToTimeZone("Europe/Zurich");
        Assert.Equal("Europe/Zurich", c.TimeZoneId);
    }
}

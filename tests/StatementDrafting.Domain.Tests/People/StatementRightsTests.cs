using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.People;
using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Domain.Tests.People;

/// <summary>Who may read a statement, propose amendments to it, hold its pen and lock it, by their roles in the consultation.</summary>
public sealed class StatementRightsTests
{
    private static readonly Consultation Sample = SampleConsultation();

    private static IReadOnlyList<AgendaItem> Agenda => [.. Sample.Days.SelectMany(d => d.Items)];

    private static AgendaItem Item(string key) => Agenda.Single(i => i.Key == key);

    private static Consultation SampleConsultation()
    {
        var consultation = new Consultation("Sample consultation", "Asia/Bangkok", ConsultationRules.Default);
        consultation.AddObjective(1, "Objective 1");
        consultation.AddObjective(2, "Objective 2");
        consultation.AddCluster(1, "First cluster", [1]);
        consultation.AddCluster(2, "Second cluster", [2]);
        var day1 = consultation.AddDay(new DateOnly(2021, 3, 2));
        var day2 = consultation.AddDay(new DateOnly(2021, 3, 4));
        consultation.AddAgendaItem(day1, "d1-1", AgendaItemKind.Plenary, "Opening", new(9, 0), new(9, 10));
        consultation.AddAgendaItem(day1, "d1-2", AgendaItemKind.Parallel, "Cluster 1, part 1", new(9, 10), new(10, 30), 1, ["Org A", "Org B"]);
        consultation.AddAgendaItem(day1, "d1-3", AgendaItemKind.Parallel, "Cluster 2", new(9, 10), new(10, 30), 2, ["Org C"]);
        consultation.AddAgendaItem(day2, "d2-1", AgendaItemKind.Parallel, "Cluster 1, part 2", new(13, 10), new(14, 30), 1, ["Org A"]);
        return consultation;
    }

    private static Participation Person(Action<Participation> roles)
    {
        var participation = new Participation(consultationId: 1, userId: "user-1", number: 7);
        roles(participation);
        return participation;
    }

    private static Participation CoHostOf(string session) => Person(p => p.SeatAsCoHost(Item(session)));

    [Fact]
    public void Organisers_hold_the_pen_for_every_statement_even_without_a_seat()
    {
        var organiser = Person(p => p.MakeOrganiser());

        Assert.True(organiser.MayDraft(StatementKind.Common, 1, Agenda));
        Assert.True(organiser.MayDraft(StatementKind.Common, 2, Agenda));
        Assert.True(organiser.MayDraft(StatementKind.Opening, null, Agenda));
        Assert.True(organiser.MayDraft(StatementKind.Common, 1, []));
    }

    [Theory]
    [InlineData("d1-2")]
    [InlineData("d2-1")]
    public void A_co_host_of_any_session_of_a_cluster_holds_the_pen_for_its_common_statement(string session) =>
        Assert.True(CoHostOf(session).MayDraft(StatementKind.Common, 1, Agenda));

    [Fact]
    public void A_co_host_does_not_hold_the_pen_for_another_clusters_statement_nor_the_opening_statement()
    {
        var coHost = CoHostOf("d1-2");

        Assert.False(coHost.MayDraft(StatementKind.Common, 2, Agenda));
        Assert.False(coHost.MayDraft(StatementKind.Opening, null, Agenda));
    }

    [Fact]
    public void A_seat_counts_only_for_a_session_still_on_the_agenda_of_that_cluster()
    {
        var coHost = CoHostOf("d1-2");

        Assert.False(coHost.MayDraft(StatementKind.Common, 1, [Item("d1-1"), Item("d1-3")]));
        Assert.True(coHost.MayDraft(StatementKind.Common, 1, [Item("d1-2")]));
    }

    [Fact]
    public void Participants_and_observers_never_hold_the_pen()
    {
        Assert.False(Person(p => p.MakeParticipant()).MayDraft(StatementKind.Common, 1, Agenda));
        Assert.False(Person(p => p.MakeObserver()).MayDraft(StatementKind.Common, 1, Agenda));
        Assert.False(Person(_ => { }).MayDraft(StatementKind.Opening, null, Agenda));
    }

    [Fact]
    public void Everyone_with_a_role_reads_statements_but_observers_do_not_propose_amendments()
    {
        Participation[] members = [Person(p => p.MakeOrganiser()), Person(p => p.MakeParticipant()), CoHostOf("d1-3"), Person(p => p.MakeObserver())];

        Assert.All(members, m => Assert.True(m.MayReadStatements));
        Assert.Equal([true, true, true, false], members.Select(m => m.MayProposeAmendments));
        Assert.False(Person(_ => { }).MayReadStatements);
        Assert.False(Person(_ => { }).MayProposeAmendments);
    }

    [Fact]
    public void Only_organisers_lock_and_unlock_statements()
    {
        Assert.True(Person(p => p.MakeOrganiser()).MayManageStatements);
        Assert.False(CoHostOf("d1-2").MayManageStatements);
        Assert.False(Person(p => p.MakeParticipant()).MayManageStatements);
        Assert.False(Person(p => p.MakeObserver()).MayManageStatements);
    }

    [Fact]
    public void The_sessions_of_a_cluster_are_its_parallel_sessions_only()
    {
        Assert.Equal(["d1-2", "d2-1"], Agenda.Where(i => i.IsSessionOf(1)).Select(i => i.Key));
        Assert.Equal(["d1-3"], Agenda.Where(i => i.IsSessionOf(2)).Select(i => i.Key));
        Assert.DoesNotContain(Agenda, i => i.IsSessionOf(null));
        Assert.DoesNotContain(Agenda, i => i.IsSessionOf(3));
    }
}

using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.People;

namespace StatementDrafting.Domain.Tests.People;

/// <summary>Co-hosts sit in parallel sessions, for one of the organisations the agenda names for the session.</summary>
public sealed class CoHostSeatingTests
{
    private readonly AgendaItem _session;
    private readonly AgendaItem _plenary;
    private readonly AgendaItem _unnamed;

    public CoHostSeatingTests()
    {
        var consultation = new Consultation("Sample consultation", "Asia/Bangkok", ConsultationRules.Default);
        consultation.AddObjective(1, "Objective 1");
        consultation.AddCluster(1, "First cluster", [1]);
        var day = consultation.AddDay(new DateOnly(2021, 3, 2));
        _plenary = consultation.AddAgendaItem(day, "d1-1", AgendaItemKind.Plenary, "Opening", new(9, 0), new(9, 10));
        _session = consultation.AddAgendaItem(day, "d1-2", AgendaItemKind.Parallel, "Session", new(9, 10), new(10, 30), 1, ["Migrant Forum in Asia", "HOST International"]);
        _unnamed = consultation.AddAgendaItem(day, "d1-3", AgendaItemKind.Parallel, "Session without co-hosts", new(11, 0), new(12, 0), 1);
    }

    private static Participation Someone() => new(consultationId: 1, userId: "user-1", number: 7);

    [Fact]
    public void A_seat_is_for_an_organisation_the_agenda_names_and_makes_a_participant()
    {
        var person = Someone();

        person.SeatAsCoHost(_session, "HOST International");

        Assert.Equal([new CoHostSeat("d1-2", "HOST International")], person.CoHostSeats);
        Assert.True(person.IsCoHost);
        Assert.True(person.IsParticipant);
        Assert.True(person.CoHosts("d1-2"));
    }

    [Fact]
    public void Without_an_organisation_the_seat_is_for_the_first_the_agenda_names_and_seating_twice_changes_nothing()
    {
        var person = Someone();

        person.SeatAsCoHost(_session);
        person.SeatAsCoHost(_session, "Migrant Forum in Asia");

        Assert.Equal([new CoHostSeat("d1-2", "Migrant Forum in Asia")], person.CoHostSeats);
    }

    [Fact]
    public void A_seat_outside_a_parallel_session_or_for_an_organisation_the_agenda_does_not_name_is_refused()
    {
        var person = Someone();

        Assert.Contains("parallel sessions only", Assert.Throws<DomainException>(() => person.SeatAsCoHost(_plenary, "Migrant Forum in Asia")).Message, StringComparison.Ordinal);
        Assert.Contains("Choose one of", Assert.Throws<DomainException>(() => person.SeatAsCoHost(_session, "Some Other Organisation")).Message, StringComparison.Ordinal);
        Assert.Contains("Choose one of", Assert.Throws<DomainException>(() => person.SeatAsCoHost(_session, "migrant forum in asia")).Message, StringComparison.Ordinal);
        Assert.Contains("names no co-host", Assert.Throws<DomainException>(() => person.SeatAsCoHost(_unnamed)).Message, StringComparison.Ordinal);
        Assert.Empty(person.CoHostSeats);
        Assert.False(person.IsParticipant);
    }

    [Fact]
    public void Only_a_parallel_session_that_names_co_hosts_seats_them()
    {
        Assert.True(_session.SeatsCoHosts);
        Assert.False(_unnamed.SeatsCoHosts);
        Assert.False(_plenary.SeatsCoHosts);
    }

    [Fact]
    public void An_organisation_typed_loosely_is_found_under_the_agendas_spelling()
    {
        Assert.Equal("Migrant Forum in Asia", _session.CoHostNamed("MIGRANT forum-in  asia."));
        Assert.Null(_session.CoHostNamed("Mixed Migration Centre"));
        Assert.Null(_session.CoHostNamed(null));
    }
}

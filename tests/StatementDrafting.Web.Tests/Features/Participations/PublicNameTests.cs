using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Features.Participations;

namespace StatementDrafting.Web.Tests.Features.Participations;

public sealed class PublicNameTests
{
    [Fact]
    public void A_participant_is_shown_by_their_number_until_they_choose_an_alias()
    {
        var participation = new Participation(1, "user-1", 17);
        participation.MakeParticipant();

        Assert.Equal("Participant 17", PublicName.Of(participation));
        participation.ChooseAlias("Quiet Lantern", "Mei-Ling Ong", "Harbour City Migrant Legal Clinic", []);
        Assert.Equal("Quiet Lantern", PublicName.Of(participation));
    }

    [Theory]
    [InlineData(null, "Participant 4")]
    [InlineData("", "Participant 4")]
    [InlineData("  ", "Participant 4")]
    [InlineData("Blue Heron", "Blue Heron")]
    public void From_stored_columns_it_is_the_same_name(string? alias, string expected) =>
        Assert.Equal(expected, PublicName.Of(4, alias));

    [Fact]
    public void A_co_host_acting_in_their_session_is_shown_by_the_seat_organisation_and_elsewhere_by_pseudonym()
    {
        var participation = new Participation(1, "user-2", 3);
        participation.SeatAsCoHost(Session("d1-2", "Migrant Forum in Asia"), "Migrant Forum in Asia");

        Assert.Equal("Co-host (Migrant Forum in Asia)", PublicName.ActingIn(participation, "d1-2"));
        Assert.Equal("Participant 3", PublicName.ActingIn(participation, "d1-3"));
        Assert.Equal("Participant 3", PublicName.ActingIn(participation, null));
        Assert.Equal("Co-host (Migrant Forum in Asia)", PublicName.Of(participation.CoHostSeats[0]));
    }

    private static AgendaItem Session(string key, string coHost)
    {
        var consultation = new Consultation("Consultation", "Asia/Bangkok", ConsultationRules.Default);
        consultation.AddObjective(1, "Objective");
        consultation.AddCluster(1, "Cluster", [1]);
        var day = consultation.AddDay(new DateOnly(2026, 11, 22));
        return consultation.AddAgendaItem(day, key, AgendaItemKind.Parallel, "Session", new(9, 0), new(10, 30), 1, [coHost]);
    }
}

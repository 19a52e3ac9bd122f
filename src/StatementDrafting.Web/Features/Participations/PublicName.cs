using StatementDrafting.Domain.People;

namespace StatementDrafting.Web.Features.Participations;

/// <summary>
/// How a person is shown to participants and observers, under the Chatham House Rule: by pseudonym, or, while acting
/// as co-host of a session, as "Co-host (organisation)". Never by name. Every participant-facing view, hub message,
/// projector view and export names people through these helpers.
/// </summary>
public static class PublicName
{
    /// <summary>A participant: their alias, or "Participant {number}".</summary>
    public static string Of(Participation participation)
    {
        ArgumentNullException.ThrowIfNull(participation);
        return participation.Pseudonym;
    }

    /// <summary>The same, from the stored columns (for queries that project rather than load participations).</summary>
    public static string Of(int number, string? alias) =>
        string.IsNullOrWhiteSpace(alias) ? Participation.DefaultPseudonym(number) : alias;

    /// <summary>
    /// A person acting in a session: the co-host label when they hold a co-host seat in it (the seat's organisation is
    /// public on the agenda), otherwise their pseudonym.
    /// </summary>
    public static string ActingIn(Participation participation, string? agendaItemKey)
    {
        ArgumentNullException.ThrowIfNull(participation);
        var seat = agendaItemKey is null ? null : participation.CoHostSeats.FirstOrDefault(s => s.AgendaItemKey == agendaItemKey);
        return seat is null ? participation.Pseudonym : Participation.CoHostLabel(seat.Organisation);
    }

    /// <summary>The co-host label for a seat.</summary>
    public static string Of(CoHostSeat seat)
    {
        ArgumentNullException.ThrowIfNull(seat);
        return Participation.CoHostLabel(seat.Organisation);
    }
}

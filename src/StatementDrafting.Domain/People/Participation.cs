using System.Text.RegularExpressions;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Domain.People;

/// <summary>The roles a person may hold in one consultation.</summary>
public enum ConsultationRole
{
    Organiser,

    /// <summary>Holds the pen for the statements of the sessions they co-host; also a participant.</summary>
    CoHost,
    Participant,

    /// <summary>Follows everything, read-only.</summary>
    Observer,
}

/// <summary>A seat among a parallel session's co-hosts, for one of the co-host organisations named on the agenda.</summary>
public sealed record CoHostSeat(string AgendaItemKey, string Organisation);

/// <summary>How a person came to be counted present on a day.</summary>
public enum PresenceSource
{
    Opened,
    MarkedByOrganiser,
}

public sealed record PresenceMark(int DayNumber, PresenceSource Source);

/// <summary>
/// A person's place in one consultation: their roles, their co-host seats, and how other participants see them.
/// Under the Chatham House Rule others see only the pseudonym ("Participant 17", or an alias the person chose),
/// or, for a co-host acting as such, "Co-host" with the session's co-host organisation.
/// </summary>
public sealed partial class Participation
{
    public const int MinAliasLength = 3;
    public const int MaxAliasLength = 40;

    private readonly List<CoHostSeat> _coHostSeats = [];
    private readonly List<PresenceMark> _presence = [];

    private Participation()
    {
        UserId = string.Empty;
    }

    public Participation(int consultationId, string userId, int number)
    {
        if (number < 1)
        {
            throw new DomainException("A participant number is 1 or more.");
        }

        ConsultationId = consultationId;
        UserId = Text.Required(userId, "user id", 64);
        Number = number;
    }

    public int Id { get; private set; }

    public int ConsultationId { get; private set; }

    public string UserId { get; private set; }

    /// <summary>Unique in the consultation; the default pseudonym is "Participant {Number}".</summary>
    public int Number { get; private set; }

    public string? Alias { get; private set; }

    public bool IsOrganiser { get; private set; }

    public bool IsParticipant { get; private set; }

    public bool IsObserver { get; private set; }

    public int? RegistrationId { get; private set; }

    public IReadOnlyList<CoHostSeat> CoHostSeats => _coHostSeats;

    public IReadOnlyList<PresenceMark> Presence => _presence;

    public bool IsCoHost => _coHostSeats.Count > 0;

    /// <summary>How other participants and observers see this person.</summary>
    public string Pseudonym => Alias ?? DefaultPseudonym(Number);

    public static string DefaultPseudonym(int number) => $"Participant {number}";

    /// <summary>How a co-host appears while acting as co-host of a session: never by name.</summary>
    public static string CoHostLabel(string organisation) => $"Co-host ({organisation})";

    public bool Holds(ConsultationRole role) => role switch
    {
        ConsultationRole.Organiser => IsOrganiser,
        ConsultationRole.CoHost => IsCoHost,
        ConsultationRole.Participant => IsParticipant || IsCoHost,
        ConsultationRole.Observer => IsObserver,
        _ => false,
    };

    public bool CoHosts(string agendaItemKey) => _coHostSeats.Any(s => s.AgendaItemKey == agendaItemKey);

    /// <summary>Reads the consultation's statements and follows their amendments: anyone with a role.</summary>
    public bool MayReadStatements => IsOrganiser || IsParticipant || IsObserver || IsCoHost;

    /// <summary>Proposes and supports amendments: participants, co-hosts and organisers; observers only follow.</summary>
    public bool MayProposeAmendments => IsOrganiser || IsParticipant || IsCoHost;

    /// <summary>Locks and unlocks statements: organisers only.</summary>
    public bool MayManageStatements => IsOrganiser;

    /// <summary>
    /// Holds the pen for a statement (edits its text, decides on its amendments, names its milestones): organisers for
    /// every statement; co-hosts for a cluster's common statement when they co-host one of the cluster's sessions on
    /// <paramref name="agenda"/> (the consultation's agenda items).
    /// </summary>
    public bool MayDraft(StatementKind kind, int? clusterNumber, IEnumerable<AgendaItem> agenda)
    {
        ArgumentNullException.ThrowIfNull(agenda);
        return IsOrganiser
            || (kind == StatementKind.Common && IsCoHost && agenda.Any(i => i.IsSessionOf(clusterNumber) && CoHosts(i.Key)));
    }

    public void MakeOrganiser() => IsOrganiser = true;

    public void MakeParticipant(int? registrationId = null)
    {
        IsParticipant = true;
        RegistrationId ??= registrationId;
    }

    public void MakeObserver() => IsObserver = true;

    /// <summary>
    /// Seats the person among a parallel session's co-hosts, for one of the organisations the agenda names for it
    /// (the first when none is given; see <see cref="AgendaItem.CoHostSeatFor"/>). A co-host is a participant too.
    /// </summary>
    public void SeatAsCoHost(AgendaItem session, string? organisation = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        var seat = session.CoHostSeatFor(organisation);
        if (!_coHostSeats.Contains(seat))
        {
            _coHostSeats.Add(seat);
        }

        IsParticipant = true;
    }

    public void Unseat(string agendaItemKey) => _coHostSeats.RemoveAll(s => s.AgendaItemKey == agendaItemKey);

    public void Withdraw(ConsultationRole role)
    {
        switch (role)
        {
            case ConsultationRole.Organiser: IsOrganiser = false; break;
            case ConsultationRole.Participant: IsParticipant = false; break;
            case ConsultationRole.Observer: IsObserver = false; break;
            case ConsultationRole.CoHost: _coHostSeats.Clear(); break;
        }
    }

    /// <summary>Counts the person present on a day (once per day; an organiser's mark stands beside an opening).</summary>
    public bool MarkPresent(int dayNumber, PresenceSource source)
    {
        if (_presence.Any(p => p.DayNumber == dayNumber))
        {
            return false;
        }

        _presence.Add(new PresenceMark(dayNumber, source));
        return true;
    }

    public bool WasPresentOn(int dayNumber) => _presence.Any(p => p.DayNumber == dayNumber);

    /// <summary>
    /// Takes back the person's presence on a day, however it was recorded (an organiser corrects the list).
    /// False when they were not counted present that day.
    /// </summary>
    public bool UnmarkPresent(int dayNumber) => _presence.RemoveAll(p => p.DayNumber == dayNumber) > 0;

    /// <summary>
    /// Chooses an alias, or clears it (null or blank) to go back to "Participant {Number}". An alias is unique in the
    /// consultation and may not contain the person's own name or organisation, nor pass for someone else's pseudonym or a role.
    /// </summary>
    public void ChooseAlias(string? alias, string realName, string organisation, IEnumerable<string> aliasesInUse)
    {
        ArgumentNullException.ThrowIfNull(aliasesInUse);
        if (string.IsNullOrWhiteSpace(alias))
        {
            Alias = null;
            return;
        }

        var value = Spaces().Replace(alias.Trim(), " ");
        if (value.Length is < MinAliasLength or > MaxAliasLength)
        {
            throw new DomainException($"An alias is {MinAliasLength} to {MaxAliasLength} characters long.");
        }

        if (!value.Any(char.IsLetterOrDigit) || value.Any(char.IsControl))
        {
            throw new DomainException("An alias needs letters or digits, and no control characters.");
        }

        var key = OrganisationName.Normalise(value);
        if (ReservedPrefix().IsMatch(key))
        {
            throw new DomainException("An alias may not look like a participant number or a role.");
        }

        if (RevealsIdentity(key, realName, organisation))
        {
            throw new DomainException("Under the Chatham House Rule an alias may not contain your name or your organisation.");
        }

        if (aliasesInUse.Any(a => OrganisationName.Normalise(a) == key))
        {
            throw new DomainException("Someone in this consultation uses that alias already.");
        }

        Alias = value;
    }

    private static bool RevealsIdentity(string aliasKey, string realName, string organisation)
    {
        var padded = $" {aliasKey} ";
        var compact = aliasKey.Replace(" ", string.Empty, StringComparison.Ordinal);
        var name = OrganisationName.Normalise(realName);
        var org = OrganisationName.Normalise(organisation);
        var candidates = new List<string> { name, org };
        candidates.AddRange(name.Split(' ').Where(part => part.Length >= 3));
        foreach (Match acronym in Acronym().Matches(organisation ?? string.Empty))
        {
            candidates.Add(acronym.Groups[1].Value.ToLowerInvariant());
        }

        return candidates.Where(c => c.Length >= 2).Any(c =>
            padded.Contains($" {c} ", StringComparison.Ordinal)
            || (c.Length >= 4 && compact.Contains(c.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal)));
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^(participant|co ?host|organi[sz]er|observer)\b")]
    private static partial Regex ReservedPrefix();

    [GeneratedRegex(@"\(([A-Za-z]{2,10})\)")]
    private static partial Regex Acronym();
}

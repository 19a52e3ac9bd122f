namespace StatementDrafting.Domain.Nominations;

/// <summary>Where a nomination stands.</summary>
public enum NominationStatus
{
    /// <summary>Someone was proposed by name and organisation; an organiser has yet to find them among the participants.</summary>
    AwaitingMatch,

    /// <summary>Matched to a registered participant, who has yet to accept being named.</summary>
    AwaitingConsent,

    /// <summary>The nominee consented to be named: they are shown to all participants and may be placed on the slate.</summary>
    Accepted,

    /// <summary>The person asked declined.</summary>
    Declined,

    /// <summary>Taken back: by the proposer before consent, or by the nominee (consent withdrawn).</summary>
    Withdrawn,
}

/// <summary>
/// A proposal that someone speak for the consultation at the review meeting. A participant nominates themself (their
/// consent given with it), or proposes someone by name and organisation; an organiser matches a proposal to a registered
/// participant, who accepts or declines. Only an accepted nominee is ever shown to others, and then by name, never by
/// pseudonym. Who proposed whom is kept only so that proposers can follow and take back their own proposals: no view
/// shows it to anyone else.
/// </summary>
public sealed class Nomination
{
    public const int MaxProposedNameLength = Text.MaxNameLength;
    public const int MaxNoteLength = 500;

    private Nomination()
    {
        ProposedName = string.Empty;
        ProposedOrganisation = string.Empty;
    }

    public int Id { get; private set; }

    public int ConsultationId { get; private set; }

    /// <summary>Who proposed: kept for the proposer's own view, never shown to anyone else.</summary>
    public int ProposerParticipationId { get; private set; }

    /// <summary>The name as the proposer gave it (a self-nomination: empty; the nominee's registration names them).</summary>
    public string ProposedName { get; private set; }

    public string ProposedOrganisation { get; private set; }

    /// <summary>Why this person, in the proposer's words; shown to organisers only, without the proposer.</summary>
    public string? Note { get; private set; }

    /// <summary>The kind of speaker slot proposed ("roundtable"), if any.</summary>
    public string? PreferredSlotKind { get; private set; }

    public bool IsSelf { get; private set; }

    /// <summary>The registered participant the nomination is for, once known.</summary>
    public int? NomineeParticipationId { get; private set; }

    public NominationStatus Status { get; private set; }

    /// <summary>The speaker slot the organisers placed the nominee in (accepted nominees only).</summary>
    public int? SlotId { get; private set; }

    /// <summary>The nominee's place within the slot, from 1.</summary>
    public int? Position { get; private set; }

    public DateTimeOffset ProposedAt { get; private set; }

    /// <summary>Moves with every change: two organisers placing nominees at once cannot both write what they read.</summary>
    public int Version { get; private set; }

    public bool IsPlaced => SlotId is not null;

    /// <summary>A participant nominates themself; saying so is their consent to be named as a nominee.</summary>
    public static Nomination Self(int consultationId, int participationId, string? preferredSlotKind, string? note, DateTimeOffset at) => new()
    {
        ConsultationId = consultationId,
        ProposerParticipationId = participationId,
        NomineeParticipationId = participationId,
        IsSelf = true,
        Status = NominationStatus.Accepted,
        PreferredSlotKind = CleanSlotKind(preferredSlotKind),
        Note = CleanNote(note),
        ProposedAt = at,
    };

    /// <summary>A participant proposes someone by name and organisation, for an organiser to match and the person to accept.</summary>
    public static Nomination Propose(int consultationId, int proposerParticipationId, string name, string organisation, string? preferredSlotKind, string? note, DateTimeOffset at) => new()
    {
        ConsultationId = consultationId,
        ProposerParticipationId = proposerParticipationId,
        ProposedName = Text.Required(name, "name of the person proposed", MaxProposedNameLength),
        ProposedOrganisation = Text.Required(organisation, "organisation of the person proposed", Text.MaxNameLength),
        Status = NominationStatus.AwaitingMatch,
        PreferredSlotKind = CleanSlotKind(preferredSlotKind),
        Note = CleanNote(note),
        ProposedAt = at,
    };

    /// <summary>
    /// An organiser matches the proposal to a registered participant, who is then asked to accept (again, when an
    /// earlier match was wrong). The proposer's own name is matched like anyone's: they still confirm.
    /// </summary>
    public void Match(int participationId)
    {
        if (Status is not (NominationStatus.AwaitingMatch or NominationStatus.AwaitingConsent))
        {
            throw new DomainException("Only a proposal not yet answered can be matched to a participant.");
        }

        if (participationId < 1)
        {
            throw new DomainException("Choose a registered participant.");
        }

        NomineeParticipationId = participationId;
        Status = NominationStatus.AwaitingConsent;
        Version++;
    }

    /// <summary>The person asked accepts being named as a nominee.</summary>
    public void Accept(int participationId)
    {
        EnsureAsked(participationId);
        Status = NominationStatus.Accepted;
        Version++;
    }

    /// <summary>The person asked declines; nothing of the proposal is shown to anyone but its proposer afterwards.</summary>
    public void Decline(int participationId)
    {
        EnsureAsked(participationId);
        Status = NominationStatus.Declined;
        Version++;
    }

    /// <summary>
    /// The nominee withdraws their consent (or their self-nomination), or the proposer takes back a proposal not yet
    /// accepted. The nominee leaves the slate.
    /// </summary>
    public void Withdraw(int participationId)
    {
        var byNominee = NomineeParticipationId == participationId && Status is NominationStatus.Accepted or NominationStatus.AwaitingConsent;
        var byProposer = ProposerParticipationId == participationId && Status is NominationStatus.AwaitingMatch or NominationStatus.AwaitingConsent;
        if (!byNominee && !byProposer)
        {
            throw new DomainException(Status is NominationStatus.Declined or NominationStatus.Withdrawn
                ? "This nomination is no longer open."
                : "Only the nominee can withdraw an accepted nomination.");
        }

        Status = NominationStatus.Withdrawn;
        (SlotId, Position) = (null, null);
        Version++;
    }

    /// <summary>An organiser places an accepted nominee in a slot at a position, or takes them off the slate (null).</summary>
    public void Place(int? slotId, int? position)
    {
        if (slotId is not null && Status != NominationStatus.Accepted)
        {
            throw new DomainException("Only a nominee who accepted can be placed on the slate.");
        }

        if (slotId is not null && position is not >= 1)
        {
            throw new DomainException("A place on the slate is numbered from 1.");
        }

        (SlotId, Position) = slotId is null ? (null, null) : (slotId, position);
        Version++;
    }

    private void EnsureAsked(int participationId)
    {
        if (Status != NominationStatus.AwaitingConsent || NomineeParticipationId != participationId)
        {
            throw new DomainException("This nomination is not waiting for your answer.");
        }
    }

    private static string? CleanSlotKind(string? kind) =>
        string.IsNullOrWhiteSpace(kind) ? null : Text.Required(kind, "speaker slot", Text.MaxNameLength);

    private static string? CleanNote(string? note)
    {
        if (string.IsNullOrWhiteSpace(note))
        {
            return null;
        }

        var clean = note.Trim();
        return clean.Length > MaxNoteLength ? throw new DomainException($"A note has at most {MaxNoteLength} characters.") : clean;
    }
}

using StatementDrafting.Domain.Consultations;

namespace StatementDrafting.Domain.Polls;

/// <summary>What a poll decides.</summary>
public enum PollSubject
{
    /// <summary>Adopting a statement at a revision.</summary>
    Adoption,

    /// <summary>Approving the slate of speakers as a whole.</summary>
    Slate,
}

/// <summary>
/// A poll of the plenary (ADR 0011): on the adoption of a statement, fixed to one revision and the fingerprint of its
/// exact text, or on the speakers' slate. While it is open, eligible voters respond and may change their response; each
/// ballot is held under a key that only this poll's <see cref="Secret"/> makes (<see cref="VoterKey"/>). At close the
/// rule decides (<see cref="PollDecision"/>), the counts are recorded, and the secret is dropped, with the ballots.
/// The poll itself never names a voter or holds a choice of anyone's.
/// </summary>
public sealed class Poll
{
    public const int MaxReasonLength = 1_000;
    public const int MaxTextLength = 2_000_000;

    private Poll()
    {
        Title = string.Empty;
        Text = string.Empty;
        Fingerprint = string.Empty;
        RuleName = AdoptionRule.Consensus;
    }

    public int Id { get; private set; }

    public int ConsultationId { get; private set; }

    public PollSubject Subject { get; private set; }

    /// <summary>The statement put to the plenary (adoption polls).</summary>
    public int? StatementId { get; private set; }

    /// <summary>What the poll is on, as shown ("Common statement of cluster 2").</summary>
    public string Title { get; private set; }

    /// <summary>
    /// The statement's revision the poll is on (the statement is locked at it while the poll is open); for a slate, the
    /// number of the slate version put to the plenary.
    /// </summary>
    public int Revision { get; private set; }

    /// <summary>The exact text put to the plenary (<see cref="Statements.StatementFingerprint.CanonicalText"/>).</summary>
    public string Text { get; private set; }

    /// <summary>SHA-256 of <see cref="Text"/>, lower-case hex.</summary>
    public string Fingerprint { get; private set; }

    public AdoptionRule RuleName { get; private set; }

    public int? QuorumPercent { get; private set; }

    public int MajorityNumerator { get; private set; }

    public int MajorityDenominator { get; private set; }

    /// <summary>One response per organisation (the latest of any of its members) instead of one per person.</summary>
    public bool PerOrganisation { get; private set; }

    /// <summary>Whether everyone (the projector too) sees the counts while the poll is open, not only the chair.</summary>
    public bool TallyShownToAll { get; private set; }

    public DateTimeOffset OpenedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public bool IsOpen => ClosedAt is null;

    /// <summary>Moves with every response and the close: two writers of the same poll cannot both succeed.</summary>
    public int Version { get; private set; }

    /// <summary>The key of this poll's ballots while it is open; null once it closed.</summary>
    public byte[]? Secret { get; private set; }

    /// <summary>The counts shown while open (they move only every <see cref="ShownTally.Step"/> responses).</summary>
    public int ShownSupport { get; private set; }

    public int ShownCanLiveWith { get; private set; }

    public int ShownObjections { get; private set; }

    /// <summary>Responses arrived since the shown counts last moved.</summary>
    public int ArrivedSinceShown { get; private set; }

    /// <summary>Once closed: the eligible voters (people, or organisations) the quorum was counted against.</summary>
    public int Eligible { get; private set; }

    public int FinalSupport { get; private set; }

    public int FinalCanLiveWith { get; private set; }

    public int FinalObjections { get; private set; }

    public PollOutcome? Outcome { get; private set; }

    public string? Explanation { get; private set; }

    public PollRule Rule => new(RuleName, QuorumPercent, new MajorityShare(MajorityNumerator, MajorityDenominator));

    public ShownTally Shown => new(new PollTally(ShownSupport, ShownCanLiveWith, ShownObjections), ArrivedSinceShown);

    public PollTally? Final => IsOpen ? null : new PollTally(FinalSupport, FinalCanLiveWith, FinalObjections);

    /// <summary>Opens the adoption poll of a statement at <paramref name="revision"/>, on its exact <paramref name="text"/>.</summary>
    public static Poll OpenAdoption(int consultationId, int statementId, string title, int revision, string text, PollRule rule,
        bool perOrganisation, bool tallyShownToAll, DateTimeOffset at)
    {
        var poll = Open(PollSubject.Adoption, consultationId, title, text, rule, perOrganisation, tallyShownToAll, at);
        poll.StatementId = statementId;
        poll.Revision = revision;
        return poll;
    }

    /// <summary>
    /// Opens the poll on the speakers' slate as a whole, on its canonical <paramref name="text"/>
    /// (<see cref="Nominations.Slate.CanonicalText"/>); <paramref name="version"/> numbers the slates put to the plenary.
    /// </summary>
    public static Poll OpenSlate(int consultationId, int version, string text, PollRule rule, bool perOrganisation, bool tallyShownToAll, DateTimeOffset at)
    {
        var poll = Open(PollSubject.Slate, consultationId, "The speakers' slate", text, rule, perOrganisation, tallyShownToAll, at);
        poll.Revision = version;
        return poll;
    }

    private static Poll Open(PollSubject subject, int consultationId, string title, string text, PollRule rule, bool perOrganisation, bool tallyShownToAll, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(text);
        rule.Checked();
        if (text.Length > MaxTextLength)
        {
            throw new DomainException("This text is too long to be put to a poll.");
        }

        return new Poll
        {
            ConsultationId = consultationId,
            Subject = subject,
            Title = Domain.Text.Required(title, "title", 300),
            Text = text,
            Fingerprint = Statements.StatementFingerprint.Of(text),
            RuleName = rule.Rule,
            QuorumPercent = rule.QuorumPercent,
            MajorityNumerator = rule.Majority.Numerator,
            MajorityDenominator = rule.Majority.Denominator,
            PerOrganisation = perOrganisation,
            TallyShownToAll = tallyShownToAll,
            OpenedAt = at,
            Secret = VoterKey.NewSecret(),
        };
    }

    /// <summary>The key of a person's ballot, or of their organisation's in organisation mode; refused once closed.</summary>
    public string BallotKeyOf(int participationId, string? organisation)
    {
        var secret = OpenSecret();
        if (!PerOrganisation)
        {
            return VoterKey.OfPerson(secret, participationId);
        }

        return string.IsNullOrWhiteSpace(organisation)
            ? throw new DomainException("This poll takes one response per organisation, and your registration names none.")
            : VoterKey.OfOrganisation(secret, organisation);
    }

    /// <summary>A response arrived (first or changed); <paramref name="current"/> are the poll's true counts after it.</summary>
    public void Arrived(PollTally current)
    {
        OpenSecret();
        Version++;
        var shown = Shown.After(current);
        (ShownSupport, ShownCanLiveWith, ShownObjections, ArrivedSinceShown) = (shown.Tally.Support, shown.Tally.CanLiveWith, shown.Tally.Objections, shown.ArrivedSince);
    }

    /// <summary>
    /// Closes the poll: the rule decides on <paramref name="tally"/> against <paramref name="eligible"/> voters (the chair
    /// declares under the chair's declaration); the counts become the record and the secret is dropped.
    /// </summary>
    public PollDecision Close(PollTally tally, int eligible, bool? declaredAdopted, DateTimeOffset at)
    {
        OpenSecret();
        var decision = PollDecision.Decide(Rule, tally, eligible, declaredAdopted);
        Version++;
        ClosedAt = at;
        Secret = null;
        Eligible = eligible;
        (FinalSupport, FinalCanLiveWith, FinalObjections) = (tally.Support, tally.CanLiveWith, tally.Objections);
        (ShownSupport, ShownCanLiveWith, ShownObjections, ArrivedSinceShown) = (tally.Support, tally.CanLiveWith, tally.Objections, 0);
        Outcome = decision.Outcome;
        Explanation = decision.Explanation;
        return decision;
    }

    /// <summary>A response's reason, checked: optional, one paragraph, at most <see cref="MaxReasonLength"/> characters.</summary>
    public static string? CleanReason(PollChoice choice, string? reason)
    {
        if (!Enum.IsDefined(choice))
        {
            throw new DomainException("Choose Support, Can live with it, or Object.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return null;
        }

        if (choice != PollChoice.Objection)
        {
            throw new DomainException("Only an objection takes a reason.");
        }

        var clean = reason.Trim();
        return clean.Length > MaxReasonLength
            ? throw new DomainException($"A reason has at most {MaxReasonLength} characters.")
            : clean;
    }

    private byte[] OpenSecret() => IsOpen && Secret is { Length: VoterKey.SecretBytes } secret
        ? secret
        : throw new DomainException("This poll is closed.");
}

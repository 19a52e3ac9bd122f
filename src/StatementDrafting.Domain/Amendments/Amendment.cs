using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Domain.Amendments;

/// <summary>What an amendment proposes to do to its paragraph.</summary>
public enum AmendmentKind
{
    /// <summary>Replace the paragraph's text with the proposed text.</summary>
    Replace,

    /// <summary>Insert a new paragraph with the proposed text after the paragraph.</summary>
    InsertAfter,

    /// <summary>Delete the paragraph.</summary>
    Delete,
}

public enum AmendmentStatus
{
    /// <summary>Proposed and waiting for a decision; it follows the live text.</summary>
    Open,

    /// <summary>The paragraph changed where the amendment changes it: the proposer or a co-host must update it.</summary>
    NeedsUpdate,

    Accepted,

    AcceptedWithModifications,

    Rejected,

    /// <summary>Taken up into another amendment.</summary>
    Merged,

    Withdrawn,

    /// <summary>Its paragraph is gone, or the text already says what it proposed.</summary>
    Obsolete,
}

/// <summary>Who did something to an amendment, as the history shows it (never a name).</summary>
public enum AmendmentActor
{
    Proposer,
    CoHost,
    System,
}

/// <summary>One step in an amendment's history.</summary>
public sealed class AmendmentEvent
{
    private AmendmentEvent()
    {
        What = string.Empty;
    }

    internal AmendmentEvent(AmendmentStatus status, AmendmentActor actor, string what, int revision, DateTimeOffset at, string? text, string? note)
    {
        Status = status;
        Actor = actor;
        What = what;
        Revision = revision;
        At = at;
        Text = text;
        Note = note;
    }

    public int Id { get; private set; }

    public int AmendmentId { get; private set; }

    /// <summary>The amendment's status after this step.</summary>
    public AmendmentStatus Status { get; private set; }

    public AmendmentActor Actor { get; private set; }

    /// <summary>What happened, in a few words ("Proposed", "Updated to the current text", "Rejected").</summary>
    public string What { get; private set; }

    /// <summary>The statement's revision at the time.</summary>
    public int Revision { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>The proposed text after this step, when the step changed it.</summary>
    public string? Text { get; private set; }

    /// <summary>A reason or rationale given with the step.</summary>
    public string? Note { get; private set; }
}

/// <summary>
/// A participant's proposed change to one paragraph of a statement (replace its text, insert a paragraph after it,
/// delete it). It records the paragraph's text it was made against (<see cref="BaseText"/>, at
/// <see cref="BaseRevision"/>) and what it proposes instead (<see cref="ProposedText"/>). While open it follows the
/// live text: <see cref="FollowText"/> merges it word by word onto the paragraph's current text, or marks it as
/// needing an update when the paragraph changed where it does. Co-hosts decide on it; its history keeps every step.
/// </summary>
public sealed class Amendment
{
    public const int MaxTextLength = 20_000;
    public const int MaxRationaleLength = 2_000;
    public const int MaxReasonLength = 2_000;

    private readonly List<AmendmentEvent> _history = [];

    private Amendment()
    {
        BlockId = string.Empty;
        ProposerId = string.Empty;
        BaseText = string.Empty;
        ProposedText = string.Empty;
    }

    public int Id { get; private set; }

    public int StatementId { get; private set; }

    /// <summary>Its number within the statement (A1, A2, ...), in order of proposal.</summary>
    public int Number { get; private set; }

    public AmendmentKind Kind { get; private set; }

    /// <summary>The paragraph it changes (for an insertion: the paragraph it follows).</summary>
    public string BlockId { get; private set; }

    public string ProposerId { get; private set; }

    public string? Rationale { get; private set; }

    /// <summary>The revision it was first proposed against.</summary>
    public int ProposedAtRevision { get; private set; }

    /// <summary>The revision of <see cref="BaseText"/>: the last text it was merged onto.</summary>
    public int BaseRevision { get; private set; }

    /// <summary>The paragraph's text the proposal is against (empty for an insertion).</summary>
    public string BaseText { get; private set; }

    /// <summary>The proposed text of the paragraph (for a deletion: empty; for an insertion: the new paragraph).</summary>
    public string ProposedText { get; private set; }

    public AmendmentStatus Status { get; private set; }

    /// <summary>A co-host's reason for a rejection, or a note on an obsolete amendment.</summary>
    public string? DecisionNote { get; private set; }

    /// <summary>For a merged amendment: the number of the amendment it was merged into.</summary>
    public int? MergedIntoNumber { get; private set; }

    /// <summary>For an accepted amendment: the revision that applied it.</summary>
    public int? AppliedRevision { get; private set; }

    public int SupportCount { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Changes with every step (a concurrency token: two decisions at once cannot both land).</summary>
    public int Version { get; private set; }

    public IReadOnlyList<AmendmentEvent> History => _history;

    public bool IsPending => Status is AmendmentStatus.Open or AmendmentStatus.NeedsUpdate;

    public bool IsDecided => !IsPending;

    public static Amendment Propose(
        int statementId,
        int number,
        AmendmentKind kind,
        string blockId,
        int revision,
        string paragraphText,
        string? proposedText,
        string? rationale,
        string proposerId,
        DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrEmpty(blockId);
        ArgumentException.ThrowIfNullOrEmpty(proposerId);
        ArgumentNullException.ThrowIfNull(paragraphText);
        var amendment = new Amendment
        {
            StatementId = statementId,
            Number = number,
            Kind = kind,
            BlockId = blockId,
            ProposerId = proposerId,
            Rationale = Optional(rationale, "rationale", MaxRationaleLength),
            ProposedAtRevision = revision,
            CreatedAt = at,
        };
        amendment.SetProposal(paragraphText, proposedText, revision);
        amendment.Record(AmendmentStatus.Open, AmendmentActor.Proposer, "Proposed", revision, at, amendment.ProposedText, amendment.Rationale);
        return amendment;
    }

    /// <summary>
    /// The proposer changes the proposal (or, when it needs an update, the proposer or a co-host brings it onto the
    /// current text); it is then against <paramref name="paragraphText"/> at <paramref name="revision"/>.
    /// </summary>
    public void Revise(AmendmentActor actor, string paragraphText, string? proposedText, string? rationale, int revision, DateTimeOffset at)
    {
        RequirePending("changed");
        if (actor == AmendmentActor.CoHost && Status != AmendmentStatus.NeedsUpdate)
        {
            throw new DomainException("Only the proposer may change an open amendment; co-hosts may accept it with modifications.");
        }

        SetProposal(paragraphText, proposedText, revision);
        if (actor == AmendmentActor.Proposer && rationale is not null)
        {
            Rationale = Optional(rationale, "rationale", MaxRationaleLength);
        }

        var what = Status == AmendmentStatus.NeedsUpdate ? "Updated to the current text" : "Changed by the proposer";
        Record(AmendmentStatus.Open, actor, what, revision, at, ProposedText, null);
    }

    public void Withdraw(DateTimeOffset at, int revision)
    {
        RequirePending("withdrawn");
        Record(AmendmentStatus.Withdrawn, AmendmentActor.Proposer, "Withdrawn", revision, at, null, null);
    }

    /// <summary>
    /// Follows the paragraph's current text. A replacement is merged word by word onto it: a clean merge moves the
    /// amendment onto the current text (and clears a "needs update"); a conflict marks it as needing an update. A
    /// deletion simply deletes what is there now. Returns true if anything changed.
    /// </summary>
    public bool FollowText(string paragraphText, int revision, DateTimeOffset at, WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(paragraphText);
        if (!IsPending || (revision <= BaseRevision && Status == AmendmentStatus.Open))
        {
            return false;
        }

        switch (Kind)
        {
            case AmendmentKind.Replace:
                if (string.Equals(paragraphText, BaseText, StringComparison.Ordinal))
                {
                    BaseRevision = revision;
                    return false;
                }

                var merged = ThreeWayMerge.Merge(BaseText, ProposedText, paragraphText, budget);
                if (!merged.IsClean)
                {
                    if (Status == AmendmentStatus.NeedsUpdate)
                    {
                        return false;
                    }

                    Record(AmendmentStatus.NeedsUpdate, AmendmentActor.System, "The paragraph changed where this amendment changes it", revision, at, null, null);
                    return true;
                }

                BaseText = paragraphText;
                BaseRevision = revision;
                ProposedText = merged.Text!;
                if (string.Equals(ProposedText, paragraphText, StringComparison.Ordinal))
                {
                    DecisionNote = "The text already says what this amendment proposed.";
                    Record(AmendmentStatus.Obsolete, AmendmentActor.System, "Already in the text", revision, at, null, DecisionNote);
                    return true;
                }

                if (Status == AmendmentStatus.NeedsUpdate)
                {
                    Record(AmendmentStatus.Open, AmendmentActor.System, "Follows the current text again", revision, at, ProposedText, null);
                }
                else
                {
                    Touch(at);
                }

                return true;
            case AmendmentKind.Delete:
                BaseText = paragraphText;
                BaseRevision = revision;
                Touch(at);
                return true;
            default:
                BaseRevision = revision;
                return false;
        }
    }

    /// <summary>The paragraph is gone: the amendment can no longer apply.</summary>
    public bool ParagraphDeleted(int revision, DateTimeOffset at)
    {
        if (!IsPending)
        {
            return false;
        }

        DecisionNote = "Its paragraph was deleted.";
        Record(AmendmentStatus.Obsolete, AmendmentActor.System, "Paragraph deleted", revision, at, null, DecisionNote);
        return true;
    }

    /// <summary>
    /// The text the paragraph gets if this amendment is accepted now, given the paragraph's current text: for a
    /// replacement, the proposal merged onto it (null when the merge conflicts).
    /// </summary>
    public string? TextToApply(string paragraphText)
    {
        ArgumentNullException.ThrowIfNull(paragraphText);
        return Kind switch
        {
            AmendmentKind.Replace => ThreeWayMerge.Merge(BaseText, ProposedText, paragraphText).Text,
            AmendmentKind.InsertAfter => ProposedText,
            _ => string.Empty,
        };
    }

    /// <summary>
    /// The edit that accepting this amendment now makes to the live draft, given its <paramref name="paragraph"/> as it
    /// is now: the paragraph's text replaced by <see cref="TextToApply"/>, a new numbered paragraph after it, or its
    /// deletion. With <paramref name="modifiedText"/> a co-host accepts that wording instead (written against
    /// <paramref name="writtenAgainst"/>, see <see cref="FollowWhileWritten"/>); a deletion is accepted as it is.
    /// Refused when the amendment is decided, needs an update first, or proposes what the paragraph already says.
    /// </summary>
    public AmendmentEdit EditToApply(DraftBlock paragraph, string? modifiedText = null, string? writtenAgainst = null)
    {
        ArgumentNullException.ThrowIfNull(paragraph);
        RequirePending("accepted");
        var modified = modifiedText is not null;
        var text = !modified ? TextToApply(paragraph.Text)
            : Kind == AmendmentKind.Replace ? FollowWhileWritten(writtenAgainst, modifiedText, paragraph.Text)!.Replace("\r\n", "\n", StringComparison.Ordinal)
            : modifiedText!.Replace("\r\n", "\n", StringComparison.Ordinal);
        EditOp op = Kind switch
        {
            AmendmentKind.Delete when modified => throw new DomainException("A deletion is accepted or rejected as it is."),
            AmendmentKind.Delete => new DeleteBlock(paragraph.Id),
            AmendmentKind.InsertAfter => new InsertBlock(Statements.BlockId.New(), paragraph.Id, BlockKind.NumberedParagraph, 0, text!),
            _ when text is null => throw NeedsUpdate(),
            _ when string.Equals(text, paragraph.Text, StringComparison.Ordinal) => throw new DomainException("The paragraph already says this."),
            _ => new TextEdit(paragraph.Id, TextDiff.Between(paragraph.Text, text)),
        };
        return Status == AmendmentStatus.NeedsUpdate && !modified ? throw NeedsUpdate() : new AmendmentEdit(op, text!);
    }

    /// <summary>
    /// A paragraph's new wording written while the paragraph itself may have changed: <paramref name="written"/> was
    /// made from <paramref name="writtenAgainst"/>, and the paragraph now says <paramref name="current"/>. What others
    /// changed meanwhile is kept by a word-level merge, so sending the wording never quietly undoes their words. A
    /// clash (both changed the same words) is refused. Without <paramref name="writtenAgainst"/>, the wording stands.
    /// </summary>
    public static string? FollowWhileWritten(string? writtenAgainst, string? written, string current)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (written is null || writtenAgainst is null)
        {
            return written;
        }

        var against = writtenAgainst.Replace("\r\n", "\n", StringComparison.Ordinal);
        var text = written.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (string.Equals(against, current, StringComparison.Ordinal))
        {
            return text;
        }

        return ThreeWayMerge.Merge(against, text, current).Text
            ?? throw new ChangedWhileWrittenException();
    }

    public void Accept(int appliedRevision, DateTimeOffset at)
    {
        RequireDecidable();
        AppliedRevision = appliedRevision;
        Record(AmendmentStatus.Accepted, AmendmentActor.CoHost, "Accepted", appliedRevision, at, null, null);
    }

    /// <summary>A co-host changed the proposal and accepted it (also resolves an amendment that needed an update).</summary>
    public void AcceptWithModifications(string paragraphText, string modifiedText, int appliedRevision, DateTimeOffset at)
    {
        RequirePending("accepted");
        SetProposal(paragraphText, modifiedText, appliedRevision - 1);
        AppliedRevision = appliedRevision;
        Record(AmendmentStatus.AcceptedWithModifications, AmendmentActor.CoHost, "Accepted with modifications", appliedRevision, at, ProposedText, null);
    }

    public void Reject(string reason, int revision, DateTimeOffset at)
    {
        RequirePending("rejected");
        DecisionNote = Domain.Text.Required(reason, "reason", MaxReasonLength);
        Record(AmendmentStatus.Rejected, AmendmentActor.CoHost, "Rejected", revision, at, null, DecisionNote);
    }

    public void MergeInto(Amendment other, int revision, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(other);
        RequirePending("merged");
        if (other.StatementId != StatementId || other.Number == Number)
        {
            throw new DomainException("An amendment can only be merged into another amendment of the same statement.");
        }

        if (other.Status is AmendmentStatus.Withdrawn or AmendmentStatus.Rejected or AmendmentStatus.Obsolete or AmendmentStatus.Merged)
        {
            throw new DomainException($"Amendment {other.Label} is {other.Status.ToString().ToLowerInvariant()}; merge into a live or accepted one.");
        }

        MergedIntoNumber = other.Number;
        Record(AmendmentStatus.Merged, AmendmentActor.CoHost, $"Merged into {other.Label}", revision, at, null, null);
    }

    public string Label => $"A{Number}";

    /// <summary>Counts a supporter in or out (who supports what is kept apart and shown to nobody else).</summary>
    public void CountSupport(bool supported)
    {
        if (supported)
        {
            RequirePending("supported");
        }

        SupportCount = Math.Max(0, SupportCount + (supported ? 1 : -1));
        Version++;
    }

    private void SetProposal(string paragraphText, string? proposedText, int revision)
    {
        ArgumentNullException.ThrowIfNull(paragraphText);
        var text = Kind == AmendmentKind.Delete ? string.Empty : (proposedText ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (text.Length > MaxTextLength)
        {
            throw new DomainException($"The proposed text is {text.Length:N0} characters long; a paragraph holds at most {MaxTextLength:N0}.");
        }

        switch (Kind)
        {
            case AmendmentKind.Replace when string.IsNullOrWhiteSpace(text):
                throw new DomainException("The proposed text is empty: to remove the paragraph, propose its deletion.");
            case AmendmentKind.Replace when string.Equals(text, paragraphText, StringComparison.Ordinal):
                throw new DomainException("The proposed text is the same as the paragraph's current text.");
            case AmendmentKind.InsertAfter when string.IsNullOrWhiteSpace(text):
                throw new DomainException("The new paragraph is empty.");
        }

        BaseText = Kind == AmendmentKind.InsertAfter ? string.Empty : paragraphText;
        ProposedText = text;
        BaseRevision = revision;
    }

    /// <summary>Refuses when the amendment is decided (accepted, rejected, merged, withdrawn, obsolete): it can no longer be <paramref name="what"/>.</summary>
    public void RequirePending(string what)
    {
        if (!IsPending)
        {
            throw new DomainException($"Amendment {Label} is {Describe(Status)}; it can no longer be {what}.");
        }
    }

    private void RequireDecidable()
    {
        RequirePending("accepted");
        if (Status == AmendmentStatus.NeedsUpdate)
        {
            throw NeedsUpdate();
        }
    }

    private DomainException NeedsUpdate() =>
        new($"Amendment {Label} needs an update to the current text first (or accept it with modifications).");

    private void Record(AmendmentStatus status, AmendmentActor actor, string what, int revision, DateTimeOffset at, string? text, string? note)
    {
        Status = status;
        _history.Add(new AmendmentEvent(status, actor, what, revision, at, text, note));
        Touch(at);
    }

    private void Touch(DateTimeOffset at)
    {
        UpdatedAt = at;
        Version++;
    }

    public static string Describe(AmendmentStatus status) => status switch
    {
        AmendmentStatus.Open => "open",
        AmendmentStatus.NeedsUpdate => "waiting for an update",
        AmendmentStatus.Accepted => "accepted",
        AmendmentStatus.AcceptedWithModifications => "accepted with modifications",
        AmendmentStatus.Rejected => "rejected",
        AmendmentStatus.Merged => "merged into another amendment",
        AmendmentStatus.Withdrawn => "withdrawn",
        _ => "obsolete",
    };

    private static string? Optional(string? value, string what, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        return trimmed.Length > max
            ? throw new DomainException($"The {what} is {trimmed.Length:N0} characters long; at most {max:N0} are allowed.")
            : trimmed;
    }
}

/// <summary>
/// What accepting an amendment does to the live draft: the edit, and the text it puts in (the paragraph's new text,
/// the new paragraph of an insertion, or empty for a deletion).
/// </summary>
public sealed record AmendmentEdit(EditOp Op, string Text);

/// <summary>The paragraph changed, while a new wording for it was being written, in the words that wording changes.</summary>
public sealed class ChangedWhileWrittenException : DomainException
{
    public ChangedWhileWrittenException()
        : base("The paragraph changed while you were writing, in the words you change. Your text is kept: look at the paragraph as it is now; sending it again puts your wording in as it stands.")
    {
    }
}

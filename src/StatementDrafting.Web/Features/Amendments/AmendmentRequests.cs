using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Amendments;

/// <summary>Proposes an amendment to a paragraph of a statement (replace its text, insert a paragraph after it, delete it).</summary>
/// <remarks>
/// <paramref name="WrittenAgainst"/>: the paragraph's text the proposal was written from (the form's copy); if the
/// paragraph changed since, the changes are merged in rather than undone (<see cref="Amendment.FollowWhileWritten"/>).
/// </remarks>
public sealed record ProposeAmendment(int StatementId, AmendmentKind Kind, string BlockId, string? ProposedText, string? Rationale, string? WrittenAgainst = null)
    : ICommand<AmendmentRef>, IAuthorisedRequest, INotAudited
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Propose);
}

/// <summary>The proposer changes their amendment; or the proposer or a co-host brings one that needs an update onto the current text.</summary>
public sealed record ReviseAmendment(int StatementId, int Number, string? ProposedText, string? Rationale, string? WrittenAgainst = null)
    : ICommand<AmendmentRef>, IAuthorisedRequest, INotAudited
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Propose);
}

/// <summary>The proposer withdraws their amendment.</summary>
public sealed record WithdrawAmendment(int StatementId, int Number) : ICommand<AmendmentRef>, IAuthorisedRequest, INotAudited
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Propose);
}

/// <summary>Supports an amendment, or takes one's support back. Who supports what is shown to nobody else.</summary>
public sealed record SupportAmendment(int StatementId, int Number, bool Support) : ICommand<AmendmentRef>, IAuthorisedRequest, INotAudited
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Propose);
}

public enum AmendmentDecision
{
    Accept,
    AcceptWithModifications,
    Reject,
    Merge,
}

/// <summary>
/// A co-host's decision. Accepting applies the amendment to the live draft through the editing engine as one change
/// labelled with its number, and marks it accepted in the same transaction, so it is applied exactly once.
/// </summary>
public sealed record DecideAmendment(int StatementId, int Number, AmendmentDecision Decision, string? Text = null, string? Reason = null, int? MergeInto = null, string? WrittenAgainst = null)
    : ICommand<AmendmentRef>, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Draft);

    public int? AuditConsultationId => null;

    public string? AuditSubject => $"Statement {StatementId}: amendment A{Number} {Decision}";
}

/// <summary>Which amendment a command acted on, and the revision that applied it (accepted ones).</summary>
public sealed record AmendmentRef(int StatementId, int Number, AmendmentStatus Status, int? AppliedRevision);

public sealed class AmendmentValidators :
    IValidator<ProposeAmendment>, IValidator<ReviseAmendment>, IValidator<WithdrawAmendment>, IValidator<SupportAmendment>, IValidator<DecideAmendment>
{
    public IEnumerable<ValidationError> Validate(ProposeAmendment message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive(("StatementId", message.StatementId, "statement")))
        {
            yield return error;
        }

        if (!Domain.Statements.BlockId.TryParse(message.BlockId, out _))
        {
            yield return new ValidationError(nameof(message.BlockId), "Choose the paragraph the amendment is about.");
        }

        if (!Enum.IsDefined(message.Kind))
        {
            yield return new ValidationError(nameof(message.Kind), "Choose what the amendment does: replace, insert after or delete.");
        }

        foreach (var error in Texts(message.ProposedText, message.Rationale, message.WrittenAgainst))
        {
            yield return error;
        }
    }

    public IEnumerable<ValidationError> Validate(ReviseAmendment message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Amendment(message.StatementId, message.Number).Concat(Texts(message.ProposedText, message.Rationale, message.WrittenAgainst));
    }

    public IEnumerable<ValidationError> Validate(WithdrawAmendment message) => Amendment(message?.StatementId, message?.Number);

    public IEnumerable<ValidationError> Validate(SupportAmendment message) => Amendment(message?.StatementId, message?.Number);

    public IEnumerable<ValidationError> Validate(DecideAmendment message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Amendment(message.StatementId, message.Number).Concat(Texts(message.Text, null, message.WrittenAgainst)))
        {
            yield return error;
        }

        if (message.Reason is { Length: > Domain.Amendments.Amendment.MaxReasonLength })
        {
            yield return new ValidationError(nameof(message.Reason), $"A reason is at most {Domain.Amendments.Amendment.MaxReasonLength:N0} characters.");
        }

        switch (message.Decision)
        {
            case AmendmentDecision.Reject when string.IsNullOrWhiteSpace(message.Reason):
                yield return new ValidationError(nameof(message.Reason), "Give the reason for rejecting it.");
                break;
            case AmendmentDecision.AcceptWithModifications when string.IsNullOrWhiteSpace(message.Text):
                yield return new ValidationError(nameof(message.Text), "Give the modified text.");
                break;
            case AmendmentDecision.Merge when message.MergeInto is not > 0:
                yield return new ValidationError(nameof(message.MergeInto), "Choose the amendment it is merged into.");
                break;
            case AmendmentDecision.Accept or AmendmentDecision.AcceptWithModifications or AmendmentDecision.Reject or AmendmentDecision.Merge:
                break;
            default:
                yield return new ValidationError(nameof(message.Decision), "Choose a decision.");
                break;
        }
    }

    private static IEnumerable<ValidationError> Amendment(int? statementId, int? number) =>
        Ids.Positive(("StatementId", statementId, "statement"), ("Number", number, "amendment"));

    private static IEnumerable<ValidationError> Texts(string? text, string? rationale, string? writtenAgainst)
    {
        if (writtenAgainst is { Length: > Domain.Amendments.Amendment.MaxTextLength })
        {
            yield return new ValidationError("WrittenAgainst", $"A paragraph holds at most {Domain.Amendments.Amendment.MaxTextLength:N0} characters.");
        }

        if (text is { Length: > Domain.Amendments.Amendment.MaxTextLength })
        {
            yield return new ValidationError("ProposedText", $"The text is {text.Length:N0} characters long; a paragraph holds at most {Domain.Amendments.Amendment.MaxTextLength:N0}.");
        }

        if (rationale is { Length: > Domain.Amendments.Amendment.MaxRationaleLength })
        {
            yield return new ValidationError("Rationale", $"The rationale is at most {Domain.Amendments.Amendment.MaxRationaleLength:N0} characters.");
        }
    }
}

/// <summary>
/// Limits how many amendment actions (proposals, changes, supports, withdrawals, decisions) one account makes per
/// minute, so that a script or a stuck key cannot flood a statement's amendments; others are unaffected.
/// </summary>
public sealed class AmendmentRateLimit(TimeProvider clock)
{
    public const int PerMinute = 30;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Queue<DateTimeOffset>> _recent = new(StringComparer.Ordinal);

    public void Check(string userId)
    {
        var now = clock.GetUtcNow();
        var recent = _recent.GetOrAdd(userId, _ => new Queue<DateTimeOffset>());
        lock (recent)
        {
            while (recent.Count > 0 && now - recent.Peek() >= TimeSpan.FromMinutes(1))
            {
                recent.Dequeue();
            }

            if (recent.Count >= PerMinute)
            {
                throw new DomainException($"That is more than {PerMinute} amendment actions in a minute; wait a moment and try again.");
            }

            recent.Enqueue(now);
        }
    }
}

/// <summary>What the amendment handlers share: the caller, the live text, loading and saving with clear refusals.</summary>
public sealed class AmendmentDesk(
    IDbContextFactory<DraftingDbContext> contexts,
    DraftingEngine engine,
    StatementFeed feed,
    CallerContext caller,
    PermissionHandler permissions,
    AmendmentRateLimit rate,
    TimeProvider clock)
{
    public IDbContextFactory<DraftingDbContext> Contexts => contexts;

    public DraftingEngine Engine => engine;

    public DateTimeOffset Now => clock.GetUtcNow();

    public string UserId => caller.UserId;

    /// <summary>The caller, counted against the per-minute limit of amendment actions.</summary>
    public string ActingUserId()
    {
        var userId = UserId;
        rate.Check(userId);
        return userId;
    }

    public Task<bool> MayDraftAsync(int statementId) =>
        permissions.IsGrantedAsync(caller.User, Permission.OnStatement(statementId, StatementAccess.Draft));

    /// <summary>The statement as stored now (the last stored revision).</summary>
    public async Task<LiveSnapshot> SnapshotAsync(int statementId, CancellationToken cancellationToken) =>
        await engine.SnapshotAsync(statementId, cancellationToken) ?? throw new DomainException("There is no such statement.");

    public static async Task<Amendment> LoadAsync(DraftingDbContext db, int statementId, int number, CancellationToken cancellationToken) =>
        await db.Amendments.Include(a => a.History).FirstOrDefaultAsync(a => a.StatementId == statementId && a.Number == number, cancellationToken)
            ?? throw new DomainException($"There is no amendment A{number} in this statement.");

    /// <summary>Saves, turning a concurrent change of the same amendment into a clear refusal.</summary>
    public static async Task SaveAsync(DraftingDbContext db, Amendment amendment, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException($"Amendment {amendment.Label} was changed or decided by someone else a moment ago; look again.");
        }
    }

    public AmendmentRef Announce(Amendment amendment)
    {
        feed.Publish(new AmendmentsChanged(amendment.StatementId, [amendment.Number]));
        return new AmendmentRef(amendment.StatementId, amendment.Number, amendment.Status, amendment.AppliedRevision);
    }

    /// <summary>Finds the paragraph; if it is gone, the amendment becomes obsolete (saved) and the command is refused.</summary>
    public async Task<DraftBlock> ParagraphOfAsync(DraftingDbContext db, Amendment amendment, LiveSnapshot snapshot, CancellationToken cancellationToken)
    {
        var block = snapshot.Blocks.FirstOrDefault(b => b.Id.Value == amendment.BlockId);
        if (block is not null)
        {
            return block;
        }

        if (amendment.ParagraphDeleted(snapshot.Revision, Now))
        {
            await SaveAsync(db, amendment, cancellationToken);
            Announce(amendment);
        }

        throw new DomainException($"The paragraph of amendment {amendment.Label} was deleted: the amendment is obsolete.");
    }
}

public sealed class ProposeAmendmentHandler(AmendmentDesk desk) : ICommandHandler<ProposeAmendment, AmendmentRef>
{
    public async ValueTask<AmendmentRef> Handle(ProposeAmendment command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var snapshot = await desk.SnapshotAsync(command.StatementId, cancellationToken);
        if (snapshot.Locked)
        {
            throw new DomainException("The statement is locked (it is up for adoption): it takes no new amendments.");
        }

        var block = snapshot.Blocks.FirstOrDefault(b => b.Id.Value == command.BlockId)
            ?? throw new DomainException("That paragraph is not in the statement (it may have just been deleted).");
        var userId = desk.ActingUserId();
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await desk.Contexts.CreateDbContextAsync(cancellationToken);
            var number = (await db.Amendments.Where(a => a.StatementId == command.StatementId).MaxAsync(a => (int?)a.Number, cancellationToken) ?? 0) + 1;
            var proposed = command.Kind == AmendmentKind.Replace ? Amendment.FollowWhileWritten(command.WrittenAgainst, command.ProposedText, block.Text) : command.ProposedText;
            var amendment = Amendment.Propose(
                command.StatementId, number, command.Kind, command.BlockId, snapshot.Revision, block.Text,
                proposed, command.Rationale, userId, desk.Now);
            db.Amendments.Add(amendment);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return desk.Announce(amendment);
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // Someone else took this number at the same moment: take the next one.
            }
        }
    }
}

public sealed class ReviseAmendmentHandler(AmendmentDesk desk) : ICommandHandler<ReviseAmendment, AmendmentRef>
{
    public async ValueTask<AmendmentRef> Handle(ReviseAmendment command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await desk.Contexts.CreateDbContextAsync(cancellationToken);
        var amendment = await AmendmentDesk.LoadAsync(db, command.StatementId, command.Number, cancellationToken);
        AmendmentActor actor;
        if (amendment.ProposerId == desk.ActingUserId())
        {
            actor = AmendmentActor.Proposer;
        }
        else if (amendment.Status == AmendmentStatus.NeedsUpdate && await desk.MayDraftAsync(command.StatementId))
        {
            actor = AmendmentActor.CoHost;
        }
        else
        {
            throw new AccessDeniedException();
        }

        var snapshot = await desk.SnapshotAsync(command.StatementId, cancellationToken);
        var block = await desk.ParagraphOfAsync(db, amendment, snapshot, cancellationToken);
        var proposed = amendment.Kind == AmendmentKind.Replace ? Amendment.FollowWhileWritten(command.WrittenAgainst, command.ProposedText, block.Text) : command.ProposedText;
        amendment.Revise(actor, block.Text, proposed, command.Rationale, snapshot.Revision, desk.Now);
        await AmendmentDesk.SaveAsync(db, amendment, cancellationToken);
        return desk.Announce(amendment);
    }
}

public sealed class WithdrawAmendmentHandler(AmendmentDesk desk) : ICommandHandler<WithdrawAmendment, AmendmentRef>
{
    public async ValueTask<AmendmentRef> Handle(WithdrawAmendment command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await desk.Contexts.CreateDbContextAsync(cancellationToken);
        var amendment = await AmendmentDesk.LoadAsync(db, command.StatementId, command.Number, cancellationToken);
        if (amendment.ProposerId != desk.ActingUserId())
        {
            throw new AccessDeniedException();
        }

        var snapshot = await desk.SnapshotAsync(command.StatementId, cancellationToken);
        amendment.Withdraw(desk.Now, snapshot.Revision);
        await AmendmentDesk.SaveAsync(db, amendment, cancellationToken);
        return desk.Announce(amendment);
    }
}

public sealed class SupportAmendmentHandler(AmendmentDesk desk) : ICommandHandler<SupportAmendment, AmendmentRef>
{
    public async ValueTask<AmendmentRef> Handle(SupportAmendment command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var userId = desk.ActingUserId();
        await using var db = await desk.Contexts.CreateDbContextAsync(cancellationToken);
        var amendment = await AmendmentDesk.LoadAsync(db, command.StatementId, command.Number, cancellationToken);
        if (amendment.ProposerId == userId)
        {
            throw new DomainException("You proposed this amendment; support is for others' amendments.");
        }

        var existing = await db.AmendmentSupports.FirstOrDefaultAsync(s => s.AmendmentId == amendment.Id && s.UserId == userId, cancellationToken);
        if ((existing is not null) == command.Support)
        {
            return new AmendmentRef(amendment.StatementId, amendment.Number, amendment.Status, amendment.AppliedRevision);
        }

        if (command.Support)
        {
            db.AmendmentSupports.Add(new AmendmentSupport { AmendmentId = amendment.Id, UserId = userId, At = desk.Now });
        }
        else
        {
            db.AmendmentSupports.Remove(existing!);
        }

        amendment.CountSupport(command.Support);
        try
        {
            await AmendmentDesk.SaveAsync(db, amendment, cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new DomainException("Your support was already counted.");
        }

        return desk.Announce(amendment);
    }
}

public sealed class DecideAmendmentHandler(AmendmentDesk desk) : ICommandHandler<DecideAmendment, AmendmentRef>
{
    public async ValueTask<AmendmentRef> Handle(DecideAmendment command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        desk.ActingUserId();
        await using var db = await desk.Contexts.CreateDbContextAsync(cancellationToken);
        var amendment = await AmendmentDesk.LoadAsync(db, command.StatementId, command.Number, cancellationToken);
        var snapshot = await desk.SnapshotAsync(command.StatementId, cancellationToken);
        switch (command.Decision)
        {
            case AmendmentDecision.Reject:
                amendment.Reject(command.Reason!, snapshot.Revision, desk.Now);
                break;
            case AmendmentDecision.Merge:
                var into = await AmendmentDesk.LoadAsync(db, command.StatementId, command.MergeInto!.Value, cancellationToken);
                amendment.MergeInto(into, snapshot.Revision, desk.Now);
                break;
            default:
                return await AcceptAsync(db, amendment, snapshot, command, cancellationToken);
        }

        await AmendmentDesk.SaveAsync(db, amendment, cancellationToken);
        return desk.Announce(amendment);
    }

    private async Task<AmendmentRef> AcceptAsync(
        DraftingDbContext db, Amendment amendment, LiveSnapshot snapshot, DecideAmendment command, CancellationToken cancellationToken)
    {
        if (snapshot.Locked)
        {
            throw new DomainException("The statement is locked: no amendment can be applied to it now.");
        }

        var modified = command.Decision == AmendmentDecision.AcceptWithModifications;
        if (!amendment.IsPending)
        {
            throw new DomainException($"Amendment {amendment.Label} is {Amendment.Describe(amendment.Status)}; it can no longer be accepted.");
        }

        var block = await desk.ParagraphOfAsync(db, amendment, snapshot, cancellationToken);
        var text = !modified ? amendment.TextToApply(block.Text)
            : amendment.Kind == AmendmentKind.Replace ? Amendment.FollowWhileWritten(command.WrittenAgainst, command.Text!, block.Text)!.Replace("\r\n", "\n", StringComparison.Ordinal)
            : command.Text!.Replace("\r\n", "\n", StringComparison.Ordinal);
        EditOp op = amendment.Kind switch
        {
            AmendmentKind.Delete when modified => throw new DomainException("A deletion is accepted or rejected as it is."),
            AmendmentKind.Delete => new DeleteBlock(block.Id),
            AmendmentKind.InsertAfter => new InsertBlock(Domain.Statements.BlockId.New(), block.Id, BlockKind.NumberedParagraph, 0, text!),
            _ when text is null => throw new DomainException($"Amendment {amendment.Label} needs an update to the current text first (or accept it with modifications)."),
            _ when string.Equals(text, block.Text, StringComparison.Ordinal) => throw new DomainException("The paragraph already says this."),
            _ => new TextEdit(block.Id, TextDiff.Between(block.Text, text)),
        };
        if (amendment.Status == AmendmentStatus.NeedsUpdate && !modified)
        {
            throw new DomainException($"Amendment {amendment.Label} needs an update to the current text first (or accept it with modifications).");
        }

        var (id, version, paragraph, at) = (amendment.Id, amendment.Version, block.Text, desk.Now);
        var extras = new ChangeExtras(amendment.Label, async (store, revision) =>
        {
            // In the change's own transaction: only the first decision lands, and the text changes with it or not at all.
            var current = await store.Amendments.Include(a => a.History).FirstAsync(a => a.Id == id);
            if (current.Version != version || !current.IsPending)
            {
                throw new DomainException($"Amendment {current.Label} was decided or changed by someone else a moment ago; look again.");
            }

            if (modified)
            {
                current.AcceptWithModifications(paragraph, text!, revision, at);
            }
            else
            {
                current.Accept(revision, at);
            }
        });
        var result = await desk.Engine.SubmitAsync(
            amendment.StatementId, desk.UserId, $"amendment-{amendment.Id}-v{version}", snapshot.Revision, op, extras, cancellationToken);
        var status = modified ? AmendmentStatus.AcceptedWithModifications : AmendmentStatus.Accepted;
        desk.Announce(amendment);
        return new AmendmentRef(amendment.StatementId, amendment.Number, status, result.Revision);
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Amendments;

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

public sealed class DecideAmendmentValidator : IValidator<DecideAmendment>
{
    public IEnumerable<ValidationError> Validate(DecideAmendment message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in AmendmentInput.Identified(message.StatementId, message.Number).Concat(AmendmentInput.Texts(message.Text, null, message.WrittenAgainst)))
        {
            yield return error;
        }

        if (message.Reason is { Length: > Amendment.MaxReasonLength })
        {
            yield return new ValidationError(nameof(message.Reason), $"A reason is at most {Amendment.MaxReasonLength:N0} characters.");
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
        amendment.RequirePending("accepted"); // before its paragraph is looked for: a decided amendment says so first
        var block = await desk.ParagraphOfAsync(db, amendment, snapshot, cancellationToken);
        var (op, text) = amendment.EditToApply(block, modified ? command.Text : null, command.WrittenAgainst);
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
                current.AcceptWithModifications(paragraph, text, revision, at);
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

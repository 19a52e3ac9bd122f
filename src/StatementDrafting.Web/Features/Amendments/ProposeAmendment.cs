using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
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

public sealed class ProposeAmendmentValidator : IValidator<ProposeAmendment>
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

        foreach (var error in AmendmentInput.Texts(message.ProposedText, message.Rationale, message.WrittenAgainst))
        {
            yield return error;
        }
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
            catch (DbUpdateException e) when (attempt < 5 && DatabaseErrors.IsConflict(e))
            {
                // Someone else took this number at the same moment: take the next one.
            }
        }
    }
}

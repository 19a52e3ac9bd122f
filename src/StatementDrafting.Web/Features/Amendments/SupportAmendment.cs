using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Amendments;

/// <summary>Supports an amendment, or takes one's support back. Who supports what is shown to nobody else.</summary>
public sealed record SupportAmendment(int StatementId, int Number, bool Support) : ICommand<AmendmentRef>, IAuthorisedRequest, INotAudited
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Propose);
}

public sealed class SupportAmendmentValidator : IValidator<SupportAmendment>
{
    public IEnumerable<ValidationError> Validate(SupportAmendment message) => AmendmentInput.Identified(message?.StatementId, message?.Number);
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
        catch (DbUpdateException e) when (DatabaseErrors.IsConflict(e))
        {
            throw new DomainException("Your support was already counted.");
        }

        return desk.Announce(amendment);
    }
}

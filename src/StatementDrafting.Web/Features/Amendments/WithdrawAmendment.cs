using Mediator;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;

namespace StatementDrafting.Web.Features.Amendments;

/// <summary>The proposer withdraws their amendment.</summary>
public sealed record WithdrawAmendment(int StatementId, int Number) : ICommand<AmendmentRef>, IAuthorisedRequest, INotAudited
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Propose);
}

public sealed class WithdrawAmendmentValidator : IValidator<WithdrawAmendment>
{
    public IEnumerable<ValidationError> Validate(WithdrawAmendment message) => AmendmentInput.Identified(message?.StatementId, message?.Number);
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

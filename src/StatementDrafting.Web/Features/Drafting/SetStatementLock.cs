using Mediator;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;

namespace StatementDrafting.Web.Features.Drafting;

/// <summary>Locks or unlocks a statement: a locked statement refuses every change.</summary>
public sealed record SetStatementLock(int StatementId, bool Locked) : ICommand<Unit>, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Manage);

    public int? AuditConsultationId => null;

    public string? AuditSubject => $"Statement {StatementId}: {(Locked ? "locked" : "unlocked")}";
}

public sealed class SetStatementLockValidator : IValidator<SetStatementLock>
{
    public IEnumerable<ValidationError> Validate(SetStatementLock message) => DraftingValidation.Statement(message?.StatementId);
}

public sealed class SetStatementLockHandler(DraftingEngine engine) : ICommandHandler<SetStatementLock, Unit>
{
    public async ValueTask<Unit> Handle(SetStatementLock command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await engine.SetLockedAsync(command.StatementId, command.Locked, async (db, statement, ct) =>
        {
            // An adopted statement is final; while its adoption poll is open, only closing the poll unlocks it.
            var poll = await Polls.PollDesk.LatestOfAsync(db, statement.Id, ct);
            if (!command.Locked && poll is { IsOpen: true })
            {
                throw new DomainException("The statement is up for adoption: it unlocks when the poll closes without adoption.");
            }

            if (!command.Locked && poll is { Outcome: not null and not PollOutcome.NotAdopted })
            {
                throw new DomainException("This statement has been adopted; its text is final.");
            }
        }, cancellationToken);
        return Unit.Value;
    }
}

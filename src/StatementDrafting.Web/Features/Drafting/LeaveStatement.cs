using Mediator;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;

namespace StatementDrafting.Web.Features.Drafting;

/// <summary>Stops following a statement (its presence entry goes).</summary>
public sealed record LeaveStatement(int StatementId, string ConnectionKey) : ICommand<Unit>, IAuthorisedRequest, INotAudited
{
    public Permission Permission => Permission.SignedIn;
}

public sealed class LeaveStatementValidator : IValidator<LeaveStatement>
{
    public IEnumerable<ValidationError> Validate(LeaveStatement message) => DraftingValidation.Statement(message?.StatementId);
}

public sealed class LeaveStatementHandler(PresenceTracker presence) : ICommandHandler<LeaveStatement, Unit>
{
    public ValueTask<Unit> Handle(LeaveStatement command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        presence.Leave(command.StatementId, command.ConnectionKey);
        return ValueTask.FromResult(Unit.Value);
    }
}

using Mediator;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;

namespace StatementDrafting.Web.Features.Drafting;

/// <summary>Broadcasts a payload to the statement's viewers and stores nothing (the benchmark's floor).</summary>
public sealed record EchoStatement(int StatementId, string Payload) : ICommand<Unit>, IAuthorisedRequest, INotAudited
{
    public const int MaxPayload = 4_096;

    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Draft);
}

public sealed class EchoStatementValidator : IValidator<EchoStatement>
{
    public IEnumerable<ValidationError> Validate(EchoStatement message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return DraftingValidation.Statement(message.StatementId).Concat(message.Payload.Length > EchoStatement.MaxPayload
            ? [new ValidationError(nameof(message.Payload), $"An echo carries at most {EchoStatement.MaxPayload} characters.")]
            : []);
    }
}

public sealed class EchoStatementHandler(IStatementBus feed) : ICommandHandler<EchoStatement, Unit>
{
    public ValueTask<Unit> Handle(EchoStatement command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        feed.Publish(new StatementEchoed(command.StatementId, command.Payload));
        return ValueTask.FromResult(Unit.Value);
    }
}

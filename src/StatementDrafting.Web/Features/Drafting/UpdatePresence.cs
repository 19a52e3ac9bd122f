using Mediator;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;

namespace StatementDrafting.Web.Features.Drafting;

/// <summary>Says which block the caller's connection is in (or none).</summary>
public sealed record UpdatePresence(int StatementId, string? BlockId, string ConnectionKey) : ICommand<Unit>, IAuthorisedRequest, INotAudited
{
    private static long _arrivals;

    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Read);

    /// <summary>
    /// When the request was made, in the order of all presence requests: a browser's calls reach its circuit without
    /// waiting for each other, so a later one may finish first; the later one made wins. (A hub connection's calls run
    /// one at a time: SignalR's MaximumParallelInvocationsPerClient is 1, set in <see cref="DraftingSetup"/>.)
    /// </summary>
    public long Arrival { get; init; } = Interlocked.Increment(ref _arrivals);
}

public sealed class UpdatePresenceValidator : IValidator<UpdatePresence>
{
    public IEnumerable<ValidationError> Validate(UpdatePresence message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return DraftingValidation.Statement(message.StatementId).Concat(message.BlockId is { } b && !Domain.Statements.BlockId.TryParse(b, out _)
            ? [new ValidationError(nameof(message.BlockId), "That is not a block id.")]
            : []);
    }
}

public sealed class UpdatePresenceHandler(PresenceTracker presence, CircuitPresence circuit, PublicNames names, CallerContext caller, DraftingEngine engine)
    : ICommandHandler<UpdatePresence, Unit>
{
    public async ValueTask<Unit> Handle(UpdatePresence command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.BlockId is { } blockId)
        {
            var exists = await engine.HasBlockAsync(command.StatementId, Domain.Statements.BlockId.Parse(blockId), cancellationToken)
                ?? throw new DraftingRefusedException("not_found", "There is no such statement.");
            if (!exists)
            {
                throw new DraftingRefusedException("unknown_block", "The statement has no such block; presence is unchanged.");
            }
        }

        var name = await names.InStatementAsync(caller.User, command.StatementId, cancellationToken);
        if (command.ConnectionKey == circuit.Key)
        {
            // This scope's circuit: remembered there, so that it leaves when the circuit closes.
            circuit.Set(command.StatementId, name, command.BlockId, command.Arrival);
        }
        else
        {
            presence.Set(command.StatementId, command.ConnectionKey, name, command.BlockId);
        }

        return Unit.Value;
    }
}

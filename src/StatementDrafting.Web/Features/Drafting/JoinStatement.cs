using Mediator;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;

namespace StatementDrafting.Web.Features.Drafting;

/// <summary>Opens a statement for live viewing or editing: its current blocks, revision, lock and who is here.</summary>
public sealed record JoinStatement(int StatementId) : IQuery<StatementSnapshotView>, IAuthorisedRequest
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Read);
}

public sealed class JoinStatementValidator : IValidator<JoinStatement>
{
    public IEnumerable<ValidationError> Validate(JoinStatement message) => DraftingValidation.Statement(message?.StatementId);
}

public sealed class JoinStatementHandler(DraftingEngine engine, PermissionHandler permissions, CallerContext caller, PresenceTracker presence)
    : IQueryHandler<JoinStatement, StatementSnapshotView>
{
    public async ValueTask<StatementSnapshotView> Handle(JoinStatement query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var snapshot = await engine.SnapshotAsync(query.StatementId, cancellationToken)
            ?? throw new DraftingRefusedException("not_found", "There is no such statement.");
        var canEdit = await permissions.IsGrantedAsync(caller.User, Permission.OnStatement(query.StatementId, StatementAccess.Draft));
        return new StatementSnapshotView(
            snapshot.StatementId,
            snapshot.Title,
            snapshot.Revision,
            snapshot.Locked,
            canEdit,
            [.. snapshot.Blocks.Select(DraftBlockView.Of)],
            presence.In(query.StatementId));
    }
}

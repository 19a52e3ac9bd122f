using Mediator;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;

namespace StatementDrafting.Web.Features.Drafting;

/// <summary>The stored changes after a revision, for a client coming back.</summary>
public sealed record CatchUpStatement(int StatementId, int FromRevision) : IQuery<CatchUpResult>, IAuthorisedRequest
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Read);
}

public sealed class CatchUpStatementValidator : IValidator<CatchUpStatement>
{
    public IEnumerable<ValidationError> Validate(CatchUpStatement message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return DraftingValidation.Statement(message.StatementId).Concat(message.FromRevision < 0
            ? [new ValidationError(nameof(message.FromRevision), "A revision is 0 or more.")]
            : []);
    }
}

public sealed class CatchUpStatementHandler(DraftingEngine engine) : IQueryHandler<CatchUpStatement, CatchUpResult>
{
    public async ValueTask<CatchUpResult> Handle(CatchUpStatement query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await engine.CatchUpAsync(query.StatementId, query.FromRevision, cancellationToken);
    }
}

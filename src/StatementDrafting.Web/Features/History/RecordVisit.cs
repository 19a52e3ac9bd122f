using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.History;

/// <summary>
/// Remembers the revision the caller has now seen, and answers the one they had seen before (null: first visit), for
/// "what changed since I last looked".
/// </summary>
public sealed record RecordVisit(int StatementId, int Revision) : ICommand<int?>, IAuthorisedRequest, INotAudited
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Read);
}

public sealed class RecordVisitValidator : IValidator<RecordVisit>
{
    public IEnumerable<ValidationError> Validate(RecordVisit message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Ids.Positive(("StatementId", message.StatementId, "statement"))
            .Concat(message.Revision < 0 ? [new ValidationError(nameof(message.Revision), "A revision is 0 or more.")] : []);
    }
}

public sealed class RecordVisitHandler(IDbContextFactory<DraftingDbContext> contexts, CallerContext caller, TimeProvider clock) : ICommandHandler<RecordVisit, int?>
{
    public async ValueTask<int?> Handle(RecordVisit command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var userId = caller.UserId;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var visit = await db.StatementVisits.FirstOrDefaultAsync(v => v.StatementId == command.StatementId && v.UserId == userId, cancellationToken);
        var before = visit?.Revision;
        if (visit is null)
        {
            db.StatementVisits.Add(new StatementVisit { StatementId = command.StatementId, UserId = userId, Revision = command.Revision, At = clock.GetUtcNow() });
        }
        else if (command.Revision > visit.Revision)
        {
            (visit.Revision, visit.At) = (command.Revision, clock.GetUtcNow());
        }
        else
        {
            return before;
        }

        await db.SaveChangesAsync(cancellationToken);
        return before;
    }
}

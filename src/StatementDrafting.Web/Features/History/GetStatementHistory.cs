using System.Security.Claims;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.History;

/// <summary>A statement's history: its revisions grouped into readable steps, its milestones, and the caller's last visit.</summary>
public sealed record GetStatementHistory(int StatementId) : IQuery<StatementHistoryView>, IAuthorisedRequest
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Read);
}

public sealed record MilestoneView(int Revision, string Name, DateTimeOffset At);

public sealed record StatementHistoryView(
    int StatementId,
    string Title,
    int Revision,
    int? LastSeenRevision,
    bool CanNameMilestones,
    IReadOnlyList<HistoryStep> Steps,
    IReadOnlyList<MilestoneView> Milestones);

public sealed class GetStatementHistoryValidator : IValidator<GetStatementHistory>
{
    public IEnumerable<ValidationError> Validate(GetStatementHistory message) => Ids.Positive(("StatementId", message?.StatementId, "statement"));
}

public sealed class GetStatementHistoryHandler(
    IDbContextFactory<DraftingDbContext> contexts, DraftingEngine engine, PublicNames names, PermissionHandler permissions, CallerContext caller)
    : IQueryHandler<GetStatementHistory, StatementHistoryView>
{
    public async ValueTask<StatementHistoryView> Handle(GetStatementHistory query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var current = await engine.SnapshotAsync(query.StatementId, cancellationToken) ?? throw new DomainException("There is no such statement.");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var changes = await db.StatementChanges.AsNoTracking()
            .Where(c => c.StatementId == query.StatementId)
            .OrderBy(c => c.Revision)
            .Select(c => new { c.Revision, c.AuthorId, c.Label, c.At })
            .ToListAsync(cancellationToken);
        var who = await names.OfUsersAsync(query.StatementId, [.. changes.Select(c => c.AuthorId).Distinct()], cancellationToken);

        HistoryStep[] steps = [.. HistoryStep.Group(changes.Select(c => new HistoryChange(c.Revision, who.GetValueOrDefault(c.AuthorId, PublicNames.Someone), c.Label, c.At))).Reverse()];
        var milestones = await db.StatementMilestones.AsNoTracking()
            .Where(m => m.StatementId == query.StatementId)
            .OrderByDescending(m => m.Revision).ThenByDescending(m => m.Id)
            .Select(m => new MilestoneView(m.Revision, m.Name, m.At))
            .ToListAsync(cancellationToken);
        var userId = caller.User.FindFirstValue(ClaimTypes.NameIdentifier);
        var visit = userId is null ? null : await db.StatementVisits.AsNoTracking()
            .Where(v => v.StatementId == query.StatementId && v.UserId == userId)
            .Select(v => (int?)v.Revision)
            .FirstOrDefaultAsync(cancellationToken);
        return new StatementHistoryView(
            query.StatementId,
            current.Title,
            current.Revision,
            visit,
            await permissions.IsGrantedAsync(caller.User, Permission.OnStatement(query.StatementId, StatementAccess.Draft)),
            steps,
            milestones);
    }
}

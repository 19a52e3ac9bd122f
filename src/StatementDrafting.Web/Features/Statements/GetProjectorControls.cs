using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Web.Features.Consultations;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Statements;

/// <summary>
/// What the statement page offers its chair beside the projector link: the milestones to show changes since (to those
/// who may draft the statement), and the agenda item of the statement that is next or under way and not yet started
/// (to those who may start it).
/// </summary>
public sealed record GetProjectorControls(int StatementId) : IQuery<ProjectorControlsView>, IAuthorisedRequest
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Read);
}

public sealed record MilestoneOption(int Revision, string Name);

public sealed record AgendaItemToStart(int ConsultationId, string Key, string Title, DateTimeOffset StartsAt);

public sealed record ProjectorControlsView(bool MayChoose, IReadOnlyList<MilestoneOption> Milestones, AgendaItemToStart? ToStart);

public sealed class GetProjectorControlsValidator : IValidator<GetProjectorControls>
{
    public IEnumerable<ValidationError> Validate(GetProjectorControls message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Ids.Positive((nameof(message.StatementId), message.StatementId, "statement"));
    }
}

public sealed class GetProjectorControlsHandler(IDbContextFactory<DraftingDbContext> contexts, PermissionHandler permissions, CallerContext caller, TimeProvider clock)
    : IQueryHandler<GetProjectorControls, ProjectorControlsView>
{
    public async ValueTask<ProjectorControlsView> Handle(GetProjectorControls query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!await permissions.IsGrantedAsync(caller.User, Permission.OnStatement(query.StatementId, StatementAccess.Draft)))
        {
            return new ProjectorControlsView(false, [], null);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var statement = await db.Statements.AsNoTracking()
            .Where(s => s.Id == query.StatementId)
            .Select(s => new { s.ConsultationId, s.ClusterNumber })
            .FirstOrDefaultAsync(cancellationToken) ?? throw new DomainException("There is no such statement.");
        var milestones = await db.StatementMilestones.AsNoTracking()
            .Where(m => m.StatementId == query.StatementId)
            .OrderBy(m => m.Revision).ThenBy(m => m.Id)
            .Select(m => new MilestoneOption(m.Revision, m.Name))
            .ToListAsync(cancellationToken);
        var consultation = await db.WithDaysAsync(statement.ConsultationId, cancellationToken) ?? throw new DomainException("There is no such consultation.");
        var startedAt = await db.AgendaItemStarts.AsNoTracking()
            .Where(s => s.ConsultationId == statement.ConsultationId)
            .ToDictionaryAsync(s => s.AgendaItemKey, s => s.StartedAt, StringComparer.Ordinal, cancellationToken);
        var item = ProjectorBaseline.ToStart(consultation.Schedule(), statement.ClusterNumber, startedAt, clock.GetUtcNow());
        var toStart = item is not null && await permissions.IsGrantedAsync(caller.User, Permission.RunAgendaItem(statement.ConsultationId, item.Item.Key))
            ? new AgendaItemToStart(statement.ConsultationId, item.Item.Key, item.Item.Title, item.StartsAt)
            : null;
        return new ProjectorControlsView(true, milestones, toStart);
    }
}

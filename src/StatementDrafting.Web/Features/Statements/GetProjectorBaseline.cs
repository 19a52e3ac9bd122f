using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Web.Features.Consultations;
using StatementDrafting.Web.Features.History;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Statements;

/// <summary>
/// What the projector highlights changes against (ADR 0012): the milestone at revision <see cref="Since"/> when the
/// chair chose one (as typed in the address: anything but a milestone's revision is refused with a message), otherwise
/// the revision current when the statement's current agenda item began.
/// </summary>
public sealed record GetProjectorBaseline(int StatementId, string? Since = null) : IQuery<ProjectorBaselineView>, IAuthorisedRequest
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Read);
}

/// <summary>
/// The baseline: its kind, revision and blocks (none when there is nothing to compare with), a line that says what it
/// is, and why a chosen <c>since</c> was refused.
/// </summary>
public sealed record ProjectorBaselineView(BaselineKind Kind, int? Revision, string Description, string? Refusal, IReadOnlyList<BlockView> Blocks)
{
    public const string NoItemBegun = "No agenda item of this statement has begun: the text as it stands.";
}

public sealed class GetProjectorBaselineValidator : IValidator<GetProjectorBaseline>
{
    public IEnumerable<ValidationError> Validate(GetProjectorBaseline message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Ids.Positive((nameof(message.StatementId), message.StatementId, "statement"));
    }
}

public sealed class GetProjectorBaselineHandler(IDbContextFactory<DraftingDbContext> contexts, StatementArchive archive, Drafting.DraftingEngine engine, TimeProvider clock)
    : IQueryHandler<GetProjectorBaseline, ProjectorBaselineView>
{
    public async ValueTask<ProjectorBaselineView> Handle(GetProjectorBaseline query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var statement = await db.Statements.AsNoTracking()
            .Where(s => s.Id == query.StatementId)
            .Select(s => new { s.ConsultationId, s.ClusterNumber })
            .FirstOrDefaultAsync(cancellationToken) ?? throw new DomainException("There is no such statement.");
        var consultation = await db.WithDaysAsync(statement.ConsultationId, cancellationToken) ?? throw new DomainException("There is no such consultation.");
        var now = clock.GetUtcNow();

        (int Revision, string Name)? milestone = null;
        if (!string.IsNullOrWhiteSpace(query.Since))
        {
            var (chosen, refusal) = await MilestoneAsync(db, query.StatementId, query.Since.Trim(), cancellationToken);
            if (refusal is not null)
            {
                return new ProjectorBaselineView(BaselineKind.None, null, "The text as it stands, without changes highlighted.", refusal, []);
            }

            milestone = chosen;
        }

        var startedAt = await db.AgendaItemStarts.AsNoTracking()
            .Where(s => s.ConsultationId == statement.ConsultationId)
            .ToDictionaryAsync(s => s.AgendaItemKey, s => s.StartedAt, StringComparer.Ordinal, cancellationToken);
        var choice = ProjectorBaseline.Choose(milestone, consultation.Schedule(), statement.ClusterNumber, startedAt, now);
        switch (choice.Kind)
        {
            case BaselineKind.Milestone:
                return await AtAsync(query.StatementId, choice.MilestoneRevision!.Value, $"Changes since milestone '{choice.MilestoneName}' (revision {choice.MilestoneRevision})", cancellationToken);
            case BaselineKind.AgendaItem:
                var item = choice.Item!;
                var revision = await archive.RevisionAtAsync(query.StatementId, item.BeganAt, cancellationToken);
                var zone = consultation.TimeZone;
                var began = ZonedTime.InZone(item.BeganAt, zone);
                var when = ZonedTime.DateIn(item.BeganAt, zone) == ZonedTime.DateIn(now, zone)
                    ? began.ToString("HH:mm", CultureInfo.InvariantCulture)
                    : began.ToString("d MMMM HH:mm", CultureInfo.InvariantCulture);
                var early = item.StartedEarly ? ", started early" : string.Empty;
                return await AtAsync(query.StatementId, revision, $"Changes since the start of {item.Scheduled.Item.Title} (revision {revision}, {when}{early})", cancellationToken);
            default:
                return new ProjectorBaselineView(BaselineKind.None, null, ProjectorBaselineView.NoItemBegun, null, []);
        }

        async Task<ProjectorBaselineView> AtAsync(int statementId, int at, string description, CancellationToken ct)
        {
            var document = await archive.DocumentAtAsync(statementId, at, ct);
            return new ProjectorBaselineView(choice.Kind, at, description, null, StatementBlocks.From(document.Blocks));
        }
    }

    private async Task<((int, string)? Milestone, string? Refusal)> MilestoneAsync(DraftingDbContext db, int statementId, string since, CancellationToken cancellationToken)
    {
        if (!int.TryParse(since, NumberStyles.None, CultureInfo.InvariantCulture, out var revision))
        {
            return (null, "That is not a revision number: choose a milestone on the statement's page. Shown without changes highlighted.");
        }

        var current = await engine.SnapshotAsync(statementId, cancellationToken) ?? throw new DomainException("There is no such statement.");
        if (revision > current.Revision)
        {
            return (null, $"Revision {revision} does not exist yet; the statement is at revision {current.Revision}. Shown without changes highlighted.");
        }

        var name = await db.StatementMilestones.AsNoTracking()
            .Where(m => m.StatementId == statementId && m.Revision == revision)
            .OrderBy(m => m.Id)
            .Select(m => m.Name)
            .FirstOrDefaultAsync(cancellationToken);
        return name is null
            ? (null, $"Revision {revision} is not a milestone of this statement: choose one on the statement's page. Shown without changes highlighted.")
            : ((revision, name), null);
    }
}

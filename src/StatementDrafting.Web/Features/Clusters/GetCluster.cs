using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Consultations;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Clusters;

/// <summary>A cluster's page: its objectives, the parallel sessions that work on it and their co-hosts, its statement.</summary>
public sealed record GetCluster(int ConsultationId, int ClusterNumber) : IQuery<ClusterDetails?>, IAuthorisedRequest
{
    /// <summary>Clusters, their objectives and sessions are public, like the agenda.</summary>
    public Permission Permission => Permission.Anyone;
}

public sealed record ClusterDetails(
    int ConsultationId,
    string ConsultationTitle,
    string TimeZoneId,
    int Number,
    string Title,
    IReadOnlyList<Objective> Objectives,
    IReadOnlyList<ClusterSession> Sessions,
    StatementSummary? Statement);

public sealed record ClusterSession(int DayNumber, DateOnly Date, AgendaItemView Item);

public sealed class GetClusterValidator : IValidator<GetCluster>
{
    public IEnumerable<ValidationError> Validate(GetCluster message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.ConsultationId < 1 || message.ClusterNumber < 1)
        {
            yield return new ValidationError(nameof(message.ClusterNumber), "Consultation ids and cluster numbers are positive numbers.");
        }
    }
}

public sealed class GetClusterHandler(IDbContextFactory<DraftingDbContext> contexts) : IQueryHandler<GetCluster, ClusterDetails?>
{
    public async ValueTask<ClusterDetails?> Handle(GetCluster query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.WithAgendaAsync(query.ConsultationId, cancellationToken) is not { } consultation
            || consultation.FindCluster(query.ClusterNumber) is not { } cluster)
        {
            return null;
        }

        var statement = await db.Statements.AsNoTracking().Include(s => s.Blocks)
            .FirstOrDefaultAsync(s => s.ConsultationId == consultation.Id && s.Kind == StatementKind.Common && s.ClusterNumber == cluster.Number, cancellationToken);
        var days = AgendaViews.DaysOf(consultation, statement is null ? [] : [statement]);
        var sessions = consultation.SessionsOf(cluster).Select(s => s.Item.Key).ToHashSet(StringComparer.Ordinal);
        return new ClusterDetails(
            consultation.Id,
            consultation.Title,
            consultation.TimeZoneId,
            cluster.Number,
            cluster.Title,
            [.. consultation.ObjectivesOf(cluster)],
            [.. days.SelectMany(d => d.Items.Where(i => sessions.Contains(i.Key)).Select(i => new ClusterSession(d.Number, d.Date, i)))],
            statement is null ? null : new StatementSummary(statement.Id, statement.Title, statement.Kind, statement.ClusterNumber, statement.Blocks.Count(b => b.Kind == BlockKind.NumberedParagraph)));
    }
}

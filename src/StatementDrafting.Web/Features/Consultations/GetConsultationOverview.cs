using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Consultations;

/// <summary>
/// A consultation's front page: rules, clusters, agenda and statements. Without an id, the consultation
/// whose agenda is running or comes next (the latest one when all are over).
/// </summary>
public sealed record GetConsultationOverview(int? ConsultationId) : IQuery<ConsultationOverview?>, IAuthorisedRequest
{
    /// <summary>The front page is public: people register from it.</summary>
    public Permission Permission => Permission.Anyone;
}

public sealed record ConsultationOverview(
    int Id,
    string Title,
    string TimeZoneId,
    ConsultationRules Rules,
    DateTimeOffset? RegistrationClosesAt,
    IReadOnlyList<ClusterSummary> Clusters,
    IReadOnlyList<AgendaDayView> Days,
    IReadOnlyList<StatementSummary> Statements,
    IReadOnlyList<SpeakerSlotSummary> SpeakerSlots,
    IReadOnlyList<ConsultationLink> OtherConsultations,
    ConsultationNotes? Notes = null);

/// <summary>What the organisers wrote about the consultation, and the lists that describe who takes part.</summary>
public sealed record ConsultationNotes(
    string? About,
    string? RulesNote,
    string? AdoptionPlan,
    string? RegionsNote,
    IReadOnlyList<string> StakeholderCategories,
    IReadOnlyList<string> Regions,
    IReadOnlyList<string> BalanceDimensions);

public sealed record ClusterSummary(int Number, string Title, IReadOnlyList<int> ObjectiveNumbers, int? StatementId);

public sealed record StatementSummary(int Id, string Title, StatementKind Kind, int? ClusterNumber, int NumberedParagraphs);

public sealed record SpeakerSlotSummary(string Kind, int Count, int? MinutesEach, string Note);

public sealed record ConsultationLink(int Id, string Title);

public sealed class GetConsultationOverviewValidator : IValidator<GetConsultationOverview>
{
    public IEnumerable<ValidationError> Validate(GetConsultationOverview message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Ids.Positive((nameof(message.ConsultationId), message.ConsultationId, "consultation"));
    }
}

public sealed class GetConsultationOverviewHandler(IDbContextFactory<DraftingDbContext> contexts, TimeProvider clock)
    : IQueryHandler<GetConsultationOverview, ConsultationOverview?>
{
    public async ValueTask<ConsultationOverview?> Handle(GetConsultationOverview query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var links = await db.Consultations.AsNoTracking().OrderBy(c => c.Id).Select(c => new ConsultationLink(c.Id, c.Title)).ToListAsync(cancellationToken);
        var id = query.ConsultationId ?? await CurrentAsync(db, links, cancellationToken);
        if (id is null || await db.WithAgendaAsync(id.Value, cancellationToken) is not { } consultation)
        {
            return null;
        }

        var statements = await db.Statements.AsNoTracking().Include(s => s.Blocks)
            .Where(s => s.ConsultationId == consultation.Id)
            .ToListAsync(cancellationToken);
        var statementOf = statements.Where(s => s.Kind == StatementKind.Common).ToDictionary(s => s.ClusterNumber!.Value, s => s.Id);

        return new ConsultationOverview(
            consultation.Id,
            consultation.Title,
            consultation.TimeZoneId,
            consultation.Rules,
            consultation.RegistrationClosesAt,
            [.. consultation.Clusters.Select(c => new ClusterSummary(c.Number, c.Title, c.ObjectiveNumbers, statementOf.TryGetValue(c.Number, out var s) ? s : null))],
            AgendaViews.DaysOf(consultation, statements),
            [.. statements
                .OrderBy(s => s.Kind == StatementKind.Opening ? 0 : 1).ThenBy(s => s.ClusterNumber)
                .Select(s => new StatementSummary(s.Id, s.Title, s.Kind, s.ClusterNumber, s.Blocks.Count(b => b.Kind == BlockKind.NumberedParagraph)))],
            [.. consultation.SpeakerSlots.Select(s => new SpeakerSlotSummary(s.Kind, s.Count, s.MinutesEach, s.Note))],
            [.. links.Where(l => l.Id != consultation.Id)],
            new ConsultationNotes(consultation.About, consultation.RulesNote, consultation.AdoptionPlan, consultation.RegionsNote,
                consultation.StakeholderCategories, consultation.Regions, consultation.BalanceDimensions));
    }

    private async Task<int?> CurrentAsync(DraftingDbContext db, List<ConsultationLink> links, CancellationToken ct)
    {
        if (links.Count <= 1)
        {
            return links.FirstOrDefault()?.Id;
        }

        // Several consultations: the first whose agenda has not ended yet, else the latest.
        var now = clock.GetUtcNow();
        foreach (var link in links)
        {
            if (await db.WithAgendaAsync(link.Id, ct) is { } c && !c.MomentAt(now).Ended)
            {
                return c.Id;
            }
        }

        return links[^1].Id;
    }
}

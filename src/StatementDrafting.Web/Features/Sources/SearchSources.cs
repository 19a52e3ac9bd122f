using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Sources;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Sources;

/// <summary>
/// A cluster's source material, filtered by objective, sub-section and words (every word must appear): the reports
/// stored for the cluster and the matching paragraphs in report order. Working material: for those who draft the cluster.
/// </summary>
public sealed record SearchSources(int ConsultationId, int ClusterNumber, int? Objective = null, SubsectionKind? Subsection = null, string? Words = null)
    : IQuery<SourceSearch>, IAuthorisedRequest
{
    public const int MaxHits = 200;

    public Permission Permission => Permission.DraftCluster(ConsultationId, ClusterNumber);
}

public sealed record SourceReportSummary(int Id, string Title, string FileName, DateTimeOffset UploadedAt, int Paragraphs, int NumberedParagraphs);

public sealed record SourceHit(int ParagraphId, int ReportId, string Citation, string? Section, string? Subsection, int? Number, string Text, IReadOnlyList<string> Footnotes);

/// <param name="StatementId">The cluster's common statement, which hits are pulled into (null if it has none).</param>
public sealed record SourceSearch(
    IReadOnlyList<SourceReportSummary> Reports, IReadOnlyList<int> Objectives, IReadOnlyList<SourceHit> Hits, int TotalHits, int? StatementId);

public sealed class SearchSourcesValidator : IValidator<SearchSources>
{
    public IEnumerable<ValidationError> Validate(SearchSources message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive((nameof(message.ConsultationId), message.ConsultationId, "consultation"), (nameof(message.ClusterNumber), message.ClusterNumber, "cluster"), (nameof(message.Objective), message.Objective, "objective")))
        {
            yield return error;
        }

        if (message.Words is { Length: > 200 })
        {
            yield return new ValidationError(nameof(message.Words), "Search for at most 200 characters of words.");
        }
    }
}

public sealed class SearchSourcesHandler(IDbContextFactory<DraftingDbContext> contexts) : IQueryHandler<SearchSources, SourceSearch>
{
    public async ValueTask<SourceSearch> Handle(SearchSources query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var reports = await db.SourceReports.AsNoTracking()
            .Where(r => r.ConsultationId == query.ConsultationId && r.ClusterNumber == query.ClusterNumber)
            .OrderBy(r => r.Id)
            .Select(r => new SourceReportSummary(r.Id, r.Title, r.FileName, r.UploadedAt, r.Paragraphs.Count, r.Paragraphs.Count(p => p.Number != null)))
            .ToListAsync(cancellationToken);
        var reportIds = reports.Select(r => r.Id).ToList();
        var titles = reports.ToDictionary(r => r.Id, r => r.Title);
        var paragraphs = db.SourceParagraphs.AsNoTracking().Where(p => reportIds.Contains(p.SourceReportId));
        var objectives = await paragraphs.Where(p => p.ObjectiveNumber != null).Select(p => p.ObjectiveNumber!.Value).Distinct().OrderBy(n => n).ToListAsync(cancellationToken);
        if (query.Objective is { } objective)
        {
            paragraphs = paragraphs.Where(p => p.ObjectiveNumber == objective);
        }

        if (query.Subsection is { } kind)
        {
            paragraphs = paragraphs.Where(p => p.SubsectionKind == kind);
        }

        foreach (var word in (query.Words ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().Take(10))
        {
            var pattern = $"%{word.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal)}%";
            // Ignoring case as SQLite's LIKE does; PostgreSQL's LIKE minds case, its ILIKE does not.
            paragraphs = db.Database.IsNpgsql()
                ? paragraphs.Where(p => EF.Functions.ILike(p.Text, pattern, "\\"))
                : paragraphs.Where(p => EF.Functions.Like(p.Text, pattern, "\\"));
        }

        var total = await paragraphs.CountAsync(cancellationToken);
        var found = await paragraphs.OrderBy(p => p.SourceReportId).ThenBy(p => p.Position).Take(SearchSources.MaxHits).ToListAsync(cancellationToken);
        var notes = await db.SourceFootnotes.AsNoTracking().Where(f => reportIds.Contains(f.SourceReportId))
            .ToDictionaryAsync(f => (f.SourceReportId, f.Number), f => f.Text, cancellationToken);
        var hits = found.Select(p => new SourceHit(
            p.Id, p.SourceReportId, p.Citation(titles[p.SourceReportId]), p.Section, p.Subsection, p.Number, p.Text,
            [.. p.Footnotes.Select(n => notes.TryGetValue((p.SourceReportId, n), out var text) ? $"{n}. {text}" : $"{n}.")])).ToList();
        var statementId = await db.Statements.AsNoTracking()
            .Where(s => s.ConsultationId == query.ConsultationId && s.Kind == StatementKind.Common && s.ClusterNumber == query.ClusterNumber)
            .Select(s => (int?)s.Id).FirstOrDefaultAsync(cancellationToken);
        return new SourceSearch(reports, objectives, hits, total, statementId);
    }
}

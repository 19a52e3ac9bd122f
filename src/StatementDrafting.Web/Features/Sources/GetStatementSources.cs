using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Sources;

/// <summary>
/// The annex of a statement's sources: every paragraph pulled from source material, with its citation and where it
/// went (the paragraph it became, or its amendment and what became of it). For those who hold the pen.
/// </summary>
public sealed record GetStatementSources(int StatementId) : IQuery<StatementSources?>, IAuthorisedRequest
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Draft);
}

/// <param name="BlockId">The block of the draft it is (or became, for an accepted amendment); null when not in the draft.</param>
/// <param name="InDraft">Whether that block is still in the draft.</param>
public sealed record SourceUse(string Citation, string Text, string? BlockId, bool InDraft, string? AmendmentLabel, AmendmentStatus? AmendmentStatus, DateTimeOffset At);

public sealed record StatementSources(int StatementId, string Title, int ConsultationId, int? ClusterNumber, IReadOnlyList<SourceUse> Uses)
{
    /// <summary>"from: ..." per block of the draft, for the editor's small line beside each paragraph.</summary>
    public IReadOnlyDictionary<string, string> ByBlock =>
        Uses.Where(u => u.BlockId is not null && u.InDraft).GroupBy(u => u.BlockId!).ToDictionary(g => g.Key, g => "from: " + string.Join("; ", g.Select(u => u.Citation)));
}

public sealed class GetStatementSourcesValidator : IValidator<GetStatementSources>
{
    public IEnumerable<ValidationError> Validate(GetStatementSources message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Ids.Positive((nameof(message.StatementId), message.StatementId, "statement"));
    }
}

public sealed class GetStatementSourcesHandler(IDbContextFactory<DraftingDbContext> contexts, DraftingEngine engine) : IQueryHandler<GetStatementSources, StatementSources?>
{
    public async ValueTask<StatementSources?> Handle(GetStatementSources query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var statement = await db.Statements.AsNoTracking().Where(s => s.Id == query.StatementId)
            .Select(s => new { s.Title, s.ConsultationId, s.ClusterNumber }).FirstOrDefaultAsync(cancellationToken);
        var snapshot = await engine.SnapshotAsync(query.StatementId, cancellationToken);
        if (statement is null || snapshot is null)
        {
            return null;
        }

        var rows = await db.SourceProvenances.AsNoTracking().Where(p => p.StatementId == query.StatementId)
            .Join(db.SourceParagraphs, p => p.SourceParagraphId, s => s.Id, (p, s) => new { Provenance = p, Paragraph = s })
            .Join(db.SourceReports, x => x.Paragraph.SourceReportId, r => r.Id, (x, r) => new { x.Provenance, x.Paragraph, r.Title })
            .OrderBy(x => x.Provenance.Id)
            .ToListAsync(cancellationToken);
        var amendmentIds = rows.Where(r => r.Provenance.AmendmentId is not null).Select(r => r.Provenance.AmendmentId!.Value).ToList();
        var amendments = await db.Amendments.AsNoTracking().Where(a => amendmentIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        var inDraft = snapshot.Blocks.Select(b => b.Id.Value).ToHashSet(StringComparer.Ordinal);
        var uses = new List<SourceUse>();
        foreach (var row in rows)
        {
            var blockId = row.Provenance.BlockId;
            Amendment? amendment = null;
            if (row.Provenance.AmendmentId is { } amendmentId && amendments.TryGetValue(amendmentId, out amendment))
            {
                blockId = await AcceptedBlockAsync(db, amendment, cancellationToken);
            }

            uses.Add(new SourceUse(
                row.Paragraph.Citation(row.Title), row.Paragraph.Text, blockId, blockId is not null && inDraft.Contains(blockId),
                amendment?.Label, amendment?.Status, row.Provenance.At));
        }

        return new StatementSources(query.StatementId, statement.Title, statement.ConsultationId, statement.ClusterNumber, uses);
    }

    /// <summary>The block an accepted insertion created: the insert in the change that applied it.</summary>
    private static async Task<string?> AcceptedBlockAsync(DraftingDbContext db, Amendment amendment, CancellationToken cancellationToken)
    {
        if (amendment.AppliedRevision is not { } revision || amendment.Kind != AmendmentKind.InsertAfter)
        {
            return null;
        }

        var applied = await db.StatementChanges.AsNoTracking()
            .Where(c => c.StatementId == amendment.StatementId && c.Revision == revision)
            .Select(c => c.AppliedJson).FirstOrDefaultAsync(cancellationToken);
        return applied is null ? null : EditOpJson.DeserializeList(applied).OfType<InsertBlock>().Select(i => i.Block.Value).FirstOrDefault();
    }
}

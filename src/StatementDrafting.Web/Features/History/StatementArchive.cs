using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.History;

/// <summary>Rebuilds any past revision of a statement: the nearest snapshot at or before it, then the log replayed.</summary>
public sealed class StatementArchive(IDbContextFactory<DraftingDbContext> contexts, DraftingEngine engine)
{
    public async Task<DraftDocument> DocumentAtAsync(int statementId, int revision, CancellationToken cancellationToken)
    {
        var current = await engine.SnapshotAsync(statementId, cancellationToken) ?? throw new DomainException("There is no such statement.");
        if (revision > current.Revision)
        {
            throw new DomainException($"Revision {revision} does not exist yet; the statement is at revision {current.Revision}.");
        }

        if (revision == current.Revision)
        {
            return new DraftDocument(current.Blocks);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var snapshot = await db.StatementSnapshots.AsNoTracking()
            .Where(s => s.StatementId == statementId && s.Revision <= revision)
            .OrderByDescending(s => s.Revision)
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new DomainException($"Revision {revision} is older than this statement's recorded history.");
        var blocks = JsonSerializer.Deserialize<List<DraftBlockView>>(snapshot.BlocksJson, Json.Options) ?? [];
        var document = new DraftDocument(blocks.Select(b => b.ToDraft()));
        var changes = await db.StatementChanges.AsNoTracking()
            .Where(c => c.StatementId == statementId && c.Revision > snapshot.Revision && c.Revision <= revision)
            .OrderBy(c => c.Revision)
            .Select(c => c.AppliedJson)
            .ToListAsync(cancellationToken);
        foreach (var applied in changes)
        {
            document.ApplyAll(EditOpJson.DeserializeList(applied));
        }

        return document;
    }

    /// <summary>
    /// The revision current at <paramref name="instant"/>: that of the last stored change applied at or before it, or,
    /// when none was, the revision the statement's log starts from (its text before any live change).
    /// </summary>
    public async Task<int> RevisionAtAsync(int statementId, DateTimeOffset instant, CancellationToken cancellationToken)
    {
        var current = await engine.SnapshotAsync(statementId, cancellationToken) ?? throw new DomainException("There is no such statement.");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        // Newest first: a baseline is usually recent, so the walk reads only the changes made since it.
        var changes = db.StatementChanges.AsNoTracking()
            .Where(c => c.StatementId == statementId)
            .OrderByDescending(c => c.Revision)
            .Select(c => new { c.Revision, c.At })
            .AsAsyncEnumerable();
        await foreach (var change in changes.WithCancellation(cancellationToken))
        {
            if (change.At <= instant)
            {
                return change.Revision;
            }
        }

        var start = await db.StatementSnapshots.AsNoTracking()
            .Where(s => s.StatementId == statementId)
            .OrderBy(s => s.Revision)
            .Select(s => (int?)s.Revision)
            .FirstOrDefaultAsync(cancellationToken);
        return start ?? current.Revision;
    }
}

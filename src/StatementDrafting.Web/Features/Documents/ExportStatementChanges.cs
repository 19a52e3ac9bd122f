using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.History;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Markdown;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Documents;

/// <summary>
/// A statement's changes between two revisions as a Word document with native tracked changes (Word can accept or
/// reject each), attributed to "Participant": a word diff of each paragraph's text as read, paragraphs added or removed.
/// </summary>
public sealed record ExportStatementChanges(int StatementId, int FromRevision, int ToRevision) : IQuery<ExportedFile?>, IAuthorisedRequest
{
    /// <summary>Who the changes are attributed to: never a real name (the Chatham House Rule).</summary>
    public const string Author = "Participant";

    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Read);
}

public sealed class ExportStatementChangesValidator : IValidator<ExportStatementChanges>
{
    public IEnumerable<ValidationError> Validate(ExportStatementChanges message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive(("StatementId", message.StatementId, "statement")))
        {
            yield return error;
        }

        if (message.FromRevision < 0 || message.ToRevision < 0)
        {
            yield return new ValidationError(nameof(message.FromRevision), "A revision is 0 or more.");
        }
        else if (message.FromRevision >= message.ToRevision)
        {
            yield return new ValidationError(nameof(message.ToRevision), "Compare an earlier revision with a later one.");
        }
    }
}

public sealed class ExportStatementChangesHandler(IDbContextFactory<DraftingDbContext> contexts, StatementArchive archive, InlineMarkdown markdown, TimeProvider clock)
    : IQueryHandler<ExportStatementChanges, ExportedFile?>
{
    public async ValueTask<ExportedFile?> Handle(ExportStatementChanges query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var statement = await db.Statements.AsNoTracking().FirstOrDefaultAsync(s => s.Id == query.StatementId, cancellationToken);
        if (statement is null)
        {
            return null;
        }

        var consultation = await db.Consultations.AsNoTracking().Include(c => c.Clusters).FirstAsync(c => c.Id == statement.ConsultationId, cancellationToken);
        var older = await archive.DocumentAtAsync(statement.Id, query.FromRevision, cancellationToken);
        var newer = await archive.DocumentAtAsync(statement.Id, query.ToRevision, cancellationToken);
        var blocks = older.Blocks.Concat(newer.Blocks).GroupBy(b => b.Id.Value).ToDictionary(g => g.Key, g => g.Last());
        var compared = StatementComparison.Compare(
            [.. older.Blocks.Select(b => (b.Id.Value, markdown.ToPlainText(b.Text)))],
            [.. newer.Blocks.Select(b => (b.Id.Value, markdown.ToPlainText(b.Text)))]);
        var tracked = compared.Select(c =>
        {
            var block = blocks[c.BlockId];
            var segments = c.Diff.Segments.Select(s => (s.Kind switch { DiffKind.Inserted => TrackedKind.Inserted, DiffKind.Deleted => TrackedKind.Deleted, _ => TrackedKind.Same }, s.Text)).ToList();
            TrackedKind? whole = c.Change switch { ComparedBlockChange.Added => TrackedKind.Inserted, ComparedBlockChange.Removed => TrackedKind.Deleted, _ => null };
            return new TrackedBlock(block.Kind, block.Level, segments, whole);
        }).ToList();

        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(ZonedTime.InZone(now, consultation.TimeZone).DateTime);
        var context = new List<string> { consultation.Title };
        if (statement.ClusterNumber is { } n && consultation.FindCluster(n) is { } cluster)
        {
            context.Add($"Cluster {n}: {cluster.Title}");
        }

        var heading = new ExportedStatement(statement.Title, context,
            string.Create(CultureInfo.InvariantCulture, $"Changes from revision {query.FromRevision} to revision {query.ToRevision}, shown as tracked changes"), []);
        var what = statement.ClusterNumber is { } c ? $"cluster-{c}-common-statement" : "opening-statement";
        var name = string.Create(CultureInfo.InvariantCulture, $"{what}-changes-{query.FromRevision}-to-{query.ToRevision}-{today:yyyy-MM-dd}.docx");
        return new ExportedFile(name, StatementDocx.ContentType, StatementDocx.WriteChanges(heading, tracked, ExportStatementChanges.Author, now.UtcDateTime));
    }
}

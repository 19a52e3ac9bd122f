using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.History;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Markdown;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Documents;

/// <summary>
/// A statement's changes between two revisions: as a Word document with native tracked changes (Word can accept or
/// reject each) attributed to "Participant", or as HTML, PDF or Markdown with insertions underlined and deletions struck
/// through: a word diff of each paragraph keeping its formatting and links, paragraphs added or removed whole.
/// </summary>
public sealed record ExportStatementChanges(int StatementId, int FromRevision, int ToRevision, ExportFormat Format = ExportFormat.Docx) : IQuery<ExportedFile?>, IAuthorisedRequest
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

public sealed class ExportStatementChangesHandler(IDbContextFactory<DraftingDbContext> contexts, StatementArchive archive, InlineMarkdown markdown, TimeProvider clock, PdfRenderer pdf)
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
        var tracked = Compare(older.Blocks, newer.Blocks, markdown);

        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(ZonedTime.InZone(now, consultation.TimeZone).DateTime);
        var context = new List<string> { consultation.Title };
        if (statement.ClusterNumber is { } n && consultation.FindCluster(n) is { } cluster)
        {
            context.Add($"Cluster {n}: {cluster.Title}");
        }

        var heading = new ExportedStatement(statement.Title, context,
            string.Create(CultureInfo.InvariantCulture, $"Changes from revision {query.FromRevision} to revision {query.ToRevision}"), []);
        var what = statement.ClusterNumber is { } c ? $"cluster-{c}-common-statement" : "opening-statement";
        var name = string.Create(CultureInfo.InvariantCulture, $"{what}-changes-{query.FromRevision}-to-{query.ToRevision}-{today:yyyy-MM-dd}");
        return await DocumentFiles.ChangesAsync(query.Format, name, heading, tracked, now.UtcDateTime, pdf, cancellationToken);
    }

    /// <summary>
    /// The blocks of two versions compared (matched by id, in the newer version's order, removed ones where they stood),
    /// each as formatted runs marked kept, inserted or deleted; numbered paragraphs numbered as in the newer version.
    /// </summary>
    public static IReadOnlyList<TrackedBlock> Compare(IReadOnlyList<DraftBlock> older, IReadOnlyList<DraftBlock> newer, InlineMarkdown markdown)
    {
        ArgumentNullException.ThrowIfNull(older);
        ArgumentNullException.ThrowIfNull(newer);
        ArgumentNullException.ThrowIfNull(markdown);
        var olderSpans = older.ToDictionary(b => b.Id.Value, b => markdown.Spans(b.Text), StringComparer.Ordinal);
        var newerSpans = newer.ToDictionary(b => b.Id.Value, b => markdown.Spans(b.Text), StringComparer.Ordinal);
        var blocks = older.Concat(newer).GroupBy(b => b.Id.Value).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var compared = StatementComparison.Compare(
            [.. older.Select(b => (b.Id.Value, TrackedText.Plain(olderSpans[b.Id.Value])))],
            [.. newer.Select(b => (b.Id.Value, TrackedText.Plain(newerSpans[b.Id.Value])))]);
        var number = 0;
        return [.. compared.Select(c =>
        {
            var block = blocks[c.BlockId];
            int? numbered = block.Kind == BlockKind.NumberedParagraph && c.Change != ComparedBlockChange.Removed ? ++number : null;
            return c.Change switch
            {
                ComparedBlockChange.Added => new TrackedBlock(block.Kind, block.Level, numbered, TrackedText.All(newerSpans[c.BlockId], TrackedKind.Inserted), TrackedKind.Inserted),
                ComparedBlockChange.Removed => new TrackedBlock(block.Kind, block.Level, numbered, TrackedText.All(olderSpans[c.BlockId], TrackedKind.Deleted), TrackedKind.Deleted),
                _ => new TrackedBlock(block.Kind, block.Level, numbered, TrackedText.Overlay(olderSpans[c.BlockId], newerSpans[c.BlockId], c.Diff), null),
            };
        })];
    }
}

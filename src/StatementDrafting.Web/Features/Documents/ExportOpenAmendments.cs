using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Amendments;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Markdown;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Documents;

/// <summary>
/// A statement as it stands with its open amendments: after each paragraph, each amendment on it (open or waiting for
/// an update, by number) under a line that says what it is, where it stands and how many support it, then the paragraph
/// as that amendment would have it, its changes tracked (Word) or underlined and struck through (HTML, PDF, Markdown),
/// and its rationale. Nobody is named: the changes are attributed to "Participant".
/// </summary>
public sealed record ExportOpenAmendments(int StatementId, ExportFormat Format = ExportFormat.Docx) : IQuery<ExportedFile?>, IAuthorisedRequest
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Read);
}

public sealed class ExportOpenAmendmentsValidator : IValidator<ExportOpenAmendments>
{
    public IEnumerable<ValidationError> Validate(ExportOpenAmendments message) => Ids.Positive(("StatementId", message?.StatementId, "statement"));
}

public sealed class ExportOpenAmendmentsHandler(
    IDbContextFactory<DraftingDbContext> contexts, DraftingEngine engine, IMediator mediator, InlineMarkdown markdown, TimeProvider clock, PdfRenderer pdf)
    : IQueryHandler<ExportOpenAmendments, ExportedFile?>
{
    public async ValueTask<ExportedFile?> Handle(ExportOpenAmendments query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var statement = await db.Statements.AsNoTracking().FirstOrDefaultAsync(s => s.Id == query.StatementId, cancellationToken);
        if (statement is null || await engine.SnapshotAsync(statement.Id, cancellationToken) is not { } snapshot)
        {
            return null;
        }

        var consultation = await db.Consultations.AsNoTracking().Include(c => c.Clusters).FirstAsync(c => c.Id == statement.ConsultationId, cancellationToken);
        var open = await mediator.Send(new ListAmendments(statement.Id, AmendmentShow.Pending, Order: AmendmentOrder.Number, Limit: ListAmendments.MaxLimit), cancellationToken);
        var byBlock = open.Items.Where(a => !a.ParagraphGone).ToLookup(a => a.BlockId, StringComparer.Ordinal);

        var blocks = new List<TrackedBlock>();
        var number = 0;
        foreach (var block in snapshot.Blocks)
        {
            int? numbered = block.Kind == BlockKind.NumberedParagraph ? ++number : null;
            blocks.Add(new TrackedBlock(block.Kind, block.Level, numbered, TrackedText.All(markdown.Spans(block.Text), TrackedKind.Same), null));
            foreach (var amendment in byBlock[block.Id.Value])
            {
                blocks.AddRange(Proposal(amendment));
            }
        }

        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(ZonedTime.InZone(now, consultation.TimeZone).DateTime);
        var context = new List<string> { consultation.Title };
        if (statement.ClusterNumber is { } n && consultation.FindCluster(n) is { } cluster)
        {
            context.Add($"Cluster {n}: {cluster.Title}");
        }

        var count = open.Items.Count(a => !a.ParagraphGone);
        var heading = new ExportedStatement(statement.Title, context, string.Create(CultureInfo.InvariantCulture,
            $"Draft, revision {snapshot.Revision}, {today.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}, with {count} open {(count == 1 ? "amendment" : "amendments")}"), []);
        var what = statement.ClusterNumber is { } c ? $"cluster-{c}-common-statement" : "opening-statement";
        var name = string.Create(CultureInfo.InvariantCulture, $"{what}-draft-with-amendments-{today:yyyy-MM-dd}");
        return await DocumentFiles.ChangesAsync(query.Format, name, heading, blocks, now.UtcDateTime, pdf, cancellationToken);
    }

    /// <summary>An amendment as a label, the paragraph as it would read, and its rationale.</summary>
    private IEnumerable<TrackedBlock> Proposal(AmendmentView amendment)
    {
        var supporters = amendment.SupportCount == 1 ? "1 supporter" : string.Create(CultureInfo.InvariantCulture, $"{amendment.SupportCount} supporters");
        yield return new TrackedBlock(BlockKind.UnnumberedParagraph, 0, null,
            [new TrackedSpan(TrackedKind.Same, new InlineSpan($"{amendment.Label}: {amendment.KindText} ({amendment.StatusText.ToLowerInvariant()}, {supporters})", false, false, null))],
            null, TrackedStyle.Label);
        yield return amendment.Kind switch
        {
            AmendmentKind.InsertAfter => new TrackedBlock(BlockKind.NumberedParagraph, 0, null, TrackedText.All(markdown.Spans(amendment.ProposedText), TrackedKind.Inserted), TrackedKind.Inserted, TrackedStyle.Proposal),
            AmendmentKind.Delete => new TrackedBlock(BlockKind.NumberedParagraph, 0, null, TrackedText.All(markdown.Spans(amendment.BaseText), TrackedKind.Deleted), TrackedKind.Deleted, TrackedStyle.Proposal),
            _ => new TrackedBlock(BlockKind.NumberedParagraph, 0, null, TrackedText.Compare(markdown.Spans(amendment.BaseText), markdown.Spans(amendment.ProposedText)), null, TrackedStyle.Proposal),
        };
        if (!string.IsNullOrWhiteSpace(amendment.Rationale))
        {
            yield return new TrackedBlock(BlockKind.UnnumberedParagraph, 0, null,
                [new TrackedSpan(TrackedKind.Same, new InlineSpan($"Rationale: {amendment.Rationale.Trim()}", false, true, null))], null, TrackedStyle.Proposal);
        }
    }
}

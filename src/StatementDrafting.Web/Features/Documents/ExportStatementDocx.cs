using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Polls;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Markdown;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Documents;

/// <summary>The formats a statement is exported in.</summary>
public enum ExportFormat
{
    Docx,
    Markdown,
    Html,

    /// <summary>The HTML printed by the server's Chromium (<see cref="PdfRenderer"/>).</summary>
    Pdf,
}

/// <summary>A statement as it stands, as a Word document (or Markdown, or print-ready HTML), for those who may read it.</summary>
/// <param name="Revision">An earlier revision (a milestone's, say) instead of the statement as it stands.</param>
public sealed record ExportStatementDocx(int StatementId, ExportFormat Format = ExportFormat.Docx, int? Revision = null) : IQuery<ExportedFile?>, IAuthorisedRequest
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Read);
}

/// <summary>A generated file: its name (saying what it is), media type and bytes.</summary>
public sealed record ExportedFile(string FileName, string ContentType, byte[] Content);

public sealed class ExportStatementDocxValidator : IValidator<ExportStatementDocx>
{
    public IEnumerable<ValidationError> Validate(ExportStatementDocx message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive(("StatementId", message.StatementId, "statement")))
        {
            yield return error;
        }

        if (message.Revision is < 0)
        {
            yield return new ValidationError(nameof(message.Revision), "A revision is 0 or more.");
        }
    }
}

public sealed class ExportStatementDocxHandler(IDbContextFactory<DraftingDbContext> contexts, InlineMarkdown markdown, TimeProvider clock, PdfRenderer pdf, History.StatementArchive archive)
    : IQueryHandler<ExportStatementDocx, ExportedFile?>
{
    public async ValueTask<ExportedFile?> Handle(ExportStatementDocx query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var statement = await db.Statements.AsNoTracking().Include(s => s.Blocks).FirstOrDefaultAsync(s => s.Id == query.StatementId, cancellationToken);
        if (statement is null)
        {
            return null;
        }

        statement.RestoreOrder();
        var consultation = await db.Consultations.AsNoTracking().Include(c => c.Clusters).FirstAsync(c => c.Id == statement.ConsultationId, cancellationToken);
        var poll = await db.Polls.AsNoTracking().Where(p => p.StatementId == statement.Id).OrderByDescending(p => p.Id).FirstOrDefaultAsync(cancellationToken);
        var today = DateOnly.FromDateTime(ZonedTime.InZone(clock.GetUtcNow(), consultation.TimeZone).DateTime);
        var adopted = poll is { ClosedAt: { } closedAt, Outcome: not null and not PollOutcome.NotAdopted }
            ? DateOnly.FromDateTime(ZonedTime.InZone(closedAt, consultation.TimeZone).DateTime)
            : (DateOnly?)null;

        var context = new List<string> { consultation.Title };
        if (statement.ClusterNumber is { } n && consultation.FindCluster(n) is { } cluster)
        {
            context.Add($"Cluster {n}: {cluster.Title}");
            context.AddRange(consultation.ObjectivesOf(cluster).Select(o => $"Objective {o.Number}: {o.Title}"));
        }

        IReadOnlyList<ExportedBlock> blocks = [.. statement.Numbered().Select(b => new ExportedBlock(b.Block.Kind, b.Block.HeadingLevel, b.Number, b.Block.Text))];
        string stamp;
        if (query.Revision is { } revision && revision != statement.Revision)
        {
            // An earlier version: numbered as it was then, and never stamped as adopted unless it is the adopted text.
            var then = await archive.DocumentAtAsync(statement.Id, revision, cancellationToken);
            var number = 0;
            blocks = [.. then.Blocks.Select(b => new ExportedBlock(b.Kind, b.Level, b.Kind == BlockKind.NumberedParagraph ? ++number : null, b.Text))];
            adopted = adopted is not null && poll!.Revision == revision ? adopted : null;
            stamp = adopted is not null
                ? $"{PollDesk.StageOf((poll!.ClosedAt, poll.Outcome))}, revision {poll.Revision}, fingerprint {poll.Fingerprint}"
                : string.Create(CultureInfo.InvariantCulture, $"Revision {revision}, as it stood then (the statement is now at revision {statement.Revision})");
        }
        else
        {
            stamp = adopted is not null
                ? $"{PollDesk.StageOf((poll!.ClosedAt, poll.Outcome))}, revision {poll.Revision}, fingerprint {poll.Fingerprint}"
                : $"{PollDesk.StageOf(poll is null ? null : (poll.ClosedAt, poll.Outcome))}, revision {statement.Revision}, {today.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}";
        }

        var document = new ExportedStatement(statement.Title, context, stamp, blocks);
        var date = adopted ?? today;
        var suffix = query.Revision is { } r && r != statement.Revision && adopted is null ? string.Create(CultureInfo.InvariantCulture, $"-revision-{r}") : string.Empty;
        return query.Format switch
        {
            ExportFormat.Markdown => new ExportedFile(FileNameOf(statement, date, adopted is not null, "md", suffix), "text/markdown; charset=utf-8",
                System.Text.Encoding.UTF8.GetBytes(StatementText.Markdown(document))),
            ExportFormat.Html => new ExportedFile(FileNameOf(statement, date, adopted is not null, "html", suffix), "text/html; charset=utf-8",
                System.Text.Encoding.UTF8.GetBytes(StatementText.Html(document, markdown))),
            ExportFormat.Pdf => new ExportedFile(FileNameOf(statement, date, adopted is not null, "pdf", suffix), "application/pdf",
                await pdf.PrintAsync(StatementText.Html(document, markdown), cancellationToken)),
            _ => new ExportedFile(FileNameOf(statement, date, adopted is not null, "docx", suffix), StatementDocx.ContentType, StatementDocx.Write(document, markdown)),
        };
    }

    /// <summary>"cluster-2-common-statement-adopted-2021-03-04.docx", "opening-statement-draft-2026-12-07.docx".</summary>
    public static string FileNameOf(Statement statement, DateOnly date, bool adopted, string extension, string suffix = "")
    {
        ArgumentNullException.ThrowIfNull(statement);
        var what = statement.ClusterNumber is { } n ? $"cluster-{n}-common-statement" : "opening-statement";
        return string.Create(CultureInfo.InvariantCulture, $"{what}-{(adopted ? "adopted" : "draft")}{suffix}-{date:yyyy-MM-dd}.{extension}");
    }
}

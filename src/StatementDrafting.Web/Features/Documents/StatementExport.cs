using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.History;
using StatementDrafting.Web.Features.Polls;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Documents;

/// <summary>A statement ready to export: what it holds (<see cref="Document"/>) and what its file name says.</summary>
/// <param name="Date">The day it was adopted, else today in the consultation's time zone.</param>
/// <param name="Suffix">"-revision-N" for an earlier revision that was not the adopted text, else empty.</param>
internal sealed record ExportableStatement(Statement Statement, ExportedStatement Document, DateOnly Date, bool Adopted, string Suffix)
{
    public string FileName(string extension) => ExportStatementDocxHandler.FileNameOf(Statement, Date, Adopted, extension, Suffix);
}

/// <summary>
/// Builds a statement's export, its title block (consultation, cluster, objectives), stamp and numbered blocks, as it
/// stands or at an earlier revision: shared by the statement's own exports and the pre-read pack.
/// </summary>
internal static class StatementExport
{
    /// <summary>The statement with its blocks, consultation and latest poll, built; null when there is no such statement.</summary>
    public static async Task<ExportableStatement?> LoadAsync(DraftingDbContext db, StatementArchive archive, int statementId, int? revision, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var statement = await db.Statements.AsNoTracking().Include(s => s.Blocks).AsSingleQuery() // revision and text read at once
            .FirstOrDefaultAsync(s => s.Id == statementId, cancellationToken);
        if (statement is null)
        {
            return null;
        }

        statement.RestoreOrder();
        var consultation = await db.Consultations.AsNoTracking().Include(c => c.Clusters).FirstAsync(c => c.Id == statement.ConsultationId, cancellationToken);
        var poll = await db.Polls.AsNoTracking().Where(p => p.StatementId == statement.Id).OrderByDescending(p => p.Id).FirstOrDefaultAsync(cancellationToken);
        return await BuildAsync(statement, consultation, poll, revision, archive, now, cancellationToken);
    }

    /// <summary>
    /// The export of <paramref name="statement"/> (its blocks loaded and in order) given its consultation (with clusters)
    /// and latest <paramref name="poll"/>; the archive is read only for an earlier <paramref name="revision"/>.
    /// </summary>
    public static async Task<ExportableStatement> BuildAsync(Statement statement, Consultation consultation, Poll? poll, int? revision, StatementArchive archive, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(ZonedTime.InZone(now, consultation.TimeZone).DateTime);
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
        if (revision is { } earlier && earlier != statement.Revision)
        {
            // An earlier version: numbered as it was then, and never stamped as adopted unless it is the adopted text.
            var then = await archive.DocumentAtAsync(statement.Id, earlier, cancellationToken);
            var number = 0;
            blocks = [.. then.Blocks.Select(b => new ExportedBlock(b.Kind, b.Level, b.Kind == BlockKind.NumberedParagraph ? ++number : null, b.Text))];
            adopted = adopted is not null && poll!.Revision == earlier ? adopted : null;
            stamp = adopted is not null
                ? $"{PollDesk.StageOf((poll!.ClosedAt, poll.Outcome))}, revision {poll.Revision}, fingerprint {poll.Fingerprint}"
                : string.Create(CultureInfo.InvariantCulture, $"Revision {earlier}, as it stood then (the statement is now at revision {statement.Revision})");
        }
        else
        {
            stamp = adopted is not null
                ? $"{PollDesk.StageOf((poll!.ClosedAt, poll.Outcome))}, revision {poll.Revision}, fingerprint {poll.Fingerprint}"
                : $"{PollDesk.StageOf(poll is null ? null : (poll.ClosedAt, poll.Outcome))}, revision {statement.Revision}, {today.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}";
        }

        var suffix = revision is { } r && r != statement.Revision && adopted is null ? string.Create(CultureInfo.InvariantCulture, $"-revision-{r}") : string.Empty;
        return new ExportableStatement(statement, new ExportedStatement(statement.Title, context, stamp, blocks), adopted ?? today, adopted is not null, suffix);
    }
}

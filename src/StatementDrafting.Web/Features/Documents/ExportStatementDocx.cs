using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Statements;
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
        if (await StatementExport.LoadAsync(db, archive, query.StatementId, query.Revision, clock.GetUtcNow(), cancellationToken) is not { } loaded)
        {
            return null;
        }

        var document = loaded.Document;
        return query.Format switch
        {
            ExportFormat.Markdown => new ExportedFile(loaded.FileName("md"), "text/markdown; charset=utf-8",
                System.Text.Encoding.UTF8.GetBytes(StatementText.Markdown(document))),
            ExportFormat.Html => new ExportedFile(loaded.FileName("html"), "text/html; charset=utf-8",
                System.Text.Encoding.UTF8.GetBytes(StatementText.Html(document, markdown))),
            ExportFormat.Pdf => new ExportedFile(loaded.FileName("pdf"), "application/pdf",
                await pdf.PrintAsync(StatementText.Html(document, markdown), cancellationToken)),
            _ => new ExportedFile(loaded.FileName("docx"), StatementDocx.ContentType, StatementDocx.Write(document, markdown)),
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

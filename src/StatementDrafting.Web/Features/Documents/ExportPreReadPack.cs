using System.Text;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.History;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Markdown;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Documents;

/// <summary>
/// Every current draft of a consultation in one file (Word, PDF or print-ready HTML) with a cover and a contents page,
/// for organisers to circulate before the meeting: the opening statement first, then the clusters' in order. Any
/// member may download it (members read every statement anyway); null when there is no such consultation.
/// </summary>
public sealed record ExportPreReadPack(int ConsultationId, ExportFormat Format = ExportFormat.Docx) : IQuery<ExportedFile?>, IAuthorisedRequest
{
    public Permission Permission => Permission.Member(ConsultationId);
}

public sealed class ExportPreReadPackValidator : IValidator<ExportPreReadPack>
{
    public IEnumerable<ValidationError> Validate(ExportPreReadPack message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive(("ConsultationId", message.ConsultationId, "consultation")))
        {
            yield return error;
        }

        if (message.Format == ExportFormat.Markdown)
        {
            yield return new ValidationError(nameof(message.Format), "The pre-read pack comes as Word, PDF or HTML.");
        }
    }
}

public sealed class ExportPreReadPackHandler(IDbContextFactory<DraftingDbContext> contexts, InlineMarkdown markdown, TimeProvider clock, PdfRenderer pdf, StatementArchive archive)
    : IQueryHandler<ExportPreReadPack, ExportedFile?>
{
    public async ValueTask<ExportedFile?> Handle(ExportPreReadPack query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var consultation = await db.Consultations.AsNoTracking().Include(c => c.Clusters).FirstOrDefaultAsync(c => c.Id == query.ConsultationId, cancellationToken);
        if (consultation is null)
        {
            return null;
        }

        var statements = await db.Statements.AsNoTracking().Include(s => s.Blocks).Where(s => s.ConsultationId == consultation.Id).ToListAsync(cancellationToken);
        var ids = statements.Select(s => (int?)s.Id).ToList();
        var polls = (await db.Polls.AsNoTracking().Where(p => ids.Contains(p.StatementId)).ToListAsync(cancellationToken))
            .GroupBy(p => p.StatementId!.Value)
            .ToDictionary(g => g.Key, g => g.MaxBy(p => p.Id));

        var now = clock.GetUtcNow();
        var drafts = new List<ExportedStatement>(statements.Count);
        foreach (var statement in statements.OrderBy(s => s.Kind == StatementKind.Opening ? 0 : 1).ThenBy(s => s.ClusterNumber).ThenBy(s => s.Id))
        {
            statement.RestoreOrder();
            var built = await StatementExport.BuildAsync(statement, consultation, polls.GetValueOrDefault(statement.Id), revision: null, archive, now, cancellationToken);
            drafts.Add(built.Document);
        }

        var cover = new PreReadCover(consultation.Title, DateOnly.FromDateTime(ZonedTime.InZone(now, consultation.TimeZone).DateTime));
        string NameOf(string extension) => PreReadPack.FileNameOf(consultation.Title, consultation.Id, cover.Generated, extension);
        return query.Format switch
        {
            ExportFormat.Html => new ExportedFile(NameOf("html"), "text/html; charset=utf-8", Encoding.UTF8.GetBytes(PreReadPack.Html(cover, drafts, markdown))),
            ExportFormat.Pdf => new ExportedFile(NameOf("pdf"), "application/pdf", await pdf.PrintAsync(PreReadPack.Html(cover, drafts, markdown), cancellationToken)),
            _ => new ExportedFile(NameOf("docx"), StatementDocx.ContentType, PreReadPack.Docx(cover, drafts, markdown)),
        };
    }
}

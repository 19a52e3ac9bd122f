using Mediator;

namespace StatementDrafting.Web.Features.Documents;

public static class DocumentsSetup
{
    public static IServiceCollection AddDocuments(this IServiceCollection services)
    {
        services.AddSingleton<PdfRenderer>();
        return services;
    }

    /// <summary>
    /// A statement as a Word document, Markdown or print-ready HTML (<c>export.docx</c>, <c>.md</c>, <c>.html</c>), its
    /// changes, and the consultation's outcome record; the mediator refuses those who may not read it (403), and 404 when there is none.
    /// </summary>
    public static IEndpointRouteBuilder MapDocuments(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/statements/{id:int:min(1)}/export.{format:regex(^(docx|md|html|pdf)$)}", async (int id, string format, int? revision, HttpContext context, IMediator mediator) =>
        {
            if (await mediator.Send(new ExportStatementDocx(id, DocumentFiles.FormatOf(format), revision), context.RequestAborted) is not { } file)
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "no-store";
            return Results.File(file.Content, file.ContentType, file.FileName);
        });
        endpoints.MapGet("/statements/{id:int:min(1)}/changes.{format:regex(^(docx|md|html|pdf)$)}", async (int id, string format, int from, int to, HttpContext context, IMediator mediator) =>
        {
            if (await mediator.Send(new ExportStatementChanges(id, from, to, DocumentFiles.FormatOf(format)), context.RequestAborted) is not { } file)
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "no-store";
            return Results.File(file.Content, file.ContentType, file.FileName);
        });
        endpoints.MapGet("/statements/{id:int:min(1)}/amendments.{format:regex(^(docx|md|html|pdf)$)}", async (int id, string format, HttpContext context, IMediator mediator) =>
        {
            if (await mediator.Send(new ExportOpenAmendments(id, DocumentFiles.FormatOf(format)), context.RequestAborted) is not { } file)
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "no-store";
            return Results.File(file.Content, file.ContentType, file.FileName);
        });
        endpoints.MapGet("/consultations/{id:int:min(1)}/outcome-record.{format:regex(^(docx|html|pdf)$)}", async (int id, string format, HttpContext context, IMediator mediator) =>
        {
            var kind = format switch { "html" => ExportFormat.Html, "pdf" => ExportFormat.Pdf, _ => ExportFormat.Docx };
            if (await mediator.Send(new ExportOutcomeRecord(id, kind), context.RequestAborted) is not { } file)
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "no-store";
            return Results.File(file.Content, file.ContentType, file.FileName);
        });
        return endpoints;
    }
}

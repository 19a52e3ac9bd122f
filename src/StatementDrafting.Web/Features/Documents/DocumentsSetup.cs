using Mediator;

namespace StatementDrafting.Web.Features.Documents;

public static class DocumentsSetup
{
    public static IServiceCollection AddDocuments(this IServiceCollection services)
    {
        services.AddSingleton<PdfRenderer>();
        return services;
    }

    /// <summary>A statement as a Word document, Markdown or print-ready HTML (<c>export.docx</c>, <c>.md</c>, <c>.html</c>), and a consultation's pre-read pack (<c>pre-read-pack.docx</c>, <c>.pdf</c>, <c>.html</c>); the mediator refuses those who may not read it (403), and 404 when there is none.</summary>
    public static IEndpointRouteBuilder MapDocuments(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/statements/{id:int:min(1)}/export.{format:regex(^(docx|md|html|pdf)$)}", async (int id, string format, int? revision, HttpContext context, IMediator mediator) =>
        {
            var kind = format switch { "md" => ExportFormat.Markdown, "html" => ExportFormat.Html, "pdf" => ExportFormat.Pdf, _ => ExportFormat.Docx };
            if (await mediator.Send(new ExportStatementDocx(id, kind, revision), context.RequestAborted) is not { } file)
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "no-store";
            return Results.File(file.Content, file.ContentType, file.FileName);
        });
        endpoints.MapGet("/statements/{id:int:min(1)}/changes.docx", async (int id, int from, int to, HttpContext context, IMediator mediator) =>
        {
            if (await mediator.Send(new ExportStatementChanges(id, from, to), context.RequestAborted) is not { } file)
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "no-store";
            return Results.File(file.Content, file.ContentType, file.FileName);
        });
        endpoints.MapGet("/consultations/{id:int:min(1)}/pre-read-pack.{format:regex(^(docx|pdf|html)$)}", async (int id, string format, HttpContext context, IMediator mediator) =>
        {
            var kind = format switch { "pdf" => ExportFormat.Pdf, "html" => ExportFormat.Html, _ => ExportFormat.Docx };
            if (await mediator.Send(new ExportPreReadPack(id, kind), context.RequestAborted) is not { } file)
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "no-store";
            return Results.File(file.Content, file.ContentType, file.FileName);
        });
        return endpoints;
    }
}

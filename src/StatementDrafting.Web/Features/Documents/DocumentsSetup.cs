using Mediator;

namespace StatementDrafting.Web.Features.Documents;

public static class DocumentsSetup
{
    /// <summary>A statement as a Word document; the mediator refuses those who may not read it (403), and 404 when there is none.</summary>
    public static IEndpointRouteBuilder MapDocuments(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/statements/{id:int:min(1)}/export.docx", async (int id, HttpContext context, IMediator mediator) =>
        {
            if (await mediator.Send(new ExportStatementDocx(id), context.RequestAborted) is not { } file)
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "no-store";
            return Results.File(file.Content, file.ContentType, file.FileName);
        });
        return endpoints;
    }
}

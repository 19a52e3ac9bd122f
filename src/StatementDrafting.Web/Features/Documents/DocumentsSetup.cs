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
    /// The documents: a statement (<c>export</c>, at <c>?revision=</c>), its changes between two revisions (<c>changes</c>,
    /// <c>?from=&amp;to=</c>), the draft with its open amendments (<c>amendments</c>), as <c>.docx</c>, <c>.pdf</c>,
    /// <c>.html</c> or <c>.md</c>; a consultation's outcome record and pre-read pack as <c>.docx</c>, <c>.pdf</c> or
    /// <c>.html</c>. The mediator refuses those who may not read them (403); 404 when there is none.
    /// </summary>
    public static IEndpointRouteBuilder MapDocuments(this IEndpointRouteBuilder endpoints)
    {
        const string Any = "{format:regex(^(docx|md|html|pdf)$)}";
        const string Printed = "{format:regex(^(docx|html|pdf)$)}";
        endpoints.MapGet($"/statements/{{id:int:min(1)}}/export.{Any}", (int id, string format, int? revision, HttpContext context, IMediator mediator) =>
            SendAsync(new ExportStatementDocx(id, DocumentFiles.FormatOf(format), revision), context, mediator));
        endpoints.MapGet($"/statements/{{id:int:min(1)}}/changes.{Any}", (int id, string format, int from, int to, HttpContext context, IMediator mediator) =>
            SendAsync(new ExportStatementChanges(id, from, to, DocumentFiles.FormatOf(format)), context, mediator));
        endpoints.MapGet($"/statements/{{id:int:min(1)}}/amendments.{Any}", (int id, string format, HttpContext context, IMediator mediator) =>
            SendAsync(new ExportOpenAmendments(id, DocumentFiles.FormatOf(format)), context, mediator));
        endpoints.MapGet($"/consultations/{{id:int:min(1)}}/outcome-record.{Printed}", (int id, string format, HttpContext context, IMediator mediator) =>
            SendAsync(new ExportOutcomeRecord(id, DocumentFiles.FormatOf(format)), context, mediator));
        endpoints.MapGet($"/consultations/{{id:int:min(1)}}/pre-read-pack.{Printed}", (int id, string format, HttpContext context, IMediator mediator) =>
            SendAsync(new ExportPreReadPack(id, DocumentFiles.FormatOf(format)), context, mediator));
        return endpoints;
    }

    private static async Task<IResult> SendAsync(IQuery<ExportedFile?> query, HttpContext context, IMediator mediator)
    {
        if (await mediator.Send(query, context.RequestAborted) is not { } file)
        {
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = "no-store";
        return Results.File(file.Content, file.ContentType, file.FileName);
    }
}

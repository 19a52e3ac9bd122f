using System.Text;
using Mediator;

namespace StatementDrafting.Web.Features.Setup;

public static class SetupSetup
{
    /// <summary>The one way definitions are saved (scoped: it acts for the caller).</summary>
    public static IServiceCollection AddSetup(this IServiceCollection services)
    {
        services.AddScoped<DefinitionStore>();
        return services;
    }

    /// <summary>The consultation's definition as a JSON download (organisers; the mediator refuses everyone else).</summary>
    public static IEndpointRouteBuilder MapSetup(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/consultations/{id:int:min(1)}/manage/definition.json", async (int id, HttpContext context, IMediator mediator) =>
        {
            if (await mediator.Send(new ExportConsultation(id), context.RequestAborted) is not { } json)
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "no-store";
            return Results.File(Encoding.UTF8.GetBytes(json), "application/json; charset=utf-8", $"consultation-{id}-definition.json");
        });
        return endpoints;
    }
}

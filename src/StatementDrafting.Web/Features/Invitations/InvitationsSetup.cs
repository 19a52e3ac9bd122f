using Mediator;

namespace StatementDrafting.Web.Features.Invitations;

public static class InvitationsSetup
{
    /// <summary>Personal sign-in links, and the public address they start with (<c>Site:PublicAddress</c>, checked at start).</summary>
    public static IServiceCollection AddInvitations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<InvitationLinks>();
        services.AddOptions<SiteOptions>()
            .Bind(configuration.GetSection(SiteOptions.Section))
            .Validate(PublicAddress.IsValid, "Site:PublicAddress must be an absolute http or https address, such as https://drafting.example.org/.")
            .ValidateOnStart();
        services.AddSingleton<PublicAddress>();
        return services;
    }

    /// <summary>
    /// The CSV of usable links for mail merge. The mediator decides who may have it (organisers); a refusal becomes
    /// 401/403 through the app's exception handler, like every page.
    /// </summary>
    public static IEndpointRouteBuilder MapInvitations(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/consultations/{id:int:min(1)}/manage/invitations.csv", async (int id, HttpContext context, IMediator mediator, PublicAddress site) =>
        {
            var request = context.Request;
            var baseAddress = site.Or($"{request.Scheme}://{request.Host}{request.PathBase}/");
            if (await mediator.Send(new ExportInvitations(id, baseAddress), context.RequestAborted) is not { } file)
            {
                return Results.NotFound();
            }

            // The file holds sign-in links: no cache may keep it.
            context.Response.Headers.CacheControl = "no-store";
            return Results.File(file.Content, "text/csv; charset=utf-8", file.FileName);
        });
        return endpoints;
    }
}

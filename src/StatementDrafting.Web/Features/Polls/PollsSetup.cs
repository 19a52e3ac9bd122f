using Mediator;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace StatementDrafting.Web.Features.Polls;

public static class PollsSetup
{
    /// <summary>The desk the poll handlers share (one gate per poll in this process). Adding it twice changes nothing.</summary>
    public static IServiceCollection AddPolls(this IServiceCollection services)
    {
        services.TryAddSingleton<PollDesk>();
        services.TryAddSingleton<Nominations.ISlateBus, Nominations.SlateBus>();
        return services;
    }

    /// <summary>The public record of an adopted statement, as JSON at a stable address (docs/outcome.md); 404 before adoption.</summary>
    public static IEndpointRouteBuilder MapPolls(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/statements/{id:int:min(1)}/outcome.json", async (int id, IMediator mediator, CancellationToken cancellationToken) =>
            await mediator.Send(new GetAdoptionOutcome(id), cancellationToken) is { } outcome
                ? Results.Json(outcome, Drafting.Json.Options)
                : Results.NotFound());
        return endpoints;
    }
}

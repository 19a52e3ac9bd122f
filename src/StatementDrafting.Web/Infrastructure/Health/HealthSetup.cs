using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Infrastructure.Health;

/// <summary>
/// Health endpoints for a load balancer or orchestrator, anonymous, answering plain text (<c>Healthy</c> with 200,
/// <c>Unhealthy</c> with 503) and nothing else. <c>GET /health/live</c>: the process is up and answers, no check runs
/// (restart it if not). <c>GET /health/ready</c>: every check tagged <see cref="ReadyTag"/> passes, the database
/// answering first among them (send it no traffic if not). Other services the app needs (a Redis backplane) add a
/// check with that tag: <c>services.AddHealthChecks().AddCheck&lt;T&gt;("redis", tags: [HealthSetup.ReadyTag])</c>.
/// </summary>
public static class HealthSetup
{
    public const string LivePath = "/health/live";

    public const string ReadyPath = "/health/ready";

    /// <summary>The tag of the checks that must pass before the app takes traffic.</summary>
    public const string ReadyTag = "ready";

    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        // Opens a connection and runs the provider's simplest query: reachable, credentials accepted, database there.
        services.AddHealthChecks().AddDbContextCheck<DraftingDbContext>("database", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous().DisableRateLimiting();
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) }).AllowAnonymous().DisableRateLimiting();
        return endpoints;
    }
}

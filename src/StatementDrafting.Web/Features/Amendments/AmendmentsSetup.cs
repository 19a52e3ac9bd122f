using Microsoft.Extensions.DependencyInjection.Extensions;

namespace StatementDrafting.Web.Features.Amendments;

public static class AmendmentsSetup
{
    /// <summary>
    /// The desk the amendment handlers share, the per-account limit on amendment actions, and the follower that merges
    /// open amendments onto the paragraphs the live text changes (a hosted service). Adding them twice changes nothing.
    /// </summary>
    public static IServiceCollection AddAmendments(this IServiceCollection services)
    {
        services.TryAddScoped<AmendmentDesk>();
        services.TryAddSingleton<AmendmentRateLimit>();
        services.TryAddSingleton<DiffCache>();
        services.TryAddSingleton<AmendmentFollower>();
        services.AddHostedService(sp => sp.GetRequiredService<AmendmentFollower>());
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection.Extensions;

namespace StatementDrafting.Web.Features.History;

public static class HistorySetup
{
    /// <summary>The archive that rebuilds past revisions. Adding it twice changes nothing.</summary>
    public static IServiceCollection AddHistory(this IServiceCollection services)
    {
        services.TryAddSingleton<StatementArchive>();
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection.Extensions;

namespace StatementDrafting.Web.Features.Polls;

public static class PollsSetup
{
    /// <summary>The desk the poll handlers share (one gate per poll in this process). Adding it twice changes nothing.</summary>
    public static IServiceCollection AddPolls(this IServiceCollection services)
    {
        services.TryAddSingleton<PollDesk>();
        return services;
    }
}

namespace StatementDrafting.Web.Features.Registrations;

public static class RegistrationsSetup
{
    /// <summary>Registrant import previews wait in the memory cache for the organiser to confirm or cancel them.</summary>
    public static IServiceCollection AddRegistrations(this IServiceCollection services)
    {
        services.AddMemoryCache();
        return services;
    }
}

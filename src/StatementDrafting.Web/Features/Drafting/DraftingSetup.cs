using Microsoft.AspNetCore.SignalR;

namespace StatementDrafting.Web.Features.Drafting;

/// <summary>Sends statement events to the hub's groups, in the feed's order (one feed pump per statement).</summary>
public sealed class HubBroadcaster(IHubContext<DraftingHub> hub) : IStatementListener
{
    public async ValueTask OnEventAsync(StatementEvent statementEvent)
    {
        ArgumentNullException.ThrowIfNull(statementEvent);
        var group = hub.Clients.Group(DraftingHub.GroupOf(statementEvent.StatementId));
        switch (statementEvent)
        {
            case StatementChanged changed:
                await group.SendAsync("Changed", ChangedView.Of(changed));
                break;
            case StatementLockChanged locked:
                await group.SendAsync("LockChanged", new { locked.StatementId, locked.Locked });
                break;
            case StatementPresenceChanged presence:
                await group.SendAsync("PresenceChanged", new { presence.StatementId, presence.Presence });
                break;
            case AmendmentsChanged amendments:
                await group.SendAsync("AmendmentsChanged", new { amendments.StatementId, amendments.Numbers });
                break;
            case StatementEchoed echoed:
                await group.SendAsync("Echoed", new { echoed.StatementId, echoed.Payload });
                break;
        }
    }
}

public static class DraftingSetup
{
    /// <summary>The hub's largest message: a 20,000-character paragraph in JSON, with room to spare.</summary>
    public const long MaxMessageBytes = 256 * 1024;

    public static IServiceCollection AddDrafting(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DraftingOptions>(configuration.GetSection("Drafting"));
        services.AddSingleton<StatementFeed>();
        services.AddSingleton<DraftingEngine>();
        services.AddSingleton<PresenceTracker>();
        services.AddScoped<CircuitPresence>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, PresenceCircuitHandler>();
        services.AddSingleton<PublicNames>();
        services.AddSingleton<HubBroadcaster>();
        services.AddSingleton<DraftingHubFilter>();
        services.AddScoped<Amendments.AmendmentDesk>();
        services.AddSingleton<Amendments.AmendmentRateLimit>();
        services.AddSingleton<History.StatementArchive>();
        services.AddSingleton<Amendments.AmendmentFollower>();
        services.AddHostedService(sp => sp.GetRequiredService<Amendments.AmendmentFollower>());
        services.AddSignalR(o =>
            {
                o.MaximumReceiveMessageSize = MaxMessageBytes;
                o.AddFilter<DraftingHubFilter>();
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase);
        return services;
    }

    public static WebApplication MapDrafting(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var feed = app.Services.GetRequiredService<StatementFeed>();
        feed.SubscribeAll(app.Services.GetRequiredService<HubBroadcaster>());
        app.UseWhen(c => c.Request.Path.StartsWithSegments(DraftingHub.Path), branch => branch.Use(RefuseForeignOrigins));
        app.MapHub<DraftingHub>(DraftingHub.Path);
        return app;
    }

    /// <summary>
    /// Browsers may open the hub only from the app's own origin or a configured one; a request without an Origin header
    /// (a program, not a browser) is not a cross-site risk and passes. Authentication still applies to everyone.
    /// </summary>
    private static Task RefuseForeignOrigins(HttpContext context, RequestDelegate next)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || IsAllowed(context, origin))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    private static bool IsAllowed(HttpContext context, string origin)
    {
        var own = $"{context.Request.Scheme}://{context.Request.Host}";
        if (string.Equals(origin, own, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var allowed = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<DraftingOptions>>().Value.AllowedOrigins;
        return allowed.Any(a => string.Equals(a.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase));
    }
}

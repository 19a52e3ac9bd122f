using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace StatementDrafting.Web.Features.Drafting;

/// <summary>
/// Sends statement events to the hub's groups: one subscription (queue and pump) per statement, in the bus's order, so a
/// group with slow connections delays no other group and no circuit. When its queue overflowed, the changes it dropped
/// are read back from storage and sent before what follows, so every connection still gets every revision. With
/// several nodes each node sends to its own connections (<see cref="HubAudience"/>), relayed news included.
/// </summary>
public sealed class HubBroadcaster(IHubContext<DraftingHub> hub, DraftingEngine engine, HubAudience? audience = null) : IStatementListener
{
    private readonly HubAudience _audience = audience ?? new HubAudience();

    private readonly ConcurrentDictionary<int, int> _lastSent = new();

    public async ValueTask OnEventsAsync(IReadOnlyList<StatementEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var statementEvent in events)
        {
            var group = _audience.Of(hub, statementEvent.StatementId);
            switch (statementEvent)
            {
                case StatementFellBehind behind when _lastSent.TryGetValue(behind.StatementId, out var last):
                    foreach (var missed in await engine.ChangesSinceAsync(behind.StatementId, last, DraftingEngine.CatchUpLimit))
                    {
                        await SendAsync(group, missed);
                    }

                    break;
                case StatementChanged changed when changed.Revision > _lastSent.GetValueOrDefault(changed.StatementId):
                    await SendAsync(group, changed);
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

    private async Task SendAsync(IClientProxy group, StatementChanged changed)
    {
        _lastSent[changed.StatementId] = changed.Revision;
        await group.SendAsync("Changed", ChangedView.Of(changed));
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
        services.AddSingleton<IStatementBus>(sp => sp.GetRequiredService<StatementFeed>());
        services.AddSingleton<ChangeWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeWriter>());
        services.AddSingleton<DraftingEngine>();
        services.AddSingleton<PresenceTracker>();
        services.AddScoped<CircuitPresence>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, PresenceCircuitHandler>();
        services.AddSingleton<PublicNames>();
        services.AddSingleton<HubBroadcaster>();
        services.TryAddSingleton(new HubAudience());
        services.AddSingleton<DraftingHubFilter>();
        services.AddSignalR(o =>
            {
                o.MaximumReceiveMessageSize = MaxMessageBytes;

                // SignalR's default, relied upon: one call of a connection at a time, so its presence calls apply in order.
                o.MaximumParallelInvocationsPerClient = 1;
                o.AddFilter<DraftingHubFilter>();
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase);

        // SignalR's JSON protocol, answering calls it cannot bind as "malformed": the same name, registered after it, so
        // it takes its place (SignalR keeps the last protocol of a name).
        services.AddSingleton<Microsoft.AspNetCore.SignalR.Protocol.IHubProtocol, DraftingHubProtocol>();
        return services;
    }

    public static WebApplication MapDrafting(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var feed = app.Services.GetRequiredService<IStatementBus>();
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

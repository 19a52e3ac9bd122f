using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Features.Nominations;

namespace StatementDrafting.Web.Infrastructure.ScaleOut;

public static class ScaleOutSetup
{
    /// <summary>
    /// With <c>Redis:Configuration</c> set, several nodes (ADR 0017): one shared Redis connection, SignalR's Redis
    /// backplane, the statement and slate buses that signal the other nodes, the follower that catches up from storage,
    /// presence shared with the other nodes, the statements' stewards (one sequencer per statement across nodes) and
    /// Redis's readiness check. Without it, nothing changes: one node, no Redis. Call after the features' setup.
    /// </summary>
    public static IServiceCollection AddScaleOut(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("Redis");
        if (string.IsNullOrWhiteSpace(section["Configuration"]))
        {
            return services;
        }

        services.Configure<ScaleOutOptions>(section);
        services.AddSingleton<RedisLink>();
        services.AddSingleton<IConnectionMultiplexer>(sp => sp.GetRequiredService<RedisLink>().Connection.GetAwaiter().GetResult());

        services.Replace(ServiceDescriptor.Singleton(new HubAudience(nodeLocal: true)));
        services.AddSingleton<CrossNodeStatementBus>();
        services.Replace(ServiceDescriptor.Singleton<IStatementBus>(sp => sp.GetRequiredService<CrossNodeStatementBus>()));
        services.TryAddSingleton<SlateBus>();
        services.AddSingleton<CrossNodeSlateBus>();
        services.Replace(ServiceDescriptor.Singleton<ISlateBus>(sp => sp.GetRequiredService<CrossNodeSlateBus>()));
        services.AddSingleton<CrossNodeFollower>();
        services.AddHostedService(sp => sp.GetRequiredService<CrossNodeFollower>());
        services.AddSingleton<CrossNodePresence>();
        services.AddSingleton<IPresenceElsewhere>(sp => sp.GetRequiredService<CrossNodePresence>());
        services.AddHostedService(sp => sp.GetRequiredService<CrossNodePresence>());

        // One sequencer per statement across nodes (ADR 0019): the engine sends plain changes to the statement's steward.
        services.AddSingleton<StatementStewards>();
        services.AddSingleton<IStatementStewards>(sp => sp.GetRequiredService<StatementStewards>());
        services.AddHostedService(sp => sp.GetRequiredService<StatementStewards>());
        services.AddSingleton<StewardDesk>();
        services.AddHostedService(sp => sp.GetRequiredService<StewardDesk>());

        // The backplane goes through the node's one connection (and its channel prefix), and never holds up a hub
        // connection of this node while Redis is away.
        services.AddSignalR().AddStackExchangeRedis();
        services.AddSingleton(typeof(HubLifetimeManager<>), typeof(NodeHubLifetimeManager<>));
        services.AddOptions<RedisOptions>().Configure<RedisLink, IOptions<ScaleOutOptions>>((redis, link, scaleOut) =>
        {
            redis.Configuration = RedisLink.Configure(scaleOut.Value);
            redis.ConnectionFactory = async _ => await link.Connection;
        });

        services.AddHealthChecks().AddCheck<RedisReadinessCheck>(RedisReadinessCheck.Name, tags: [StatementDrafting.Web.Infrastructure.Health.HealthSetup.ReadyTag]);
        return services;
    }
}

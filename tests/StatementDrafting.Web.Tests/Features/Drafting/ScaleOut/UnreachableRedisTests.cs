using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StatementDrafting.Web.Infrastructure.ScaleOut;

namespace StatementDrafting.Web.Tests.Features.Drafting.ScaleOut;

/// <summary>
/// Redis configured but unreachable when the app starts: the app starts, works as one node (hub clients on it hear
/// each other's changes), and its readiness check says Redis is not reachable.
/// </summary>
public sealed class UnreachableRedisTests
{
    [Fact]
    public async Task The_app_starts_and_works_as_one_node_while_its_readiness_says_Redis_is_unreachable()
    {
        var settings = new Dictionary<string, string>
        {
            ["Redis:Configuration"] = $"127.0.0.1:{RedisServer.FreePort()},connectTimeout=500",
        };
        await using var app = new AppFactory(demo: true, settings: settings);
        var stored = await StoredStatement.OfClusterAsync(app, 1);

        await using var typist = await HubClient.ConnectAsync(app, People.Organiser);
        await using var viewer = await HubClient.ConnectAsync(app, "observer@example.org");
        var revision = (await typist.JoinAsync(stored.Id)).GetProperty("revision").GetInt32();
        await viewer.JoinAsync(stored.Id);
        var ack = await typist.SubmitAsync(stored.Id, DraftingHubTests.NewChangeId(), revision, DraftingHubTests.Insert(stored.Blocks[1], 0, "Alone. "));

        Assert.Equal(revision + 1, ack.GetProperty("revision").GetInt32());
        await viewer.WaitForRevisionAsync(revision + 1);
        await typist.WaitForRevisionAsync(revision + 1);

        var health = app.Services.GetRequiredService<HealthCheckService>();
        var ready = await health.CheckHealthAsync(c => c.Tags.Contains("ready"));
        Assert.Equal(HealthStatus.Unhealthy, ready.Entries[RedisReadinessCheck.Name].Status);
    }
}

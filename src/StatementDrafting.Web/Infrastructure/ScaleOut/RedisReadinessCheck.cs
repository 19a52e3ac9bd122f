using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace StatementDrafting.Web.Infrastructure.ScaleOut;

/// <summary>
/// Readiness (tagged <c>ready</c>): Redis answers a PING. Registered only when Redis is configured. A node without
/// Redis still works (it catches up from the database), so this says "not ready" to send it new clients, never
/// "kill it" (it is not a liveness check).
/// </summary>
public sealed class RedisReadinessCheck(RedisLink link) : IHealthCheck
{
    public const string Name = "redis";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!link.IsConnected)
        {
            return HealthCheckResult.Unhealthy("Redis is not reachable.");
        }

        try
        {
            var latency = await link.Connection.Result.GetDatabase().PingAsync().WaitAsync(Patience, cancellationToken);
            return HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture)} ms.");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis is not reachable.", e);
        }
    }
}

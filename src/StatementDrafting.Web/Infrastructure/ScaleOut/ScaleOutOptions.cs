namespace StatementDrafting.Web.Infrastructure.ScaleOut;

/// <summary>
/// The <c>Redis</c> section: with <see cref="Configuration"/> set, several app nodes share one database and learn of
/// each other's changes through Redis (ADR 0017); without it the app is one node and needs no Redis.
/// </summary>
public sealed class ScaleOutOptions
{
    /// <summary>A StackExchange.Redis configuration string, e.g. <c>redis.internal:6379,password=…</c>.</summary>
    public string? Configuration { get; set; }

    /// <summary>Put before every pub/sub channel name, so that several apps can share one Redis.</summary>
    public string ChannelPrefix { get; set; } = "statementdrafting:";

    /// <summary>How often each node compares what it showed with what is stored, whatever Redis delivered.</summary>
    public TimeSpan CatchUpEvery { get; set; } = TimeSpan.FromSeconds(2);
}

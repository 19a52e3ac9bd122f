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

    /// <summary>How long a node stays a statement's steward without renewing (it renews while it sequences the statement).</summary>
    public TimeSpan StewardFor { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a node trusts what it learnt of a statement's steward before asking Redis again.</summary>
    public TimeSpan StewardKnownFor { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>How long a node waits for the steward's answer to a forwarded change before it sequences the change itself.</summary>
    public TimeSpan ForwardTimeout { get; set; } = TimeSpan.FromSeconds(3);
}

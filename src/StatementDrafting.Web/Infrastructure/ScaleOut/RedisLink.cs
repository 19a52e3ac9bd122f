using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace StatementDrafting.Web.Infrastructure.ScaleOut;

/// <summary>
/// This node's one connection to Redis, shared by SignalR's backplane, the cross-node signals and presence. It connects
/// in the background and never fails the app: while Redis is down, signals are not sent (every node catches up from
/// storage) and the connection keeps retrying; <see cref="Restored"/> tells when it is back.
/// </summary>
public sealed partial class RedisLink : IDisposable
{
    private readonly ILogger<RedisLink> _logger;
    private readonly RedisChannel _signals;

    public RedisLink(IOptions<ScaleOutOptions> options, ILogger<RedisLink> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        var configuration = Configure(options.Value);
        ChannelPrefix = options.Value.ChannelPrefix;
        _signals = RedisChannel.Literal("signals");
        Connection = ConnectAsync(configuration);
    }

    /// <summary>This node's name in its signals (a new one each start), so that it ignores its own.</summary>
    public string NodeId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The channel of the nodes' presence (the channel prefix is added by the connection).</summary>
    internal static RedisChannel Presence { get; } = RedisChannel.Literal("presence");

    /// <summary>The shared multiplexer, once made (it exists, and retries, even while Redis is unreachable).</summary>
    public Task<IConnectionMultiplexer> Connection { get; }

    public bool IsConnected => Connection.IsCompletedSuccessfully && Connection.Result.IsConnected;

    /// <summary>Raised when the link's subscription comes back after a loss: news sent meanwhile may be lost.</summary>
    public event EventHandler? Restored;

    /// <summary>The app's Redis settings: never abort on a failed connect, and the app's channel prefix.</summary>
    public static ConfigurationOptions Configure(ScaleOutOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configuration = ConfigurationOptions.Parse(options.Configuration ?? string.Empty);
        configuration.AbortOnConnectFail = false;
        configuration.ChannelPrefix = RedisChannel.Literal(options.ChannelPrefix);
        configuration.ClientName ??= "statementdrafting";
        return configuration;
    }

    /// <summary>Sends a signal to the other nodes, if Redis is reachable now; never waits, never throws.</summary>
    internal void Send(NodeSignal signal) => Publish(_signals, signal.ToJson());

    /// <summary>Tells the other nodes who is in a statement here, if Redis is reachable now; never waits, never throws.</summary>
    internal void Send(NodePresence presence) => Publish(Presence, presence.ToJson());

    /// <summary>Tells the other nodes who is here and waits (at most <paramref name="patience"/>) until Redis took it.</summary>
    internal async Task SendAsync(NodePresence presence, TimeSpan patience)
    {
        if (!IsConnected)
        {
            return;
        }

        try
        {
            await Connection.Result.GetSubscriber().PublishAsync(Presence, presence.ToJson()).WaitAsync(patience);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            LogSendFailed(_logger, e);
        }
    }

    /// <summary>Subscribes to the other nodes' signals (the subscription is kept across reconnects by the client).</summary>
    internal Task SubscribeAsync(Action<NodeSignal> received, CancellationToken cancellationToken) =>
        SubscribeAsync(_signals, (_, value) =>
        {
            if (NodeSignal.Parse(value) is { } signal && signal.Node != NodeId)
            {
                received(signal);
            }
        }, cancellationToken);

    /// <summary>Subscribes to what every node (this one too) says of its presence, as sent: the reader makes sense of it.</summary>
    internal Task SubscribePresenceAsync(Action<string?> received, CancellationToken cancellationToken) =>
        SubscribeAsync(Presence, (_, value) => received(value), cancellationToken);

    private void Publish(RedisChannel channel, string message)
    {
        if (!IsConnected)
        {
            return;
        }

        try
        {
            Connection.Result.GetSubscriber().Publish(channel, message, CommandFlags.FireAndForget);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            LogSendFailed(_logger, e);
        }
    }

    /// <summary>The channel on which a node hears what is meant for it alone (changes forwarded to it, answers).</summary>
    internal static RedisChannel NodeChannel(string nodeId) => RedisChannel.Literal("node:" + nodeId);

    /// <summary>A key of this app in Redis: the channel prefix, then the name.</summary>
    internal RedisKey Key(string name) => new(ChannelPrefix + name);

    /// <summary>The app's channel prefix, also put before its keys.</summary>
    internal string ChannelPrefix { get; }

    /// <summary>Subscribes to one channel, trying again until it is subscribed (kept across reconnects by the client).</summary>
    internal async Task SubscribeAsync(RedisChannel channel, Action<RedisChannel, RedisValue> handler, CancellationToken cancellationToken)
    {
        var multiplexer = await Connection.WaitAsync(cancellationToken);
        var subscriber = multiplexer.GetSubscriber();
        while (true)
        {
            try
            {
                await subscriber.SubscribeAsync(channel, handler);
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                LogSubscribeFailed(_logger, e.GetType().Name);
                try
                {
                    await subscriber.UnsubscribeAsync(channel, handler);
                }
                catch (Exception again) when (again is RedisException or TimeoutException)
                {
                    // Not subscribed either: try again below.
                }

                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    /// <summary>Publishes a message on a channel; the answer is how many clients heard it (0: nobody listens there).</summary>
    internal async Task<long> PublishAsync(RedisChannel channel, string message)
    {
        var multiplexer = await Connection;
        return await multiplexer.GetSubscriber().PublishAsync(channel, message);
    }

    /// <summary>Runs a Lua script on Redis (StackExchange.Redis caches it there by its hash).</summary>
    internal async Task<RedisResult> EvaluateAsync(string script, RedisKey key, params RedisValue[] values)
    {
        var multiplexer = await Connection;
        return await multiplexer.GetDatabase().ScriptEvaluateAsync(script, [key], values);
    }

    public void Dispose()
    {
        if (Connection.IsCompletedSuccessfully)
        {
            Connection.Result.Dispose();
        }
    }

    private async Task<IConnectionMultiplexer> ConnectAsync(ConfigurationOptions configuration)
    {
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
        multiplexer.ConnectionFailed += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                LogLost(_logger, e.FailureType.ToString());
            }
        };
        multiplexer.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                LogRestored(_logger);
                Restored?.Invoke(this, EventArgs.Empty);
            }
        };
        if (!multiplexer.IsConnected)
        {
            LogNotYet(_logger);
        }

        return multiplexer;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is not reachable yet; this node works alone and catches up from the database until it is.")]
    private static partial void LogNotYet(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the link to Redis ({Failure}); catching up from the database until it is back.")]
    private static partial void LogLost(ILogger logger, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "The link to Redis is back; every listener re-reads what it may have missed.")]
    private static partial void LogRestored(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A message to the other nodes was not sent; they catch up from the database, and presence at the next announcement.")]
    private static partial void LogSendFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to the other nodes' messages ({Failure}); trying again.")]
    private static partial void LogSubscribeFailed(ILogger logger, string failure);
}

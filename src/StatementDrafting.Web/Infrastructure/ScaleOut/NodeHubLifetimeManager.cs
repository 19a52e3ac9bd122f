using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Options;

namespace StatementDrafting.Web.Infrastructure.ScaleOut;

/// <summary>
/// SignalR's Redis backplane that never makes a hub connection wait for Redis. SignalR's Redis manager subscribes to
/// Redis when a connection opens and fails the connection when it cannot, so while Redis is down nobody could connect
/// or reconnect to a node. Here this node's own connections are kept by SignalR's default (in-process) manager and
/// written to directly; the Redis manager learns of them in the background and carries what must cross nodes (groups,
/// users, everyone, another node's connection). ADR 0017.
/// </summary>
public sealed partial class NodeHubLifetimeManager<THub> : HubLifetimeManager<THub>, IDisposable
    where THub : Hub
{
    private readonly DefaultHubLifetimeManager<THub> _local;
    private readonly RedisHubLifetimeManager<THub> _backplane;
    private readonly ConcurrentDictionary<string, HubConnectionContext> _here = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    public NodeHubLifetimeManager(
        ILoggerFactory loggers,
        IOptions<RedisOptions> redis,
        IHubProtocolResolver protocols,
        IOptions<HubOptions> globalHubOptions,
        IOptions<HubOptions<THub>> hubOptions)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        _logger = loggers.CreateLogger<NodeHubLifetimeManager<THub>>();
        _local = new DefaultHubLifetimeManager<THub>(loggers.CreateLogger<DefaultHubLifetimeManager<THub>>());
        _backplane = new RedisHubLifetimeManager<THub>(loggers.CreateLogger<RedisHubLifetimeManager<THub>>(), redis, protocols, globalHubOptions, hubOptions);
    }

    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await _local.OnConnectedAsync(connection);
        _here[connection.ConnectionId] = connection;
        _ = InBackgroundAsync(_backplane.OnConnectedAsync(connection));
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _here.TryRemove(connection.ConnectionId, out _);
        await _local.OnDisconnectedAsync(connection);
        _ = InBackgroundAsync(_backplane.OnDisconnectedAsync(connection));
    }

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        IsHere(connectionId)
            ? _local.SendConnectionAsync(connectionId, methodName, args, cancellationToken)
            : _backplane.SendConnectionAsync(connectionId, methodName, args, cancellationToken);

    /// <summary>
    /// A statement's news to this node's connections that joined it (<c>HubAudience</c>): the message is serialised once
    /// for all of them, as a group send is, and written to each directly; any connection of another node goes through Redis.
    /// </summary>
    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionIds);
        SerializedHubMessage? message = null;
        List<Task>? writing = null;
        List<string>? elsewhere = null;
        foreach (var id in connectionIds)
        {
            if (_here.TryGetValue(id, out var connection))
            {
                message ??= new SerializedHubMessage(new InvocationMessage(methodName, args));
                var write = connection.WriteAsync(message, cancellationToken);
                if (!write.IsCompletedSuccessfully)
                {
                    (writing ??= []).Add(write.AsTask());
                }
            }
            else
            {
                (elsewhere ??= []).Add(id);
            }
        }

        if (elsewhere is not null)
        {
            (writing ??= []).Add(_backplane.SendConnectionsAsync(elsewhere, methodName, args, cancellationToken));
        }

        return writing is null ? Task.CompletedTask : Task.WhenAll(writing);
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _backplane.SendAllAsync(methodName, args, cancellationToken);

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        _backplane.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken);

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _backplane.SendGroupAsync(groupName, methodName, args, cancellationToken);

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _backplane.SendGroupsAsync(groupNames, methodName, args, cancellationToken);

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        _backplane.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken);

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _backplane.SendUserAsync(userId, methodName, args, cancellationToken);

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        _backplane.SendUsersAsync(userIds, methodName, args, cancellationToken);

    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        _backplane.AddToGroupAsync(connectionId, groupName, cancellationToken);

    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        _backplane.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);

    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken) =>
        IsHere(connectionId)
            ? _local.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken)
            : _backplane.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);

    public override Task SetConnectionResultAsync(string connectionId, CompletionMessage result) =>
        _local.TryGetReturnType(result?.InvocationId ?? string.Empty, out _)
            ? _local.SetConnectionResultAsync(connectionId, result!)
            : _backplane.SetConnectionResultAsync(connectionId, result!);

    public override bool TryGetReturnType(string invocationId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) =>
        _local.TryGetReturnType(invocationId, out type) || _backplane.TryGetReturnType(invocationId, out type);

    public void Dispose() => _backplane.Dispose();

    private bool IsHere(string connectionId) => _here.ContainsKey(connectionId);

    private async Task InBackgroundAsync(Task work)
    {
        try
        {
            await work;
        }
#pragma warning disable CA1031 // Redis away: the connection works on this node all the same; the backplane catches up on its own.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogBackplaneFailed(_logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The Redis backplane could not follow a hub connection; it works on this node all the same.")]
    private static partial void LogBackplaneFailed(ILogger logger, Exception exception);
}

using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace StatementDrafting.Web.Features.Drafting;

/// <summary>
/// The hub connections of this process that joined each statement. On one node the hub's own groups do this job and
/// this list is not used. With several nodes (ADR 0017) SignalR's groups go through the Redis backplane, even for a
/// connection on the sending node, so a group send while Redis is down reaches nobody; instead every node hears every
/// change on its own statement bus and sends it to its own connections, one by one (a send to a connection of this
/// process never touches Redis).
/// </summary>
public sealed class HubAudience(bool nodeLocal = false)
{
    private readonly ConcurrentDictionary<int, ConcurrentDictionary<string, byte>> _joined = new();

    /// <summary>Whether the hub sends to the connections listed here instead of to its groups (several nodes).</summary>
    public bool NodeLocal { get; } = nodeLocal;

    public void Join(int statementId, string connectionId) =>
        _joined.GetOrAdd(statementId, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal))[connectionId] = 0;

    public void Leave(int statementId, string connectionId)
    {
        if (_joined.TryGetValue(statementId, out var connections))
        {
            connections.TryRemove(connectionId, out _);
        }
    }

    public void LeaveEverywhere(string connectionId)
    {
        foreach (var connections in _joined.Values)
        {
            connections.TryRemove(connectionId, out _);
        }
    }

    /// <summary>Where a statement's news goes: its group on one node, its connections on this node with several.</summary>
    public IClientProxy Of(IHubContext<DraftingHub> hub, int statementId)
    {
        ArgumentNullException.ThrowIfNull(hub);
        return NodeLocal
            ? new EachConnection(hub, _joined.TryGetValue(statementId, out var connections) ? [.. connections.Keys] : [])
            : hub.Clients.Group(DraftingHub.GroupOf(statementId));
    }

    /// <summary>
    /// Sends to the listed connections at once: those of this process are written to directly, with the message
    /// serialised once for all of them (<c>NodeHubLifetimeManager.SendConnectionsAsync</c>).
    /// </summary>
    private sealed class EachConnection(IHubContext<DraftingHub> hub, IReadOnlyList<string> connectionIds) : IClientProxy
    {
        public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default) =>
            connectionIds.Count == 0 ? Task.CompletedTask : hub.Clients.Clients(connectionIds).SendCoreAsync(method, args, cancellationToken);
    }
}

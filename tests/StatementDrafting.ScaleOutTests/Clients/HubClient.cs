using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace StatementDrafting.ScaleOutTests.Clients;

/// <summary>The state <c>Join</c> returns (docs/protocol.md), as far as these tests read it.</summary>
public sealed record JoinedStatement(int Revision, IReadOnlyList<(string Id, string Text)> Blocks)
{
    public static JoinedStatement Of(JsonElement snapshot) => new(
        snapshot.GetProperty("revision").GetInt32(),
        [.. snapshot.GetProperty("blocks").EnumerateArray().Select(b => (b.GetProperty("id").GetString()!, b.GetProperty("text").GetString()!))]);

    public string TextOf(string blockId) => Blocks.Single(b => b.Id == blockId).Text;
}

/// <summary>A connection to the drafting hub of one node with a personal access token (docs/protocol.md).</summary>
public static class HubClient
{
    public static async Task<HubConnection> ConnectAsync(Uri node, string token, Action<HubConnection>? handlers = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(node, "hubs/drafting"), HttpTransportType.WebSockets, o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        handlers?.Invoke(connection);
        await connection.StartAsync();
        return connection;
    }

    public static async Task<JoinedStatement> JoinAsync(HubConnection connection, int statementId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return JoinedStatement.Of(await connection.InvokeAsync<JsonElement>("Join", statementId));
    }
}

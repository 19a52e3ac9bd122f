using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace StatementDrafting.ScaleOutTests.Clients;

/// <summary>
/// A participant following a statement on one node: it records every <c>Changed</c> it receives (revision and the text
/// inserted), so a test can check that changes arrive, and arrive in order.
/// </summary>
public sealed class Viewer : IAsyncDisposable
{
    private HubConnection? _connection;

    public ConcurrentQueue<(int Revision, string Inserted)> Received { get; } = new();

    public int JoinedAt { get; private set; }

    public static async Task<Viewer> JoinAsync(Uri node, string token, int statementId)
    {
        var viewer = new Viewer();
        viewer._connection = await HubClient.ConnectAsync(node, token, c => c.On<JsonElement>("Changed", viewer.OnChanged));
        viewer.JoinedAt = (await HubClient.JoinAsync(viewer._connection, statementId)).Revision;
        return viewer;
    }

    /// <summary>Everything inserted so far, in the order received.</summary>
    public string Text => string.Concat(Received.Select(r => r.Inserted));

    public IReadOnlyList<int> Revisions => [.. Received.Select(r => r.Revision)];

    private void OnChanged(JsonElement changed)
    {
        var inserted = string.Concat(changed.GetProperty("ops").EnumerateArray()
            .Where(op => op.GetProperty("type").GetString() == "text")
            .SelectMany(op => op.GetProperty("ops").EnumerateArray())
            .Where(part => part.ValueKind == JsonValueKind.String)
            .Select(part => part.GetString()));
        Received.Enqueue((changed.GetProperty("revision").GetInt32(), inserted));
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}

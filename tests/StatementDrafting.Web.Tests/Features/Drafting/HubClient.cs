using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace StatementDrafting.Web.Tests.Features.Drafting;

/// <summary>
/// A drafting-hub client for tests: a real SignalR connection (WebSockets through the test server, by access token)
/// that records every message the server sends, and waits for one with a generous timeout, never a fixed sleep.
/// </summary>
internal sealed class HubClient : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly ConcurrentQueue<(string Method, JsonElement Payload)> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private HubClient(HubConnection connection)
    {
        Connection = connection;
        foreach (var method in new[] { "Changed", "LockChanged", "PresenceChanged", "Echoed" })
        {
            connection.On<JsonElement>(method, payload =>
            {
                _received.Enqueue((method, payload));
                _arrived.Release();
            });
        }
    }

    public HubConnection Connection { get; }

    public IEnumerable<JsonElement> Received(string method) => _received.Where(r => r.Method == method).Select(r => r.Payload);

    public IReadOnlyList<int> ChangedRevisions => [.. Received("Changed").Select(c => c.GetProperty("revision").GetInt32())];

    public static async Task<HubClient> ConnectAsync(AppFactory app, string? email) => await StartAsync(await app.HubAsAsync(email));

    /// <summary>Starts a connection built elsewhere (e.g. over a real socket) and records what it receives.</summary>
    public static async Task<HubClient> StartAsync(HubConnection connection)
    {
        var client = new HubClient(connection);
        await client.Connection.StartAsync();
        return client;
    }

    public Task<JsonElement> JoinAsync(int statementId) => Connection.InvokeAsync<JsonElement>("Join", statementId);

    public Task<JsonElement> SubmitAsync(int statementId, string changeId, int baseRevision, object op) =>
        Connection.InvokeAsync<JsonElement>("Submit", new { statementId, changeId, baseRevision, op });

    /// <summary>Waits until a message of <paramref name="method"/> matching <paramref name="match"/> has arrived.</summary>
    public async Task<JsonElement> WaitForAsync(string method, Func<JsonElement, bool> match)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            foreach (var payload in Received(method))
            {
                if (match(payload))
                {
                    return payload;
                }
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
            {
                throw new TimeoutException($"No {method} message as expected arrived within {Patience.TotalSeconds} s.");
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, checking again whenever a message arrives.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
            {
                if (condition())
                {
                    return;
                }

                throw new TimeoutException($"Not within {Patience.TotalSeconds} s: {what}.");
            }
        }
    }

    public Task<JsonElement> WaitForRevisionAsync(int revision) =>
        WaitForAsync("Changed", c => c.GetProperty("revision").GetInt32() == revision);

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        _arrived.Dispose();
    }
}

/// <summary>The demo statement of cluster 1 as stored: its id, revision and blocks.</summary>
internal sealed record StoredStatement(int Id, int Revision, IReadOnlyList<(string Id, string Text)> Blocks)
{
    public string TextOf(string blockId) => Blocks.Single(b => b.Id == blockId).Text;

    public static async Task<StoredStatement> OfClusterAsync(AppFactory app, int cluster)
    {
        var id = await app.QueryAsync(db => db.Statements.Where(s => s.ClusterNumber == cluster).Select(s => s.Id).SingleAsync());
        return await LoadAsync(app, id);
    }

    public static Task<StoredStatement> LoadAsync(AppFactory app, int id) =>
        app.QueryAsync(async db =>
        {
            var statement = await db.Statements.AsNoTracking().Include(s => s.Blocks).SingleAsync(s => s.Id == id);
            return new StoredStatement(id, statement.Revision, [.. statement.Blocks.OrderBy(b => b.Position).Select(b => (b.Id.Value, b.Text))]);
        });
}

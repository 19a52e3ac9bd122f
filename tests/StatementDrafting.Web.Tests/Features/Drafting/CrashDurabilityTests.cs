using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Web.Infrastructure.Identity;
using StatementDrafting.Web.Infrastructure.Persistence;
using StatementDrafting.Web.Infrastructure.Persistence.Sqlite;
using Xunit.Abstractions;

namespace StatementDrafting.Web.Tests.Features.Drafting;

/// <summary>
/// Durable before acknowledged, against a real server process: type a burst through the hub, kill the process (no
/// graceful stop) while a change is in flight, start it again on the same database. Every acknowledged change is there
/// exactly once, and the client's resend of what was never acknowledged is applied exactly once.
/// </summary>
public sealed class CrashDurabilityTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Acknowledged_changes_survive_a_killed_server_exactly_once_and_the_client_resends_the_rest()
    {
        using var folder = new TempFolder();
        var database = Path.Combine(folder.Path, "app.db");
        var port = FreePort();
        var server = await StartAsync(database, port);
        var (statementId, blockId, token) = await PrepareAsync(database);

        var acknowledged = new List<string>();
        var unacknowledged = new List<(string ChangeId, int Base, object Op, string Marker)>();
        var revision = 0;
        var text = string.Empty;
        await using (var connection = Connect(port, token))
        {
            await connection.StartAsync();
            var joined = await connection.InvokeAsync<JsonElement>("Join", statementId);
            revision = joined.GetProperty("revision").GetInt32();
            text = joined.GetProperty("blocks").EnumerateArray().Single(b => b.GetProperty("id").GetString() == blockId).GetProperty("text").GetString()!;

            // A burst: each change waits for the previous acknowledgement (one in flight, as the protocol asks).
            for (var i = 0; ; i++)
            {
                var marker = $" [m{i:D3}]";
                var changeId = $"crash-{i:D4}-{Guid.NewGuid():N}"[..30];
                var op = new { type = "text", block = blockId, ops = new object[] { text.Length, marker } };
                var submit = connection.InvokeAsync<JsonElement>("Submit", new { statementId, changeId, baseRevision = revision, op });
                if (i == 25)
                {
                    // Kill the server while this change is in flight: it may or may not have been stored.
                    server.Kill(entireProcessTree: true);
                    await server.WaitForExitAsync();
                    unacknowledged.Add((changeId, revision, op, marker));
                    await Assert.ThrowsAnyAsync<Exception>(() => submit);
                    break;
                }

                var ack = await submit;
                revision = ack.GetProperty("revision").GetInt32();
                text += marker;
                acknowledged.Add(marker);
            }
        }

        server.Dispose();
        using var restarted = await StartAsync(database, port);
        await using var again = Connect(port, token);
        await again.StartAsync();
        var snapshot = await again.InvokeAsync<JsonElement>("Join", statementId);
        var stored = TextOf(snapshot, blockId);
        foreach (var marker in acknowledged)
        {
            Assert.Equal(1, Count(stored, marker));
        }

        output.WriteLine($"{acknowledged.Count} changes acknowledged before the kill; stored revision after restart: {snapshot.GetProperty("revision").GetInt32()}.");
        foreach (var (changeId, baseRevision, op, _) in unacknowledged)
        {
            var ack = await again.InvokeAsync<JsonElement>("Submit", new { statementId, changeId, baseRevision, op });
            output.WriteLine($"Resent {changeId}: {ack.GetProperty("status").GetString()} as revision {ack.GetProperty("revision").GetInt32()}.");
        }

        var final = TextOf(await again.InvokeAsync<JsonElement>("Join", statementId), blockId);
        foreach (var marker in acknowledged.Concat(unacknowledged.Select(u => u.Marker)))
        {
            Assert.Equal(1, Count(final, marker));
        }

        Assert.EndsWith(string.Concat(acknowledged) + unacknowledged.Single().Marker, final, StringComparison.Ordinal);
        restarted.Kill(entireProcessTree: true);
    }

    private static HubConnection Connect(int port, string token) =>
        new HubConnectionBuilder()
            .WithUrl($"http://127.0.0.1:{port}/hubs/drafting", o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();

    private static async Task<(int StatementId, string BlockId, string Token)> PrepareAsync(string database)
    {
        var options = new DbContextOptionsBuilder<SqliteDraftingDbContext>().UseSqlite($"Data Source={database}").Options;
        await using var db = new SqliteDraftingDbContext(options);
        var statement = await db.Statements.AsNoTracking().Include(s => s.Blocks).SingleAsync(s => s.ClusterNumber == 1);
        var user = await db.Users.SingleAsync(u => u.Email == "cohost1@example.org");
        var (secret, token) = AccessToken.Issue(user.Id, "crash test", DateTimeOffset.UtcNow, null);
        db.AccessTokens.Add(token);
        await db.SaveChangesAsync();
        return (statement.Id, statement.Blocks.OrderBy(b => b.Position).Skip(1).First().Id.Value, secret);
    }

    private static async Task<Process> StartAsync(string database, int port)
    {
        var dll = WebApp.Dll();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["Database__Path"] = database;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Demo__Enabled"] = "true";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            Assert.False(process.HasExited, "the app exited while starting");
            try
            {
                if ((await http.GetAsync(new Uri($"http://127.0.0.1:{port}/"))).StatusCode == HttpStatusCode.OK)
                {
                    return process;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, "the app did not answer within a minute");
            await Task.Delay(100);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string TextOf(JsonElement snapshot, string blockId) =>
        snapshot.GetProperty("blocks").EnumerateArray().Single(b => b.GetProperty("id").GetString() == blockId).GetProperty("text").GetString()!;

    private static int Count(string text, string part) => text.Split(part).Length - 1;
}

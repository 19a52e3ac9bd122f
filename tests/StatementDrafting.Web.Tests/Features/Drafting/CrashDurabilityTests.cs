using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
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
[Trait("Database", "SqliteOnly")] // the files of a killed process; PostgreSQL keeps its own
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
        string? inFlight = null;
        var inFlightBase = 0;
        var revision = 0;
        var text = string.Empty;
        await using (var connection = Connect(port, token))
        {
            await connection.StartAsync();
            var joined = await connection.InvokeAsync<JsonElement>("Join", statementId);
            revision = joined.GetProperty("revision").GetInt32();
            text = TextOf(joined, blockId);

            // A burst: each change waits for the previous acknowledgement (one in flight, as the protocol asks).
            for (var i = 0; ; i++)
            {
                var marker = Marker(i);
                var submit = connection.InvokeAsync<JsonElement>("Submit", Submission(statementId, ChangeId(i), revision, blockId, text.Length, marker));
                if (i < 25)
                {
                    var ack = await submit;
                    revision = ack.GetProperty("revision").GetInt32();
                    text += marker;
                    acknowledged.Add(marker);
                    continue;
                }

                // Kill the server while this change is in flight: it may or may not be stored and acknowledged.
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
                try
                {
                    var ack = await submit;
                    revision = ack.GetProperty("revision").GetInt32();
                    acknowledged.Add(marker);
                }
                catch (Exception e) when (e is HubException or IOException or OperationCanceledException or InvalidOperationException or System.Net.WebSockets.WebSocketException)
                {
                    (inFlight, inFlightBase) = (marker, revision);
                }

                text += marker;
                break;
            }
        }

        // While the server is down the typist keeps typing; these changes wait on the client.
        var typedWhileDown = Enumerable.Range(100, 3).Select(Marker).ToList();
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

        output.WriteLine($"{acknowledged.Count} changes acknowledged before the kill; the one in flight was {(inFlight is null ? "acknowledged" : "not acknowledged")}; revision after restart {snapshot.GetProperty("revision").GetInt32()}.");
        if (inFlight is not null)
        {
            // Resent with its own change id against the revision it was made on: applied exactly once either way.
            var ack = await again.InvokeAsync<JsonElement>("Submit", Submission(statementId, ChangeId(25), inFlightBase, blockId, text.Length - inFlight.Length, inFlight));
            revision = ack.GetProperty("revision").GetInt32();
            output.WriteLine($"Resent the change in flight: {ack.GetProperty("status").GetString()} as revision {revision}.");
        }

        foreach (var (marker, i) in typedWhileDown.Select((m, i) => (m, i)))
        {
            var ack = await again.InvokeAsync<JsonElement>("Submit", Submission(statementId, ChangeId(100 + i), revision, blockId, text.Length, marker));
            revision = ack.GetProperty("revision").GetInt32();
            text += marker;
        }

        var final = TextOf(await again.InvokeAsync<JsonElement>("Join", statementId), blockId);
        Assert.Equal(text, final);
        foreach (var marker in acknowledged.Concat(typedWhileDown).Append(Marker(25)))
        {
            Assert.Equal(1, Count(final, marker));
        }

        restarted.Kill(entireProcessTree: true);
    }

    private static string Marker(int i) => $" [m{i:D3}]";

    private static string ChangeId(int i) => $"crash-change-{i:D4}";

    private static object Submission(int statementId, string changeId, int baseRevision, string blockId, int length, string marker) =>
        new { statementId, changeId, baseRevision, op = new { type = "text", block = blockId, ops = length > 0 ? new object[] { length, marker } : [marker] } };

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

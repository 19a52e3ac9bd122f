using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Drafting;

namespace StatementDrafting.Web.Tests.Features.Drafting;

/// <summary>
/// docs/protocol.md lists every refusal with an example call and its answer. Each row is read from the document itself
/// and sent, as written, over a real socket (Kestrel on a loopback port, the SignalR JSON protocol spoken by hand), and
/// the answer must be the documented one word for word: the document cannot drift from the server.
/// </summary>
public sealed partial class ProtocolRefusalTests(ProtocolRefusalTests.World world) : IClassFixture<ProtocolRefusalTests.World>
{
    /// <summary>
    /// Rows whose condition a running test cannot bring about: the full log is always kept, statements are never
    /// deleted, and shutting down ends the app (the engine's own tests cover <c>unavailable</c>).
    /// </summary>
    private static readonly string[] NotRun =
        ["not while the full log is kept (today, never)", "not while statements are never deleted (today, never)", "the server shutting down"];

    public sealed class World : IAsyncLifetime
    {
        /// <summary>Time stands still, so the rate limit is exact: 30 messages per connection, and no more.</summary>
        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        public AppFactory App { get; }

        public Uri Address { get; private set; } = null!;

        public World() => App = new AppFactory(demo: true, clock: Clock);

        public Task InitializeAsync()
        {
            Address = App.StartOnKestrel();
            return Task.CompletedTask;
        }

        public async Task DisposeAsync() => await App.DisposeAsync();
    }

    public static TheoryData<int> Rows() => [.. Enumerable.Range(0, DocumentedRefusals().Count)];

    [Fact]
    public void The_protocol_lists_an_example_for_every_error_code_it_names()
    {
        var codes = DocumentedRefusals().Select(r => r.Code).ToHashSet();
        var text = Protocol();
        var errors = text[text.IndexOf("## Errors", StringComparison.Ordinal)..text.IndexOf("<!-- refusals -->", StringComparison.Ordinal)];
        var named = CodeTable().Matches(errors).Select(m => m.Groups[1].Value).ToHashSet();

        Assert.NotEmpty(named);
        Assert.Equal(named.Order(), codes.Order());
        Assert.Equal(NotRun.Order(), DocumentedRefusals().Where(r => NotRun.Contains(r.Caller)).Select(r => r.Caller).Order());
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Each_documented_refusal_is_what_the_hub_answers_over_a_socket(int row)
    {
        var refusal = DocumentedRefusals()[row];
        if (NotRun.Contains(refusal.Caller))
        {
            return;
        }

        var full = refusal.Caller == "a co-host, the statement holding 1,000 blocks";
        var stored = await StoredStatement.OfClusterAsync(world.App, full ? 4 : 1);
        var revision = full ? await FillAsync(stored.Id) : stored.Revision;
        var values = new Dictionary<string, string>
        {
            ["$statement"] = $"{stored.Id}",
            ["$revision"] = $"{revision}",
            ["$next"] = $"{revision + 1}",
            ["$block"] = stored.Blocks[1].Id,
            ["$other"] = stored.Blocks[2].Id,
            ["$length"] = $"{stored.Blocks[1].Text.Length}",
            ["$new"] = BlockId.New().Value,
            ["$change"] = "doc-" + Guid.NewGuid().ToString("N")[..12],
        };
        var (method, arguments) = Call(Fill(refusal.Call, values));
        var answer = Fill(refusal.Answer, values);
        var before = await world.App.QueryAsync(db => db.StatementChanges.CountAsync(c => c.StatementId == stored.Id));

        await using var hub = await SocketHub.ConnectAsync(world.Address, refusal.Caller == "not signed in" ? null : await world.App.TokenForAsync(CallerOf(refusal.Caller)));
        if (refusal.Caller is not ("not signed in" or "a co-host" or "a co-host who has not joined"))
        {
            Assert.Null(SocketHub.ErrorOf(await hub.InvokeAsync("Join", $"[{stored.Id}]")));
        }

        var engine = world.App.Services.GetRequiredService<DraftingEngine>();
        if (refusal.Caller == "a co-host, the statement locked")
        {
            await engine.SetLockedAsync(stored.Id, true);
        }

        if (refusal.Caller == "a co-host, 30 messages sent this second")
        {
            for (var i = 1; i < world.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DraftingOptions>>().Value.MessagesPerSecond; i++)
            {
                Assert.Null(SocketHub.ErrorOf(await hub.InvokeAsync("Echo", $"[{stored.Id}, \"floor\"]")));
            }
        }

        string? error;
        try
        {
            error = SocketHub.ErrorOf(await hub.InvokeAsync(method, arguments));
        }
        finally
        {
            if (refusal.Caller == "a co-host, the statement locked")
            {
                await engine.SetLockedAsync(stored.Id, false);
            }
        }

        Assert.NotNull(error);
        Assert.EndsWith("HubException: " + answer, error, StringComparison.Ordinal);
        Assert.Equal(before, await world.App.QueryAsync(db => db.StatementChanges.CountAsync(c => c.StatementId == stored.Id)));
        Assert.DoesNotContain(hub.Received, m => m.GetProperty("target").GetString() == "Changed");

        // The connection stays open and usable.
        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, hub.State);
    }

    [Fact]
    public async Task A_message_of_a_type_the_protocol_does_not_know_is_skipped_and_the_connection_answers_what_follows()
    {
        var stored = await StoredStatement.OfClusterAsync(world.App, 1);
        await using var hub = await SocketHub.ConnectAsync(world.Address, await world.App.TokenForAsync("cohost1@example.org"));

        // SignalR's JSON protocol skips unknown types (for newer clients); with a message size limit it used to stall on one.
        await hub.SendTextAsync("{\"type\":60,\"invocationId\":\"x\"}\u001e");
        var joined = await hub.InvokeAsync("Join", $"[{stored.Id}]");

        Assert.Null(SocketHub.ErrorOf(joined));
        Assert.Equal(stored.Id, joined.GetProperty("result").GetProperty("statementId").GetInt32());
    }

    private static string CallerOf(string caller) => caller switch
    {
        "a participant who joined" => "participant1@example.org",
        "a co-host, the statement holding 1,000 blocks" => "cohost4@example.org",
        _ when caller.StartsWith("a co-host", StringComparison.Ordinal) => "cohost1@example.org",
        _ => throw new InvalidOperationException($"docs/protocol.md names a caller this test does not know: {caller}"),
    };

    /// <summary>Fills the statement of cluster 4 up to the most blocks a statement may hold; returns its revision.</summary>
    private async Task<int> FillAsync(int statementId)
    {
        var revision = await world.App.QueryAsync(async db =>
        {
            var statement = await db.Statements.Include(s => s.Blocks).SingleAsync(s => s.Id == statementId);
            statement.RestoreOrder();
            while (statement.Blocks.Count < DraftDocument.MaxBlocks)
            {
                statement.Append(BlockKind.NumberedParagraph, "Filler.");
            }

            await db.SaveChangesAsync();
            return statement.Revision;
        });
        world.App.Services.GetRequiredService<DraftingEngine>().Forget(statementId);
        return revision;
    }

    /// <summary>"Submit({...}, 1)" as the method and its arguments as a JSON array.</summary>
    private static (string Method, string Arguments) Call(string call)
    {
        var open = call.IndexOf('(', StringComparison.Ordinal);
        Assert.True(open > 0 && call.EndsWith(')'), $"A call in docs/protocol.md is not Method(arguments): {call}");
        var arguments = "[" + call[(open + 1)..^1] + "]";
        using var parsed = JsonDocument.Parse(arguments); // the documented arguments are JSON
        return (call[..open], arguments);
    }

    private static string Fill(string text, Dictionary<string, string> values) =>
        values.OrderByDescending(v => v.Key.Length).Aggregate(text, (t, v) => t.Replace(v.Key, v.Value, StringComparison.Ordinal));

    internal sealed record Refusal(string Code, string Caller, string Call, string Answer);

    /// <summary>The rows of the table between <c>&lt;!-- refusals --&gt;</c> and <c>&lt;!-- /refusals --&gt;</c>.</summary>
    internal static IReadOnlyList<Refusal> DocumentedRefusals()
    {
        var text = Protocol();
        var start = text.IndexOf("<!-- refusals -->", StringComparison.Ordinal);
        var end = text.IndexOf("<!-- /refusals -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "docs/protocol.md has no table of refusals between its markers");
        return
        [
            .. text[start..end].Split('\n').Select(l => Row().Match(l)).Where(m => m.Success)
                .Select(m => new Refusal(m.Groups["code"].Value, m.Groups["caller"].Value, m.Groups["call"].Value, m.Groups["answer"].Value)),
        ];
    }

    private static string Protocol([CallerFilePath] string sourceFile = "")
    {
        foreach (var from in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? "." })
        {
            for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
            {
                var file = Path.Combine(dir.FullName, "docs", "protocol.md");
                if (File.Exists(file))
                {
                    return File.ReadAllText(file).ReplaceLineEndings("\n");
                }
            }
        }

        throw new InvalidOperationException("Cannot find docs/protocol.md above the test output.");
    }

    [GeneratedRegex(@"^\| `(?<code>[a-z_]+)` \| (?<caller>[^|`]+?) \| `(?<call>[^`]+)` \| `(?<answer>[^`]+)` \|$")]
    private static partial Regex Row();

    /// <summary>The codes of the Errors table: "| `code` | When ... |".</summary>
    [GeneratedRegex(@"^\| `([a-z_]+)` \| ", RegexOptions.Multiline)]
    private static partial Regex CodeTable();
}

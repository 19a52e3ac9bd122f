using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using StatementDrafting.Domain.Statements;
using Xunit.Abstractions;
using static StatementDrafting.Web.Tests.Features.Drafting.DraftingHubTests;

namespace StatementDrafting.Web.Tests.Features.Drafting;

/// <summary>
/// A property of the hub, tried with a fixed seed (printed; <c>HUB_GARBAGE_SEED</c> tries another): whatever one
/// connection sends (random bytes, or submissions that are well formed but wrong in one way each), the stored text
/// does not change, no other client receives a <c>Changed</c>, and every other connection stays usable.
/// </summary>
public sealed class HubGarbageTests(ITestOutputHelper output)
{
    private const int Rounds = 300;
    private const string Attacker = "cohost1@example.org";

    private static readonly string[] Methods = ["Join", "Leave", "Submit", "CatchUp", "Presence", "Lock", "Unlock", "Echo", "Shout", "submit", ""];

    [Fact]
    public async Task Random_garbage_and_wrong_submissions_never_change_the_text_never_reach_others_and_never_break_another_connection()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("HUB_GARBAGE_SEED"), CultureInfo.InvariantCulture, out var chosen) ? chosen : 20261207;
        output.WriteLine($"Seed {seed} (set HUB_GARBAGE_SEED to try another).");
        var random = new Random(seed);

        // No rate limit here: every message should reach the checks, not the limiter.
        await using var app = new AppFactory(demo: true, settings: new Dictionary<string, string> { ["Drafting:MessagesPerSecond"] = "1000000" });
        var address = app.StartOnKestrel();
        var before = await StoredStatement.OfClusterAsync(app, 1);
        await using var observer = await app.ConnectOverSocketAsync(address, "participant1@example.org");
        await using var bystander = await app.ConnectOverSocketAsync(address, People.Organiser);
        await observer.JoinAsync(before.Id);
        await bystander.JoinAsync(before.Id);
        var token = await app.TokenForAsync(Attacker);
        var attacker = await JoinedAsync(address, token, before.Id);

        var kinds = new Dictionary<string, int>();
        try
        {
            for (var round = 0; round < Rounds; round++)
            {
                var (kind, send) = Next(random, before);
                kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
                var started = DateTime.UtcNow;
                try
                {
                    var error = await send(attacker);
                    output.WriteLine($"{round} {kind} {(DateTime.UtcNow - started).TotalMilliseconds:0} ms: {error ?? "no error"}");
                    if (kind is not ("garbage" or "random call"))
                    {
                        Assert.True(error is not null, $"round {round} ({kind}) was not refused");
                        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
                    }
                }
                catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or InvalidOperationException or JsonException)
                {
                    // The server closed this connection (a frame it could not read): connect again, as a client would.
                    // (A connection left open that stops answering is a failure: waiting for the answer times out.)
                    output.WriteLine($"{round} {kind} {(DateTime.UtcNow - started).TotalMilliseconds:0} ms: {e.GetType().Name} {e.Message}");
                    await attacker.DisposeAsync();
                    attacker = await JoinedAsync(address, token, before.Id);
                    kinds["connection closed"] = kinds.GetValueOrDefault("connection closed") + 1;
                }
            }
        }
        finally
        {
            await attacker.DisposeAsync();
        }

        output.WriteLine(string.Join(", ", kinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}: {k.Value}")));
        var after = await StoredStatement.LoadAsync(app, before.Id);
        Assert.Equal(before.Revision, after.Revision);
        Assert.Equal(before.Blocks, after.Blocks);

        // Others were never told of a change, and are still connected: the bystander's change goes through to everyone.
        Assert.Equal(HubConnectionState.Connected, observer.Connection.State);
        var ack = await bystander.SubmitAsync(before.Id, NewChangeId(), before.Revision, Insert(before.Blocks[1], 0, "Still here. "));
        Assert.Equal(before.Revision + 1, ack.GetProperty("revision").GetInt32());
        await observer.WaitForRevisionAsync(before.Revision + 1);
        Assert.Equal([before.Revision + 1], observer.ChangedRevisions);
    }

    private static async Task<SocketHub> JoinedAsync(Uri address, string token, int statementId)
    {
        var hub = await SocketHub.ConnectAsync(address, token);
        Assert.Null(SocketHub.ErrorOf(await hub.InvokeAsync("Join", $"[{statementId}]")));
        return hub;
    }

    /// <summary>
    /// One random message: bytes of any kind, a call of any shape (which may even be valid: it changes no text), or a
    /// submission wrong in exactly one way (which must be refused).
    /// </summary>
    private static (string Kind, Func<SocketHub, Task<string?>> Send) Next(Random random, StoredStatement statement) => random.Next(4) switch
    {
        0 => Garbage(random) is var (what, bytes) ? ("garbage", async hub =>
        {
            await hub.SendBytesAsync(bytes);
            return what + ": " + Convert.ToHexString(bytes[..Math.Min(40, bytes.Length)]);
        }) : default,
        1 => ("random call", async hub => SocketHub.ErrorOf(await hub.InvokeAsync(
            Methods[random.Next(Methods.Length)], "[" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => Value(random, 0))) + "]"))),
        _ => WrongSubmission(random, statement),
    };

    private static (string What, byte[] Bytes) Garbage(Random random)
    {
        var valid = Encoding.UTF8.GetBytes($"{{\"type\":1,\"invocationId\":\"g\",\"target\":\"Submit\",\"arguments\":[{Value(random, 0)}]}}");
        byte[] bytes;
        var what = random.Next(5);
        switch (what)
        {
            case 0:
                bytes = new byte[random.Next(1, 300)];
                random.NextBytes(bytes);
                break;
            case 1:
                bytes = valid[..random.Next(1, valid.Length)]; // cut short
                break;
            case 2:
                bytes = [.. valid];
                for (var i = 0; i < 1 + random.Next(4); i++)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256); // bytes flipped, invalid UTF-8 included
                }

                break;
            case 3:
                bytes = Encoding.UTF8.GetBytes(new string('[', 100 + random.Next(100)) + new string(']', 100)); // deeper than allowed
                break;
            default:
                bytes = Encoding.UTF8.GetBytes($"{{\"type\":{random.Next(-3, 100)},\"invocationId\":\"g\"}}");
                break;
        }

        return ($"garbage {what}", [.. bytes, 0x1e]);
    }

    /// <summary>A random JSON value: numbers of every kind, strings with controls and lone surrogates, arrays, objects.</summary>
    private static string Value(Random random, int depth) => random.Next(depth > 2 ? 6 : 9) switch
    {
        0 => "null",
        1 => random.Next(2) == 0 ? "true" : "false",
        2 => random.Next(-5, 100).ToString(CultureInfo.InvariantCulture),
        3 => new[] { "1.5", "-0", "1e400", "2147483648", "-2147483649", "0.0000001" }[random.Next(6)],
        4 => Str(RandomText(random)),
        5 => Str(BlockId.New().Value),
        6 => "[" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => Value(random, depth + 1))) + "]",
        _ => "{" + string.Join(",", Enumerable.Range(0, random.Next(5)).Select(_ =>
            $"{Str(new[] { "statementId", "changeId", "baseRevision", "op", "type", "block", "ops", "after", "text" }[random.Next(9)])}:{Value(random, depth + 1)}")) + "}",
    };

    private static string RandomText(Random random)
    {
        var text = new StringBuilder();
        for (var i = random.Next(8); i > 0; i--)
        {
            text.Append(random.Next(4) switch
            {
                0 => (char)random.Next(0x20),
                1 => (char)random.Next(0xd800, 0xe000),
                2 => "😀",
                _ => (char)random.Next(0x20, 0x7f),
            });
        }

        return text.ToString();
    }

    /// <summary>A submission that would be applied but for one thing, chosen at random.</summary>
    private static (string Kind, Func<SocketHub, Task<string?>> Send) WrongSubmission(Random random, StoredStatement statement)
    {
        var index = random.Next(1, statement.Blocks.Count);
        var (block, text) = statement.Blocks[index];
        var other = statement.Blocks[index == 1 ? 2 : 1].Id;
        var length = text.Length;
        var unknown = BlockId.New().Value;
        var changeId = NewChangeId();
        var revision = statement.Revision;
        var control = (char)random.Next(0x20);
        var refused = control is '\t' or '\n' ? '\u007f' : control; // any control character but the two allowed
        var lone = (char)random.Next(0xd800, 0xe000);
        var at = random.Next(0, length + 1);
        string Typing(string typed) => TextOp(block, at, length, typed);

        var cases = new (string Kind, string StatementId, string ChangeId, string Base, string Op)[]
        {
            ("future base", $"{revision}", Str(changeId), $"{revision + 1 + random.Next(3)}", Typing("x")),
            ("negative base", $"{revision}", Str(changeId), $"{-1 - random.Next(5)}", Typing("x")),
            ("base as a string", $"{revision}", Str(changeId), Str($"{revision}"), Typing("x")),
            ("statement as a string", Str($"{statement.Id}"), Str(changeId), $"{revision}", Typing("x")),
            ("statement not joined", $"{statement.Id + 1000}", Str(changeId), $"{revision}", Typing("x")),
            ("short change id", $"{statement.Id}", Str(changeId[..random.Next(8)]), $"{revision}", Typing("x")),
            ("change id with a space", $"{statement.Id}", Str("change id 1"), $"{revision}", Typing("x")),
            ("change id a number", $"{statement.Id}", "12345678", $"{revision}", Typing("x")),
            ("op not an object", $"{statement.Id}", Str(changeId), $"{revision}", Value(random, 3)),
            ("unknown type", $"{statement.Id}", Str(changeId), $"{revision}", $"{{\"type\":{Str("swap")},\"block\":{Str(block)}}}"),
            ("lone surrogate typed", $"{statement.Id}", Str(changeId), $"{revision}", Typing("a" + lone + "b")),
            ("control character typed", $"{statement.Id}", Str(changeId), $"{revision}", Typing("a" + refused)),
            ("two adjacent retains", $"{statement.Id}", Str(changeId), $"{revision}", $"{{\"type\":\"text\",\"block\":{Str(block)},\"ops\":[1,{length - 1},\"x\"]}}"),
            ("zero retain", $"{statement.Id}", Str(changeId), $"{revision}", $"{{\"type\":\"text\",\"block\":{Str(block)},\"ops\":[0,\"x\",{length}]}}"),
            ("empty insert", $"{statement.Id}", Str(changeId), $"{revision}", $"{{\"type\":\"text\",\"block\":{Str(block)},\"ops\":[\"\",{length}]}}"),
            ("wrong length", $"{statement.Id}", Str(changeId), $"{revision}", $"{{\"type\":\"text\",\"block\":{Str(block)},\"ops\":[\"x\",{length + 1 + random.Next(5)}]}}"),
            ("text of an unknown block", $"{statement.Id}", Str(changeId), $"{revision}", TextOp(unknown, 0, 0, "x")),
            ("new block after itself", $"{statement.Id}", Str(changeId), $"{revision}", $"{{\"type\":\"insert\",\"block\":{Str(unknown)},\"after\":{Str(unknown)},\"kind\":\"numbered\",\"level\":0,\"text\":\"x\"}}"),
            ("new block with a taken id", $"{statement.Id}", Str(changeId), $"{revision}", $"{{\"type\":\"insert\",\"block\":{Str(other)},\"after\":null,\"kind\":\"numbered\",\"level\":0,\"text\":\"x\"}}"),
            ("new block with a control character", $"{statement.Id}", Str(changeId), $"{revision}", $"{{\"type\":\"insert\",\"block\":{Str(unknown)},\"after\":null,\"kind\":\"numbered\",\"level\":0,\"text\":{Str("x" + refused)}}}"),
            ("new block with a lone surrogate", $"{statement.Id}", Str(changeId), $"{revision}", $"{{\"type\":\"insert\",\"block\":{Str(unknown)},\"after\":null,\"kind\":\"numbered\",\"level\":0,\"text\":{Str(lone + "x")}}}"),
            ("heading level out of range", $"{statement.Id}", Str(changeId), $"{revision}", $"{{\"type\":\"restyle\",\"block\":{Str(block)},\"kind\":\"heading\",\"level\":{new[] { 0, 4, -1, 99 }[random.Next(4)]}}}"),
            ("paragraph with a level", $"{statement.Id}", Str(changeId), $"{revision}", $"{{\"type\":\"restyle\",\"block\":{Str(block)},\"kind\":\"numbered\",\"level\":{1 + random.Next(3)}}}"),
            ("self-join", $"{statement.Id}", Str(changeId), $"{revision}", $"{{\"type\":\"join\",\"block\":{Str(block)},\"next\":{Str(block)}}}"),
            ("join with an unknown block", $"{statement.Id}", Str(changeId), $"{revision}", $"{{\"type\":\"join\",\"block\":{Str(block)},\"next\":{Str(unknown)}}}"),
            ("self-move", $"{statement.Id}", Str(changeId), $"{revision}", $"{{\"type\":\"move\",\"block\":{Str(block)},\"after\":{Str(block)}}}"),
            ("move after an unknown block", $"{statement.Id}", Str(changeId), $"{revision}", $"{{\"type\":\"move\",\"block\":{Str(block)},\"after\":{Str(unknown)}}}"),
            ("split into itself", $"{statement.Id}", Str(changeId), $"{revision}", $"{{\"type\":\"split\",\"block\":{Str(block)},\"offset\":0,\"newBlock\":{Str(block)},\"kind\":\"numbered\",\"level\":0}}"),
            ("split beyond the end", $"{statement.Id}", Str(changeId), $"{revision}", $"{{\"type\":\"split\",\"block\":{Str(block)},\"offset\":{length + 1 + random.Next(9)},\"newBlock\":{Str(unknown)},\"kind\":\"numbered\",\"level\":0}}"),
            ("split before the start", $"{statement.Id}", Str(changeId), $"{revision}", $"{{\"type\":\"split\",\"block\":{Str(block)},\"offset\":-1,\"newBlock\":{Str(unknown)},\"kind\":\"numbered\",\"level\":0}}"),
            ("delete of an unknown block", $"{statement.Id}", Str(changeId), $"{revision}", $"{{\"type\":\"delete\",\"block\":{Str(unknown)}}}"),
            ("block id of the wrong shape", $"{statement.Id}", Str(changeId), $"{revision}", $"{{\"type\":\"delete\",\"block\":{Str(block[..11])}}}"),
        };
        var chosen = cases[random.Next(cases.Length)];
        var submission = $"{{\"statementId\":{chosen.StatementId},\"changeId\":{chosen.ChangeId},\"baseRevision\":{chosen.Base},\"op\":{chosen.Op}}}";
        var arguments = random.Next(10) == 0 ? $"[{submission},{Value(random, 2)}]" : $"[{submission}]";
        return (chosen.Kind, async hub => await hub.InvokeAsync("Submit", arguments) is var completion && SocketHub.ErrorOf(completion) is { } error
            ? error
            : throw new Xunit.Sdk.XunitException($"{chosen.Kind} was not refused: sent {arguments}, answered {completion.GetRawText()}"));
    }

    private static string TextOp(string block, int at, int length, string typed)
    {
        var ops = new List<string>();
        if (at > 0)
        {
            ops.Add($"{at}");
        }

        ops.Add(Str(typed));
        if (length - at > 0)
        {
            ops.Add($"{length - at}");
        }

        return $"{{\"type\":\"text\",\"block\":{Str(block)},\"ops\":[{string.Join(",", ops)}]}}";
    }

    /// <summary>A JSON string with every character outside printable ASCII escaped, lone surrogates included.</summary>
    private static string Str(string value)
    {
        var json = new StringBuilder("\"");
        foreach (var c in value)
        {
            json.Append(c is >= ' ' and < '\u007f' and not '"' and not '\\' ? c.ToString() : $"\\u{(int)c:x4}");
        }

        return json.Append('"').ToString();
    }
}

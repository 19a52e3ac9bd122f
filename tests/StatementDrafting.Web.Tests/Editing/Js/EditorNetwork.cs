using System.Text.Json.Nodes;

namespace StatementDrafting.Web.Tests.Editing.Js;

/// <summary>
/// Several JavaScript editor cores (<c>DraftingClient</c>) and a <see cref="FakeDraftServer"/>, with the messages in
/// between held in per-client inboxes so that a test decides when (and in which order) each arrives, and can lose
/// them or reload a page.
/// </summary>
internal sealed class EditorNetwork : IDisposable
{
    private readonly JsCore js = new();
    private readonly List<Peer> peers = [];
    private int seeds;

    public EditorNetwork(FakeDraftServer server) => Server = server;

    public FakeDraftServer Server { get; }

    public IReadOnlyList<Peer> Peers => peers;

    /// <summary>One page with an editor: its client in the engine, and the messages on their way to it.</summary>
    internal sealed class Peer
    {
        public int Handle { get; set; }

        public List<JsonObject> Inbox { get; } = [];

        /// <summary>The last submission handed out and not yet answered.</summary>
        public JsonNode? InFlight { get; set; }
    }

    /// <summary>Opens a page: a client started from the server's snapshot (and the saved state, if any).</summary>
    public Peer Open(string? saved = null)
    {
        var peer = new Peer { Handle = NewClient(saved) };
        peers.Add(peer);
        return peer;
    }

    public JsonNode? Call(Peer peer, string method, JsonNode? argument = null) => js.Call(peer.Handle, method, argument);

    public JsonNode State(Peer peer) => Call(peer, "state")!;

    public int Revision(Peer peer) => (int)State(peer)["revision"]!;

    public int Outbox(Peer peer) => (int)State(peer)["outbox"]!;

    public JsonArray Blocks(Peer peer) => State(peer)["blocks"]!.AsArray();

    public JsonArray Reports(Peer peer) => State(peer)["reports"]!.AsArray();

    /// <summary>A local edit; returns the applied form, or <c>{error}</c>.</summary>
    public JsonNode Edit(Peer peer, JsonObject op) => Call(peer, "edit", new JsonObject { ["op"] = op })!;

    /// <summary>Sends the peer's next submission, if it has one: the server answers at once into the inboxes.</summary>
    public bool Send(Peer peer)
    {
        var submission = Call(peer, "take");
        if (submission is null)
        {
            return false;
        }

        peer.InFlight = submission;
        var (answer, changed) = Server.Submit(submission);
        peer.Inbox.Add(new JsonObject { ["ack"] = new JsonObject { ["submission"] = submission.DeepClone(), ["answer"] = answer } });
        if (changed is not null)
        {
            foreach (var p in peers)
            {
                p.Inbox.Add(new JsonObject { ["changed"] = changed.DeepClone() });
            }
        }

        return true;
    }

    /// <summary>Delivers the peer's message at <paramref name="index"/>; asks the server to catch up on a gap.</summary>
    public void Deliver(Peer peer, int index = 0)
    {
        var message = peer.Inbox[index];
        peer.Inbox.RemoveAt(index);
        JsonNode result;
        if (message["ack"] is { } ack)
        {
            peer.InFlight = null;
            result = Call(peer, "ack", ack.DeepClone())!;
        }
        else
        {
            result = Call(peer, "receive", message["changed"]!.DeepClone())!;
        }

        Assert.Null(result["error"]);
        if ((bool?)result["gap"] == true)
        {
            CatchUp(peer);
        }
    }

    /// <summary>Asks the server for everything after the peer's revision, as many times as needed.</summary>
    public void CatchUp(Peer peer, int pageSize = 500)
    {
        while (true)
        {
            var result = Call(peer, "catchUp", Server.CatchUp(Revision(peer), pageSize))!;
            Assert.Null(result["error"]);
            if ((bool?)result["more"] != true)
            {
                return;
            }
        }
    }

    /// <summary>The connection drops: whatever was on its way to the peer is lost; then it reconnects and catches up.</summary>
    public void Reconnect(Peer peer)
    {
        peer.Inbox.Clear();
        if (peer.InFlight is { } lost)
        {
            Call(peer, "failed", lost);
            peer.InFlight = null;
        }

        CatchUp(peer);
    }

    /// <summary>The page reloads: messages on their way are lost; the new page starts from the saved state and catches up.</summary>
    public void Reload(Peer peer, bool catchUp = true)
    {
        var saved = (string?)Call(peer, "save");
        peer.Inbox.Clear();
        peer.InFlight = null;
        peer.Handle = NewClient(saved);
        if (catchUp)
        {
            CatchUp(peer);
        }
    }

    /// <summary>Delivers and sends until nothing moves; every client then has everything acknowledged.</summary>
    public void Settle()
    {
        for (var round = 0; round < 10_000; round++)
        {
            var moved = false;
            foreach (var peer in peers)
            {
                while (peer.Inbox.Count > 0)
                {
                    Deliver(peer);
                    moved = true;
                }

                moved |= Send(peer);
            }

            if (!moved)
            {
                return;
            }
        }

        Assert.Fail("The network did not settle.");
    }

    /// <summary>Every client shows the server's document at the server's revision, with nothing pending.</summary>
    public void AssertConverged(string context)
    {
        var expected = FakeDraftServer.BlocksJson(Server.Sequencer.Blocks).ToJsonString();
        foreach (var peer in peers)
        {
            var state = State(peer);
            Assert.True(expected == state["blocks"]!.ToJsonString(), $"{context}: client {peer.Handle} shows {state["blocks"]!.ToJsonString()}, server {expected}");
            Assert.True(expected == state["confirmed"]!.ToJsonString(), $"{context}: client {peer.Handle} confirmed differs");
            Assert.Equal(Server.Sequencer.Revision, (int)state["revision"]!);
            Assert.Equal(0, (int)state["outbox"]!);
        }
    }

    public void Dispose() => js.Dispose();

    private int NewClient(string? saved) => js.NewPeer(new JsonObject
    {
        ["statementId"] = FakeDraftServer.StatementId,
        ["snapshot"] = Server.Snapshot(),
        ["saved"] = saved,
        ["seed"] = ++seeds,
    });
}

/// <summary>Builders for protocol operations in JSON.</summary>
internal static class Ops
{
    /// <summary>Inserts <paramref name="text"/> at <paramref name="at"/> of a text of <paramref name="length"/>.</summary>
    public static JsonObject Insert(string block, int length, int at, string text) =>
        Text(block, Compact(at, text, 0, length - at));

    /// <summary>Deletes <paramref name="count"/> characters at <paramref name="at"/> of a text of <paramref name="length"/>.</summary>
    public static JsonObject Delete(string block, int length, int at, int count) =>
        Text(block, Compact(at, null, count, length - at - count));

    public static JsonObject Text(string block, JsonArray ops) => new() { ["type"] = "text", ["block"] = block, ["ops"] = ops };

    public static JsonObject Split(string block, int offset, string newBlock, string kind = "numbered", int level = 0) => new()
    {
        ["type"] = "split", ["block"] = block, ["offset"] = offset, ["newBlock"] = newBlock, ["kind"] = kind, ["level"] = level,
    };

    public static JsonObject Join(string block, string next) => new() { ["type"] = "join", ["block"] = block, ["next"] = next };

    public static JsonObject DeleteBlock(string block) => new() { ["type"] = "delete", ["block"] = block };

    public static JsonObject Move(string block, string? after) => new() { ["type"] = "move", ["block"] = block, ["after"] = after };

    public static JsonObject Restyle(string block, string kind, int level) =>
        new() { ["type"] = "restyle", ["block"] = block, ["kind"] = kind, ["level"] = level };

    public static JsonObject InsertBlock(string block, string? after, string text, string kind = "numbered", int level = 0) => new()
    {
        ["type"] = "insert", ["block"] = block, ["after"] = after, ["kind"] = kind, ["level"] = level, ["text"] = text,
    };

    private static JsonArray Compact(int before, string? insert, int delete, int after)
    {
        var ops = new JsonArray();
        if (before > 0)
        {
            ops.Add(before);
        }

        if (!string.IsNullOrEmpty(insert))
        {
            ops.Add(insert);
        }

        if (delete > 0)
        {
            ops.Add(-delete);
        }

        if (after > 0)
        {
            ops.Add(after);
        }

        return ops;
    }
}

using System.Text.Json.Nodes;

using StatementDrafting.Domain.Editing;

using Xunit.Abstractions;

namespace StatementDrafting.Web.Tests.Editing.Js;

/// <summary>
/// drafting-core.js's <c>DraftingClient</c> against the domain's reference <see cref="DraftingClient"/>: twins that
/// make the same local operations and receive the same changes (from the C# <see cref="DraftSequencer"/>, with
/// others' stale submissions in between) must show the same local and confirmed documents and hold the same outbox
/// after every step.
/// </summary>
public class ClientDifferentialTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(3131, 110)]
    [InlineData(9001, 110)]
    public void Js_client_keeps_the_documents_and_outbox_of_the_reference_client(int seed, int cases)
    {
        output.WriteLine($"seed {seed}, {cases} cases");
        var random = new RandomOps(new Random(seed));
        using var js = new JsCore();
        var stats = new Dictionary<string, int>(StringComparer.Ordinal);
        void Count(string what) => stats[what] = stats.GetValueOrDefault(what) + 1;
        for (var c = 0; c < cases; c++)
        {
            var twins = new Twins(js, new DraftSequencer(random.Document(2, 4)), c);
            var steps = random.Random.Next(20, 60);
            for (var step = 0; step < steps; step++)
            {
                var roll = random.Random.Next(100);
                if (roll < 35)
                {
                    // Half of them typing, so that text mode (an outbox of typing only) is exercised as well.
                    var mode = twins.Reference.InTextMode ? "text mode" : "structural mode";
                    var kind = random.Random.Next(2) == 0 ? 0 : random.Random.Next(RandomOps.Kinds.Length);
                    var op = random.Of(kind, twins.Reference.Local) ?? random.Any(twins.Reference.Local, out kind);
                    twins.Edit(op);
                    Count($"local {RandomOps.Kinds[kind]} in {mode}");
                }
                else if (roll < 50)
                {
                    twins.Send(random.Random.Next(3) == 0);
                }
                else if (roll < 68)
                {
                    var at = random.Random.Next(Math.Max(0, twins.Server.Revision - 3), twins.Server.Revision + 1);
                    twins.Remote(at, random.Any(twins.Server.DocumentAt(at), out var kind));
                    Count("remote " + RandomOps.Kinds[kind]);
                }
                else
                {
                    if (twins.Inbox.Count > 0)
                    {
                        Count($"delivered in {(twins.Reference.InTextMode ? "text" : "structural")} mode");
                    }

                    twins.Deliver();
                }

                twins.AssertSame($"seed {seed} case {c} step {step}");
            }

            twins.Settle($"seed {seed} case {c} settling");
            var expected = FakeDraftServer.BlocksJson(twins.Server.Blocks).ToJsonString();
            Assert.True(expected == FakeDraftServer.BlocksJson(twins.Reference.Local.Blocks).ToJsonString(), $"seed {seed} case {c}: not converged");
            stats["refused"] = stats.GetValueOrDefault("refused") + twins.Refusals;
        }

        output.WriteLine(string.Join(", ", stats.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}")));
    }

    /// <summary>One person's two clients (C# reference and JavaScript) fed the same operations and messages.</summary>
    private sealed class Twins
    {
        private readonly JsCore js;
        private readonly int peer;
        private readonly Dictionary<string, string> jsChangeIds = new(StringComparer.Ordinal);
        private readonly List<string> trace = [];
        private readonly int caseNumber;
        private int changeIds;
        private int others;
        private (ClientSubmission Reference, JsonNode Js)? inFlight;

        public Twins(JsCore js, DraftSequencer server, int caseNumber)
        {
            this.js = js;
            this.caseNumber = caseNumber;
            Server = server;
            Reference = new DraftingClient(server.CloneDocument(), server.Revision, () => $"c-{caseNumber:x8}{++changeIds:x8}");
            peer = js.NewPeer(new JsonObject
            {
                ["statementId"] = FakeDraftServer.StatementId,
                ["snapshot"] = new JsonObject { ["revision"] = server.Revision, ["blocks"] = FakeDraftServer.BlocksJson(server.Blocks) },
                ["seed"] = caseNumber + 1,
            });
        }

        public DraftSequencer Server { get; }

        public DraftingClient Reference { get; }

        /// <summary>Messages on their way to the twins: a revision of the log, or the answer to their submission.</summary>
        public List<(int Revision, SubmitResult? Answer, string? RefusedCode)> Inbox { get; } = [];

        public int Refusals { get; private set; }

        public void Edit(EditOp op)
        {
            trace.Add($"edit {EditOpJson.Serialize([op])}");
            Reference.Edit(op);
            var result = js.Call(peer, "edit", new JsonObject { ["op"] = Node(op) })!;
            Assert.True(result["error"] is null, $"case {caseNumber}: the JS client refused {EditOpJson.Serialize([op])}: {result["error"]}");
        }

        /// <summary>Sends the next submission of both (they must agree), unless an answer is awaited.</summary>
        public void Send(bool changedBeforeAnswer)
        {
            if (inFlight is not null)
            {
                return;
            }

            var mine = Reference.NextSubmission();
            var theirs = js.Call(peer, "take");
            Assert.True((mine is null) == (theirs is null), $"case {caseNumber}: submissions differ: {mine} / {theirs?.ToJsonString()}{Trace()}");
            if (mine is null)
            {
                return;
            }

            Assert.Equal(mine.BaseRevision, (int)theirs!["baseRevision"]!);
            Assert.Equal(EditOpJson.Serialize([mine.Op]), Canonical(new JsonArray(theirs["op"]!.DeepClone())));
            trace.Add($"send {EditOpJson.Serialize([mine.Op])} on r{mine.BaseRevision}");
            jsChangeIds[mine.ChangeId] = (string)theirs["changeId"]!;
            inFlight = (mine, theirs);
            try
            {
                var result = Server.Submit(mine.BaseRevision, mine.ChangeId, mine.Op);
                if (changedBeforeAnswer)
                {
                    Inbox.Add((result.Revision, null, null));
                }

                Inbox.Add((result.Revision, result, null));
            }
            catch (EditRefusedException e)
            {
                Inbox.Add((0, null, e.Code.WireCode()));
            }
        }

        /// <summary>Someone else's submission, made on revision <paramref name="at"/>; its Changed goes to the inbox.</summary>
        public void Remote(int at, EditOp op)
        {
            try
            {
                var result = Server.Submit(at, $"c-other{caseNumber:x6}{++others:x8}", op);
                Inbox.Add((result.Revision, null, null));
            }
            catch (EditRefusedException)
            {
                // the server refused it: nothing to tell anyone
            }
        }

        public void Deliver()
        {
            if (Inbox.Count == 0)
            {
                return;
            }

            var (revision, answer, refused) = Inbox[0];
            Inbox.RemoveAt(0);
            JsonNode result;
            if (refused is not null)
            {
                trace.Add($"refused {refused}");
                Refusals++;
                var (mine, theirs) = inFlight!.Value;
                inFlight = null;
                Reference.ReceiveRefusal(mine.ChangeId);
                result = js.Call(peer, "ack", new JsonObject
                {
                    ["submission"] = theirs.DeepClone(),
                    ["answer"] = new JsonObject { ["status"] = "refused", ["code"] = refused, ["message"] = "refused" },
                })!;
            }
            else if (answer is not null)
            {
                trace.Add($"ack r{revision} {EditOpJson.Serialize(answer.Ops)}");
                var (mine, theirs) = inFlight!.Value;
                inFlight = null;
                Reference.ReceiveAcknowledgement(mine.ChangeId, answer.Revision, answer.Ops, answer.Discarded);
                result = js.Call(peer, "ack", new JsonObject
                {
                    ["submission"] = theirs.DeepClone(),
                    ["answer"] = new JsonObject
                    {
                        ["status"] = answer.Status == SubmitStatus.Applied ? "applied" : "duplicate",
                        ["revision"] = answer.Revision,
                        ["ops"] = JsonNode.Parse(EditOpJson.Serialize(answer.Ops)),
                        ["discarded"] = new JsonArray([.. answer.Discarded.Select(d =>
                            (JsonNode)new JsonObject { ["block"] = d.Block.Value, ["reason"] = d.Reason, ["text"] = d.Text })]),
                    },
                })!;
            }
            else
            {
                var change = Server.Log[revision - 1];
                trace.Add($"changed r{revision} {EditOpJson.Serialize(change.Ops)}");
                Reference.ReceiveChanged(revision, change.ChangeKey, change.Ops);
                result = js.Call(peer, "receive", new JsonObject
                {
                    ["revision"] = revision,
                    ["changeId"] = jsChangeIds.GetValueOrDefault(change.ChangeKey, change.ChangeKey),
                    ["ops"] = JsonNode.Parse(EditOpJson.Serialize(change.Ops)),
                })!;
            }

            Assert.True(result["error"] is null, $"case {caseNumber}: the JS client failed: {result["error"]}{Trace()}");
        }

        /// <summary>Delivers and sends until everything is acknowledged.</summary>
        public void Settle(string context)
        {
            for (var round = 0; round < 1_000 && (Inbox.Count > 0 || inFlight is not null || Reference.Outbox.Count > 0); round++)
            {
                while (Inbox.Count > 0)
                {
                    Deliver();
                    AssertSame(context);
                }

                Send(changedBeforeAnswer: false);
            }

            AssertSame(context);
            Assert.Empty(Reference.Outbox);

            // What could not be applied was told to the user by both, whichever way each learnt it.
            var reported = js.Call(peer, "state")!["reports"]!.AsArray().Select(r => (string)r!["text"]!).Order(StringComparer.Ordinal);
            Assert.True(
                Reference.Discarded.Select(d => d.Text).Order(StringComparer.Ordinal).SequenceEqual(reported),
                $"{context}: reports differ: C# {string.Join(" ", Reference.Discarded.Select(d => d.Text))}, JS {string.Join(" ", reported)}{Trace()}");
        }

        public void AssertSame(string context)
        {
            var state = js.Call(peer, "state")!;
            Assert.True(Reference.Revision == (int)state["revision"]!, $"{context}: revisions differ{Trace()}");
            Same("confirmed", FakeDraftServer.BlocksJson(Reference.Confirmed.Blocks).ToJsonString(), state["confirmed"]!.ToJsonString());
            Same("local", FakeDraftServer.BlocksJson(Reference.Local.Blocks).ToJsonString(), state["blocks"]!.ToJsonString());
            var mine = string.Join(Environment.NewLine, Reference.Outbox.Select(e => $"{(e.Sent ? "sent " : "")}{EditOpJson.Serialize(e.Ops)}"));
            var theirs = string.Join(Environment.NewLine, js.Call(peer, "outbox")!.AsArray().Select(e =>
                $"{(e!["submission"] is null ? "" : "sent ")}{Canonical(e["ops"]!.AsArray())}"));
            Same("outbox", mine, theirs);

            void Same(string what, string expected, string actual) => Assert.True(
                expected == actual,
                $"{context}: {what} differs{Environment.NewLine}  C#: {expected}{Environment.NewLine}  JS: {actual}{Trace()}");
        }

        private string Trace() => Environment.NewLine + string.Join(Environment.NewLine, trace.TakeLast(40));

        private static string Canonical(JsonArray ops) => EditOpJson.Serialize(EditOpJson.DeserializeList(ops.ToJsonString()));

        private static JsonNode Node(EditOp op) => JsonNode.Parse(EditOpJson.Serialize([op]))!.AsArray()[0]!.DeepClone();
    }
}

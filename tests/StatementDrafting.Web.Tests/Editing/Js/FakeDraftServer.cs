using System.Text.Json;
using System.Text.Json.Nodes;

using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Web.Tests.Editing.Js;

/// <summary>
/// An in-memory server for the editor core's tests: the domain's <see cref="DraftSequencer"/> behind the protocol's
/// JSON shapes (Submit → acknowledgement or refusal, Changed, CatchUp), with switches for a lock and for refusals.
/// </summary>
internal sealed class FakeDraftServer(IEnumerable<DraftBlock> blocks)
{
    public const int StatementId = 3;

    public DraftSequencer Sequencer { get; } = new(new DraftDocument(blocks));

    /// <summary>Refuse every submission with <c>locked</c>.</summary>
    public bool Locked { get; set; }

    /// <summary>Refuse the next submissions with <c>rate_limited</c>, this many times.</summary>
    public int RateLimitNext { get; set; }

    /// <summary>Submissions received, applied or not.</summary>
    public int Submissions { get; private set; }

    /// <summary>Submit: the answer to the submitter, and the Changed message for everyone when something was applied.</summary>
    public (JsonObject Answer, JsonObject? Changed) Submit(JsonNode submission)
    {
        Submissions++;
        if (Locked)
        {
            return (Refused("locked", "The statement is locked."), null);
        }

        if (RateLimitNext > 0)
        {
            RateLimitNext--;
            return (Refused("rate_limited", "Too many messages."), null);
        }

        var changeId = (string)submission["changeId"]!;
        try
        {
            using var op = JsonDocument.Parse(submission["op"]!.ToJsonString());
            var result = Sequencer.Submit((int)submission["baseRevision"]!, changeId, EditOpJson.Deserialize(op.RootElement));
            var discarded = new JsonArray([.. result.Discarded.Select(d =>
                (JsonNode)new JsonObject { ["block"] = d.Block.Value, ["reason"] = d.Reason, ["text"] = d.Text })]);
            var answer = new JsonObject
            {
                ["status"] = result.Status == SubmitStatus.Applied ? "applied" : "duplicate",
                ["revision"] = result.Revision,
                ["ops"] = Ops(result.Ops),
                ["discarded"] = discarded,
            };
            return (answer, result.Status == SubmitStatus.Applied ? Changed(Sequencer.Log[result.Revision - 1]) : null);
        }
        catch (EditRefusedException e)
        {
            return (Refused(e.Code.WireCode(), e.Message), null);
        }
    }

    /// <summary>CatchUp: the changes after <paramref name="fromRevision"/>, at most <paramref name="max"/>.</summary>
    public JsonObject CatchUp(int fromRevision, int max = 500) => new()
    {
        ["revision"] = Sequencer.Revision,
        ["changes"] = new JsonArray([.. Sequencer.ChangesSince(fromRevision, max).Select(c => (JsonNode)Changed(c))]),
    };

    /// <summary>The snapshot the page is rendered with: <c>{revision, blocks}</c>.</summary>
    public JsonObject Snapshot() => new() { ["revision"] = Sequencer.Revision, ["blocks"] = BlocksJson(Sequencer.Blocks) };

    public static JsonArray BlocksJson(IEnumerable<DraftBlock> blocks) => new([.. blocks.Select(b => (JsonNode)new JsonObject
    {
        ["id"] = b.Id.Value,
        ["kind"] = BlockKindNames.ToWire(b.Kind),
        ["level"] = b.Level,
        ["text"] = b.Text,
    })]);

    public static DraftBlock Block(string id, string text, BlockKind kind = BlockKind.NumberedParagraph, int level = 0) =>
        new(BlockId.Parse(id), kind, level, text);

    private static JsonObject Changed(SequencedChange change) => new()
    {
        ["statementId"] = StatementId,
        ["revision"] = change.Revision,
        ["changeId"] = change.ChangeKey,
        ["ops"] = Ops(change.Ops),
    };

    private static JsonNode Ops(IReadOnlyList<EditOp> ops) => JsonNode.Parse(EditOpJson.Serialize(ops))!;

    private static JsonObject Refused(string code, string message) =>
        new() { ["status"] = "refused", ["code"] = code, ["message"] = message };
}

using System.Text.Json.Nodes;

using StatementDrafting.Domain.Editing;

using Xunit.Abstractions;

namespace StatementDrafting.Web.Tests.Editing.Js;

/// <summary>
/// drafting-core.js's port of the server's transformation (<c>transformOp</c>, <c>rebaseOp</c>) against the C#
/// <see cref="EditTransform"/> on seeded random cases of every (incoming, applied) pair of kinds: the results, the
/// discarded text and the refusals must be exactly the same (compared through <see cref="EditOpJson"/>).
/// </summary>
public class BlockTransformDifferentialTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(8101, 2450)]
    [InlineData(424242, 2450)]
    public void Transform_over_one_applied_operation_matches_the_server(int seed, int cases)
    {
        output.WriteLine($"seed {seed}, {cases} cases");
        var random = new RandomOps(new Random(seed));
        var pairs = new int[RandomOps.Kinds.Length, RandomOps.Kinds.Length];
        var inputs = new JsonArray();
        var expected = new List<string>();
        for (var c = 0; c < cases; c++)
        {
            var document = random.Document(2, 4);
            var (kx, ky) = (c % RandomOps.Kinds.Length, c / RandomOps.Kinds.Length % RandomOps.Kinds.Length);
            var x = Incoming(random, kx, document);
            var y = document.Clone().Apply(random.Of(ky, document)!);
            pairs[kx, ky]++;
            inputs.Add(new JsonObject { ["incoming"] = Node(x), ["applied"] = Node(y) });
            expected.Add(Outcome(() => EditTransform.Transform(x, y)));
        }

        Compare(inputs, expected, seed);
        for (var kx = 0; kx < RandomOps.Kinds.Length; kx++)
        {
            for (var ky = 0; ky < RandomOps.Kinds.Length; ky++)
            {
                Assert.True(pairs[kx, ky] > 0, $"no case of {RandomOps.Kinds[kx]} over {RandomOps.Kinds[ky]}");
            }
        }
    }

    [Theory]
    [InlineData(5150, 1500)]
    public void Rebase_over_the_servers_log_matches_the_server(int seed, int cases)
    {
        // The log comes from the C# sequencer with stale bases, so changes hold several operations (halves of typing
        // over a split, restored blocks, ...), which makes the list rules and the backward rules run.
        output.WriteLine($"seed {seed}, {cases} cases");
        var random = new RandomOps(new Random(seed));
        var inputs = new JsonArray();
        var expected = new List<string>();
        var (multiOp, severalIncoming) = (0, 0);
        for (var c = 0; c < cases; c++)
        {
            var sequencer = new DraftSequencer(random.Document(2, 4));
            for (var h = random.Random.Next(3, 10); h > 0; h--)
            {
                var at = random.Random.Next(Math.Max(0, sequencer.Revision - 4), sequencer.Revision + 1);
                try
                {
                    sequencer.Submit(at, $"c-history{h}", random.Any(sequencer.DocumentAt(at), out _));
                }
                catch (EditRefusedException)
                {
                    // refused by the server: not in the log
                }
            }

            var baseRevision = random.Random.Next(Math.Max(1, sequencer.Revision));
            var x = Incoming(random, random.Random.Next(RandomOps.Kinds.Length), sequencer.DocumentAt(baseRevision));
            var changes = sequencer.Log.Skip(baseRevision).Select(change => change.Ops).ToList();
            multiOp += changes.Count(ops => ops.Count > 1);
            inputs.Add(new JsonObject
            {
                ["incoming"] = Node(x),
                ["changes"] = new JsonArray([.. changes.Select(ops => JsonNode.Parse(EditOpJson.Serialize(ops)))]),
            });
            expected.Add(Outcome(() => EditTransform.Rebase(x, changes)));
            severalIncoming += expected[^1].Contains("},{", StringComparison.Ordinal) ? 1 : 0;
        }

        output.WriteLine($"changes of several operations: {multiOp}; results of several operations: {severalIncoming}");
        Assert.True(multiOp > cases / 20, "too few changes of several operations to exercise the list rules");
        Compare(inputs, expected, seed);
    }

    /// <summary>An incoming operation of kind <paramref name="kind"/>: sometimes in its applied form, sometimes one that does not fit.</summary>
    private static EditOp Incoming(RandomOps random, int kind, DraftDocument document)
    {
        var op = random.Of(kind, document) ?? random.Any(document, out _);
        return random.Random.Next(20) switch
        {
            < 6 => document.Clone().Apply(op),
            6 when op is TextEdit text => text with { Operation = random.TextOp(document.Find(text.Block)!.Text.Length + 1) },
            6 when op is SplitBlock split => split with { Offset = document.Find(split.Block)!.Text.Length + 1 },
            _ => op,
        };
    }

    private void Compare(JsonArray inputs, List<string> expected, int seed)
    {
        using var js = new JsCore();
        var results = Json.Parse(js.TransformCases(inputs.ToJsonString())).AsArray();
        var (errors, discards) = (0, 0);
        for (var i = 0; i < expected.Count; i++)
        {
            var actual = JsOutcome(results[i]!);
            Assert.True(
                expected[i] == actual,
                $"seed {seed} case {i}: {inputs[i]!.ToJsonString()}{Environment.NewLine}  C#: {expected[i]}{Environment.NewLine}  JS: {actual}");
            errors += expected[i].StartsWith("{\"error\"", StringComparison.Ordinal) ? 1 : 0;
            discards += expected[i].Contains("\"reason\"", StringComparison.Ordinal) ? 1 : 0;
        }

        output.WriteLine($"{expected.Count} cases equal; {errors} refused, {discards} with discarded text");
    }

    private static JsonNode Node(EditOp op) => JsonNode.Parse(EditOpJson.Serialize([op]))!.AsArray()[0]!.DeepClone();

    private static string Outcome(Func<TransformOutcome> transform)
    {
        try
        {
            var outcome = transform();
            return Canonical(EditOpJson.Serialize(outcome.Ops), outcome.Discarded.Select(d => (d.Block.Value, d.Reason, d.Text)));
        }
        catch (EditRefusedException e)
        {
            return new JsonObject { ["error"] = e.Code.WireCode() }.ToJsonString();
        }
    }

    private static string JsOutcome(JsonNode result)
    {
        if (result["error"] is { } error)
        {
            return new JsonObject { ["error"] = error.DeepClone() }.ToJsonString();
        }

        var ops = EditOpJson.Serialize(EditOpJson.DeserializeList(result["ops"]!.ToJsonString()));
        return Canonical(ops, result["discarded"]!.AsArray().Select(d => ((string)d!["block"]!, (string)d["reason"]!, (string)d["text"]!)));
    }

    private static string Canonical(string ops, IEnumerable<(string Block, string Reason, string Text)> discarded) => new JsonObject
    {
        ["ops"] = JsonNode.Parse(ops),
        ["discarded"] = new JsonArray([.. discarded.Select(d => (JsonNode)new JsonObject
        {
            ["block"] = d.Block, ["reason"] = d.Reason, ["text"] = d.Text,
        })]),
    }.ToJsonString();
}

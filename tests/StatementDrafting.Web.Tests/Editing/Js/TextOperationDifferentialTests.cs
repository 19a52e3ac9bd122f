using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

using StatementDrafting.Domain;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;

using Xunit.Abstractions;

namespace StatementDrafting.Web.Tests.Editing.Js;

/// <summary>
/// drafting-core.js's text operations against the C# <see cref="TextOperation"/> on seeded random cases: apply,
/// compose, transform (both tie rules), invert, the prefix/suffix diff, cutting at a split and mapping a position.
/// </summary>
public class TextOperationDifferentialTests(ITestOutputHelper output)
{
    private const int CasesPerSeed = 2_500;
    private static readonly BlockId B = BlockId.Parse("bbbbbbbbbbbb");
    private static readonly BlockId N = BlockId.Parse("nnnnnnnnnnnn");

    [Theory]
    [InlineData(20260101)]
    [InlineData(7)]
    public void Js_text_operations_agree_with_the_domain(int seed)
    {
        output.WriteLine($"seed {seed}, {CasesPerSeed} cases");
        var random = new Random(seed);
        var cases = new JsonArray();
        var expected = new List<Expected>();
        for (var i = 0; i < CasesPerSeed; i++)
        {
            var (json, want) = MakeCase(random);
            cases.Add(json);
            expected.Add(want);
        }

        using var js = new JsCore();
        var results = Json.Parse(js.TextCases(cases.ToJsonString())).AsArray();

        Assert.Equal(expected.Count, results.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var got = results[i]!;
            var want = expected[i];
            var context = $"seed {seed} case {i}: {cases[i]!.ToJsonString()}";
            Assert.True(want.Apply == Json.Text(got["apply"]), $"apply, {context}: {got["apply"]}");
            Assert.True(want.Compose == Json.Text(got["compose"]), $"compose, {context}: {got["compose"]}");
            Assert.True(want.Transform == Json.Text(got["transform"]), $"transform, {context}: {got["transform"]}");
            Assert.True(want.Invert == Json.Text(got["invert"]), $"invert, {context}: {got["invert"]}");
            Assert.True(want.Diff == Json.Text(got["diff"]), $"diff, {context}: {got["diff"]}");
            Assert.True(want.Other == Json.Text(got["caretDiff"]), $"diff at caret, {context}: {got["caretDiff"]}");
            Assert.True(want.Other == Json.Text(got["script"]), $"edit script, {context}: {got["script"]}");
            Assert.True(want.Split == Json.Text(got["split"]), $"split, {context}: {got["split"]}");
            Assert.True(want.Position == Json.Text(got["position"]), $"position, {context}: {got["position"]}");
        }
    }

    [Fact]
    public void Js_refuses_what_does_not_fit()
    {
        using var js = new JsCore();
        var cases = new JsonArray(
            new JsonObject
            {
                ["text"] = "abc", ["a"] = new JsonArray(2), ["b"] = new JsonArray(3), ["c"] = new JsonArray(3),
                ["aFirst"] = true, ["other"] = "abc", ["caret"] = 0, ["at"] = 0,
            },
            new JsonObject
            {
                // A retain that ends between the two halves of a surrogate pair.
                ["text"] = "a\U0001F600", ["a"] = new JsonArray(2, -1), ["b"] = new JsonArray(3), ["c"] = new JsonArray(2),
                ["aFirst"] = true, ["other"] = "a", ["caret"] = 0, ["at"] = 0,
            });

        var results = Json.Parse(js.TextCases(cases.ToJsonString())).AsArray();

        Assert.Equal("out_of_range", (string?)results[0]!["apply"]!["error"]);
        Assert.Equal("out_of_range", (string?)results[0]!["compose"]!["error"]);
        Assert.Equal("out_of_range", (string?)results[0]!["transform"]!["error"]);
        Assert.Equal("out_of_range", (string?)results[1]!["apply"]!["error"]);
    }

    private sealed record Expected(
        string Apply, string Compose, string Transform, string Invert, string Diff, string Other, string Split, string Position);

    private static (JsonObject Case, Expected Want) MakeCase(Random random)
    {
        var text = RandomText(random, random.Next(0, 24));
        var a = RandomOperation(random, text);
        var b = RandomOperation(random, text);
        var afterA = a.Apply(text);
        var c = RandomOperation(random, afterA);
        var other = b.Apply(text);
        var aFirst = random.Next(2) == 0;
        var caret = random.Next(0, other.Length + 1);
        var at = RandomBoundary(random, text);

        var (a2, b2) = TextOperation.Transform(a, b, aFirst ? TieBreak.AFirst : TieBreak.BFirst);
        var json = new JsonObject
        {
            ["text"] = text, ["a"] = Compact(a), ["b"] = Compact(b), ["c"] = Compact(c), ["aFirst"] = aFirst,
            ["other"] = other, ["caret"] = caret, ["at"] = at,
        };
        var want = new Expected(
            Apply: Str(afterA).ToJsonString(),
            Compose: Compact(TextOperation.Compose(a, c)).ToJsonString(),
            Transform: new JsonArray(Compact(a2), Compact(b2)).ToJsonString(),
            Invert: Compact(a.Invert(text)).ToJsonString(),
            Diff: Compact(TextDiff.Between(text, other)).ToJsonString(),
            Other: Str(other).ToJsonString(),
            Split: ExpectedSplit(a, at),
            Position: ExpectedPosition(a, at, insertsBefore: aFirst));
        return (json, want);
    }

    /// <summary>The halves of <paramref name="a"/> cut at <paramref name="at"/>, as the server carries a text edit over a split.</summary>
    private static string ExpectedSplit(TextOperation a, int at)
    {
        var outcome = EditTransform.Transform(
            new TextEdit(B, a), new SplitBlock(B, at, N, BlockKind.NumberedParagraph, 0));
        TextOperation Half(BlockId id, int length) =>
            outcome.Ops.OfType<TextEdit>().SingleOrDefault(e => e.Block == id)?.Operation ?? TextOperation.Identity(length);
        return new JsonArray(Compact(Half(B, at)), Compact(Half(N, a.BaseLength - at))).ToJsonString();
    }

    /// <summary>
    /// Where position <paramref name="at"/> goes through <paramref name="a"/>: where a one-character insert made there
    /// lands when transformed over <paramref name="a"/> (after a's inserts at that place when they count before it).
    /// </summary>
    private static string ExpectedPosition(TextOperation a, int at, bool insertsBefore)
    {
        var probe = TextOperation.InsertAt(a.BaseLength, at, "\u0001");
        var moved = TextOperation.Transform(probe, a, insertsBefore ? TieBreak.BFirst : TieBreak.AFirst).A;
        var first = moved.Components[0];
        return (first.IsRetain ? first.Length : 0).ToString(CultureInfo.InvariantCulture);
    }

    private static JsonValue Str(string value) => JsonValue.Create(value);

    /// <summary>The protocol's compact form.</summary>
    internal static JsonArray Compact(TextOperation op)
    {
        var array = new JsonArray();
        foreach (var c in op.Components)
        {
            array.Add(c.Kind switch
            {
                TextComponentKind.Retain => JsonValue.Create(c.Length),
                TextComponentKind.Delete => JsonValue.Create(-c.Length),
                _ => (JsonNode)JsonValue.Create(c.Text),
            });
        }

        return array;
    }

    private static readonly string[] Pieces = ["a", "b", "c", " ", "x", "\U0001F600", "\u00e9", "\n"];

    private static string RandomText(Random random, int codePoints)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < codePoints; i++)
        {
            builder.Append(Pieces[random.Next(Pieces.Length)]);
        }

        return builder.ToString();
    }

    /// <summary>A position of <paramref name="text"/> that does not cut a surrogate pair.</summary>
    private static int RandomBoundary(Random random, string text)
    {
        var at = random.Next(0, text.Length + 1);
        return at > 0 && at < text.Length && char.IsLowSurrogate(text[at]) ? at - 1 : at;
    }

    /// <summary>A random operation on <paramref name="text"/>: runs of retains, deletes and inserts over whole characters.</summary>
    private static TextOperation RandomOperation(Random random, string text)
    {
        var builder = TextOperation.Builder();
        var index = 0;
        while (index < text.Length)
        {
            var run = 0;
            var count = random.Next(1, 4);
            for (var k = 0; k < count && index + run < text.Length; k++)
            {
                run += char.IsHighSurrogate(text[index + run]) ? 2 : 1;
            }

            switch (random.Next(5))
            {
                case 0: builder.Delete(run); break;
                case 1: builder.Insert(RandomText(random, random.Next(1, 4))); builder.Retain(run); break;
                default: builder.Retain(run); break;
            }

            index += run;
        }

        if (random.Next(3) == 0)
        {
            builder.Insert(RandomText(random, random.Next(1, 3)));
        }

        return builder.Build();
    }
}

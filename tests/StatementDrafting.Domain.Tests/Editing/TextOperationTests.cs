using System.Diagnostics;
using System.Globalization;
using System.Text;

using StatementDrafting.Domain;
using StatementDrafting.Domain.Editing;

using Xunit.Abstractions;

namespace StatementDrafting.Domain.Tests.Editing;

public class TextOperationTests(ITestOutputHelper output)
{
    private const string Smile = "😀"; // one character, two UTF-16 code units
    private const string Clef = "𝄞";

    private static TextOperationBuilder Op() => TextOperation.Builder();

    // ---------- building and normalising ----------

    [Fact]
    public void Builder_merges_adjacent_components_and_drops_empty_ones()
    {
        var op = Op().Retain(2).Retain(0).Retain(3).Insert("").Insert("a").Insert("b").Delete(0).Delete(1).Delete(2).Build();

        Assert.Equal("[r5 +\"ab\" -3]", op.ToString());
        Assert.Equal(8, op.BaseLength);
        Assert.Equal(7, op.TargetLength);
    }

    [Fact]
    public void Builder_puts_inserts_before_deletes_at_the_same_position()
    {
        var deleteFirst = Op().Retain(1).Delete(2).Insert("x").Delete(1).Insert("y").Build();
        var insertFirst = Op().Retain(1).Insert("xy").Delete(3).Build();

        Assert.Equal(insertFirst, deleteFirst);
        Assert.Equal("[r1 +\"xy\" -3]", deleteFirst.ToString());
    }

    [Fact]
    public void From_components_normalises()
    {
        var op = TextOperation.FromComponents(
            [TextComponent.Retain(1), TextComponent.Delete(1), TextComponent.Insert("a"), TextComponent.Retain(2), TextComponent.Retain(1)]);

        Assert.Equal(Op().Retain(1).Insert("a").Delete(1).Retain(3).Build(), op);
    }

    [Fact]
    public void Negative_and_zero_lengths_are_refused_or_dropped()
    {
        Assert.Throws<DomainException>(() => Op().Retain(-1));
        Assert.Throws<DomainException>(() => Op().Delete(-1));
        Assert.Throws<DomainException>(() => TextComponent.Retain(0));
        Assert.Throws<DomainException>(() => TextComponent.Insert(""));
        Assert.Equal(TextOperation.Identity(0), Op().Retain(0).Delete(0).Insert("").Build());
        Assert.Equal("[]", TextOperation.Identity(0).ToString());
    }

    [Fact]
    public void Inserts_with_unpaired_surrogates_are_refused()
    {
        Assert.Throws<DomainException>(() => Op().Insert("a\uD83D"));
        Assert.Throws<DomainException>(() => Op().Insert("\uDE00b"));
        Assert.Throws<DomainException>(() => Op().Insert("\uDE00\uD83D"));
        Assert.Equal(2, Op().Insert(Smile).Build().TargetLength);
    }

    [Fact]
    public void Lengths_are_limited_to_a_blocks_maximum()
    {
        Assert.Equal(20_000, TextOperation.MaxLength);
        Assert.Equal(TextOperation.MaxLength, Op().Insert(new string('a', TextOperation.MaxLength)).Build().TargetLength);
        Assert.Throws<DomainException>(() => Op().Insert(new string('a', TextOperation.MaxLength + 1)));
        Assert.Throws<DomainException>(() => Op().Retain(TextOperation.MaxLength).Insert("a"));
        Assert.Throws<DomainException>(() => Op().Retain(TextOperation.MaxLength).Delete(1));
        Assert.Throws<DomainException>(() => Op().Retain(int.MaxValue));
        Assert.Throws<DomainException>(() => Op().Retain(1).Delete(int.MaxValue));
    }

    [Fact]
    public void Insert_at_and_delete_at_check_their_range()
    {
        Assert.Equal("[r2 +\"x\" r1]", TextOperation.InsertAt(3, 2, "x").ToString());
        Assert.Equal("[r1 -2]", TextOperation.DeleteAt(3, 1, 2).ToString());
        Assert.Throws<DomainException>(() => TextOperation.InsertAt(3, 4, "x"));
        Assert.Throws<DomainException>(() => TextOperation.InsertAt(3, -1, "x"));
        Assert.Throws<DomainException>(() => TextOperation.DeleteAt(3, 2, 2));
        Assert.Throws<DomainException>(() => TextOperation.DeleteAt(3, 0, -1));
    }

    [Fact]
    public void Equality_is_by_value()
    {
        var a = Op().Retain(1).Insert("x").Build();
        var b = Op().Retain(1).Insert("x").Build();
        var c = Op().Retain(1).Insert("y").Build();

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.True(a != c);
        Assert.False(a.Equals(null));
        Assert.NotEqual(TextOperation.Identity(1), TextOperation.Identity(2));
    }

    [Fact]
    public void To_string_is_compact_and_escapes_control_characters()
    {
        var op = Op().Retain(3).Insert("a\"b\\\n\t\u0001" + Smile).Delete(2).Retain(1).Build();

        Assert.Equal("[r3 +\"a\\\"b\\\\\\n\\t\\u0001" + Smile + "\" -2 r1]", op.ToString());
    }

    [Fact]
    public void Identity_changes_nothing()
    {
        Assert.True(TextOperation.Identity(4).IsIdentity);
        Assert.False(TextOperation.InsertAt(4, 0, "x").IsIdentity);
        Assert.Equal("abcd", TextOperation.Identity(4).Apply("abcd"));
    }

    // ---------- apply ----------

    [Fact]
    public void Apply_inserts_into_empty_text()
    {
        Assert.Equal("hello", Op().Insert("hello").Build().Apply(""));
        Assert.Equal("", TextOperation.Identity(0).Apply(""));
    }

    [Fact]
    public void Apply_inserts_at_both_ends()
    {
        var op = Op().Insert("<").Retain(3).Insert(">").Build();

        Assert.Equal("<abc>", op.Apply("abc"));
    }

    [Fact]
    public void Apply_deletes_everything()
    {
        Assert.Equal("", Op().Delete(3).Build().Apply("abc"));
        Assert.Equal("xyz", Op().Delete(3).Insert("xyz").Build().Apply("abc"));
    }

    [Fact]
    public void Apply_replaces_inside_text()
    {
        var op = Op().Retain(4).Delete(5).Insert("slow").Retain(4).Build();

        Assert.Equal("The slow fox", op.Apply("The quick fox"));
    }

    [Fact]
    public void Apply_refuses_a_text_of_the_wrong_length()
    {
        var op = Op().Retain(3).Insert("x").Build();

        var error = Assert.Throws<DomainException>(() => op.Apply("ab"));
        Assert.Contains("3", error.Message, StringComparison.Ordinal);
        Assert.Throws<DomainException>(() => op.Apply("abcd"));
    }

    [Fact]
    public void Apply_handles_whole_surrogate_pairs()
    {
        var text = "a" + Smile + "b";

        Assert.Equal("a" + Clef + "b", Op().Retain(1).Insert(Clef).Delete(2).Retain(1).Build().Apply(text));
        Assert.Equal("a" + Smile + Smile + "b", Op().Retain(3).Insert(Smile).Retain(1).Build().Apply(text));
    }

    [Fact]
    public void Apply_refuses_to_split_a_surrogate_pair()
    {
        var text = "a" + Smile + "b"; // a, high, low, b

        Assert.Throws<DomainException>(() => Op().Retain(2).Insert("x").Retain(2).Build().Apply(text));
        Assert.Throws<DomainException>(() => Op().Retain(1).Delete(1).Retain(2).Build().Apply(text));
        Assert.Throws<DomainException>(() => Op().Retain(2).Delete(1).Retain(1).Build().Apply(text));
        Assert.Throws<DomainException>(() => Op().Retain(2).Delete(2).Build().Apply(text));
    }

    // ---------- compose ----------

    [Fact]
    public void Compose_chains_two_operations()
    {
        var a = Op().Retain(3).Insert("def").Build();      // abc -> abcdef
        var b = Op().Delete(1).Retain(4).Insert("!").Delete(1).Build(); // abcdef -> bcde!

        var ab = TextOperation.Compose(a, b);

        Assert.Equal("bcde!", ab.Apply("abc"));
        Assert.Equal("[-1 r2 +\"de!\"]", ab.ToString());
    }

    [Fact]
    public void Compose_of_insert_and_its_deletion_is_identity()
    {
        var a = TextOperation.InsertAt(2, 1, "xyz");
        var b = TextOperation.DeleteAt(5, 1, 3);

        Assert.Equal(TextOperation.Identity(2), TextOperation.Compose(a, b));
    }

    [Fact]
    public void Compose_with_identity_changes_nothing()
    {
        var a = Op().Retain(1).Insert("x").Delete(1).Build();

        Assert.Equal(a, TextOperation.Compose(TextOperation.Identity(2), a));
        Assert.Equal(a, TextOperation.Compose(a, TextOperation.Identity(2)));
    }

    [Fact]
    public void Compose_refuses_mismatched_lengths()
    {
        Assert.Throws<DomainException>(() => TextOperation.Compose(TextOperation.Identity(2), TextOperation.Identity(3)));
    }

    [Fact]
    public void Compose_refuses_a_second_operation_that_splits_an_inserted_pair()
    {
        var a = Op().Insert(Smile).Build();
        var b = Op().Retain(1).Insert("x").Retain(1).Build();

        Assert.Throws<DomainException>(() => TextOperation.Compose(a, b));
    }

    // ---------- transform ----------

    [Fact]
    public void Transform_keeps_both_inserts_at_different_positions()
    {
        const string text = "abc";
        var a = TextOperation.InsertAt(3, 0, "X");
        var b = TextOperation.InsertAt(3, 3, "Y");

        var (a2, b2) = TextOperation.Transform(a, b, TieBreak.AFirst);

        Assert.Equal("XabcY", b2.Apply(a.Apply(text)));
        Assert.Equal("XabcY", a2.Apply(b.Apply(text)));
    }

    [Theory]
    [InlineData(TieBreak.AFirst, "aXYb")]
    [InlineData(TieBreak.BFirst, "aYXb")]
    public void Transform_breaks_ties_at_the_same_position_by_priority(TieBreak tieBreak, string expected)
    {
        var a = TextOperation.InsertAt(2, 1, "X");
        var b = TextOperation.InsertAt(2, 1, "Y");

        var (a2, b2) = TextOperation.Transform(a, b, tieBreak);

        Assert.Equal(expected, b2.Apply(a.Apply("ab")));
        Assert.Equal(expected, a2.Apply(b.Apply("ab")));
    }

    [Theory]
    [InlineData(TieBreak.AFirst, "XY")]
    [InlineData(TieBreak.BFirst, "YX")]
    public void Transform_on_empty_text(TieBreak tieBreak, string expected)
    {
        var a = Op().Insert("X").Build();
        var b = Op().Insert("Y").Build();

        var (a2, b2) = TextOperation.Transform(a, b, tieBreak);

        Assert.Equal(expected, b2.Apply(a.Apply("")));
        Assert.Equal(expected, a2.Apply(b.Apply("")));
    }

    [Fact]
    public void Transform_of_overlapping_deletes_deletes_once()
    {
        var a = TextOperation.DeleteAt(6, 1, 3); // abcdef -> aef
        var b = TextOperation.DeleteAt(6, 2, 3); // abcdef -> abf

        var (a2, b2) = TextOperation.Transform(a, b, TieBreak.AFirst);

        Assert.Equal("af", b2.Apply(a.Apply("abcdef")));
        Assert.Equal("af", a2.Apply(b.Apply("abcdef")));
        Assert.Equal("[r1 -1 r1]", a2.ToString());
        Assert.Equal("[r1 -1 r1]", b2.ToString());
    }

    [Fact]
    public void Transform_keeps_an_insert_inside_a_concurrently_deleted_range()
    {
        var a = TextOperation.InsertAt(5, 2, "X"); // abXcde
        var b = TextOperation.DeleteAt(5, 1, 3);   // ae

        var (a2, b2) = TextOperation.Transform(a, b, TieBreak.BFirst);

        Assert.Equal("aXe", b2.Apply(a.Apply("abcde")));
        Assert.Equal("aXe", a2.Apply(b.Apply("abcde")));
    }

    [Fact]
    public void Transform_with_identity_returns_the_other_operation()
    {
        var a = Op().Retain(1).Insert(Smile).Delete(1).Build();

        var (a2, b2) = TextOperation.Transform(a, TextOperation.Identity(2), TieBreak.BFirst);

        Assert.Equal(a, a2);
        Assert.Equal(TextOperation.Identity(3), b2);
    }

    [Fact]
    public void Transform_refuses_different_base_lengths()
    {
        Assert.Throws<DomainException>(
            () => TextOperation.Transform(TextOperation.Identity(1), TextOperation.Identity(2), TieBreak.AFirst));
    }

    [Fact]
    public void Transform_refuses_when_both_inserts_together_exceed_the_limit()
    {
        var baseLength = TextOperation.MaxLength - 10;
        var a = TextOperation.InsertAt(baseLength, 0, new string('a', 10));
        var b = TextOperation.InsertAt(baseLength, baseLength, "b");

        Assert.Throws<DomainException>(() => TextOperation.Transform(a, b, TieBreak.BFirst));
    }

    // ---------- invert ----------

    [Fact]
    public void Invert_undoes_an_operation()
    {
        const string text = "The quick fox";
        var op = Op().Insert(">").Retain(4).Delete(5).Insert("slow").Retain(4).Build();

        var undo = op.Invert(text);

        Assert.Equal(text, undo.Apply(op.Apply(text)));
        Assert.Equal("[-1 r4 +\"quick\" -4 r4]", undo.ToString());
        Assert.Equal(op, undo.Invert(op.Apply(text)));
    }

    [Fact]
    public void Invert_restores_deleted_surrogate_pairs()
    {
        var text = Smile + "a" + Clef;
        var op = Op().Delete(3).Retain(2).Build();

        Assert.Equal(text, op.Invert(text).Apply(op.Apply(text)));
    }

    [Fact]
    public void Invert_checks_its_base_text()
    {
        var op = Op().Retain(1).Delete(1).Retain(1).Build();

        Assert.Throws<DomainException>(() => op.Invert("ab"));
        Assert.Throws<DomainException>(() => op.Invert("a" + Smile));
    }

    // ---------- random properties (fixed seeds, printed) ----------

    private const int CasesPerSeed = 2_000;

    /// <summary>Characters the random texts are made of: one or two UTF-16 code units each.</summary>
    private static readonly string[] Alphabet = ["a", "b", "c", "x", " ", "é", "中", "\n", Smile, Clef, "🎉", "👍"];

    [Theory]
    [InlineData(1)]
    [InlineData(20_250_611)]
    [InlineData(987_654_321)]
    public void Random_transforms_converge_and_keep_every_inserted_character(int seed)
    {
        RunCases(seed, nameof(Random_transforms_converge_and_keep_every_inserted_character), (random, describe) =>
        {
            var text = RandomText(random, random.Next(0, 25));
            var a = RandomOperation(random, text);
            var b = RandomOperation(random, text);
            var tie = random.Next(2) == 0 ? TieBreak.AFirst : TieBreak.BFirst;
            describe($"text={Show(text)} a={a} b={b} tie={tie}");

            var (a2, b2) = TextOperation.Transform(a, b, tie);
            var viaA = b2.Apply(a.Apply(text));
            var viaB = a2.Apply(b.Apply(text));
            Require(viaA == viaB, $"TP1 fails: a;b'={Show(viaA)} b;a'={Show(viaB)} (a'={a2} b'={b2})");
            Require(TextOperation.Compose(a, b2) == TextOperation.Compose(b, a2), "compose(a, b') differs from compose(b, a')");

            // Follow every code unit by identity through both orders.
            Require(Inserted(a2) == Inserted(a) && Inserted(b2) == Inserted(b), "transform changed the inserted text");
            var original = Enumerable.Range(0, text.Length).Select(i => new Unit('o', i)).ToList();
            var afterA = Trace(a, original, 'a');
            var afterB = Trace(b, original, 'b');
            var pathA = Trace(b2, afterA, 'b');
            var pathB = Trace(a2, afterB, 'a');
            Require(pathA.SequenceEqual(pathB), "the two orders place characters differently");

            var insertedA = Inserted(a);
            var insertedB = Inserted(b);
            var rebuilt = string.Concat(pathA.Select(u => u.Side switch
            {
                'o' => text[u.Index],
                'a' => insertedA[u.Index],
                _ => insertedB[u.Index],
            }));
            Require(rebuilt == viaA, "the traced characters do not spell the result");

            var deleted = Deleted(a, text.Length).Union(Deleted(b, text.Length)).ToHashSet();
            var expectedOriginal = Enumerable.Range(0, text.Length).Where(i => !deleted.Contains(i)).ToList();
            Require(pathA.Where(u => u.Side == 'o').Select(u => u.Index).SequenceEqual(expectedOriginal),
                "an original character was lost, duplicated or reordered");
            Require(pathA.Where(u => u.Side == 'a').Select(u => u.Index).SequenceEqual(Enumerable.Range(0, insertedA.Length)),
                "a character inserted by a was lost or reordered");
            Require(pathA.Where(u => u.Side == 'b').Select(u => u.Index).SequenceEqual(Enumerable.Range(0, insertedB.Length)),
                "a character inserted by b was lost or reordered");
        });
    }

    [Theory]
    [InlineData(2)]
    [InlineData(31_337)]
    [InlineData(123_456_789)]
    public void Random_compositions_equal_applying_in_turn(int seed)
    {
        RunCases(seed, nameof(Random_compositions_equal_applying_in_turn), (random, describe) =>
        {
            var text = RandomText(random, random.Next(0, 25));
            var a = RandomOperation(random, text);
            var middle = a.Apply(text);
            var b = RandomOperation(random, middle);
            var c = RandomOperation(random, b.Apply(middle));
            describe($"text={Show(text)} a={a} b={b} c={c}");

            var ab = TextOperation.Compose(a, b);
            var expected = b.Apply(middle);
            var actual = ab.Apply(text);
            Require(actual == expected, $"compose(a, b) gives {Show(actual)}, a then b gives {Show(expected)} (ab={ab})");
            Require(ab.BaseLength == a.BaseLength && ab.TargetLength == b.TargetLength, "compose has the wrong lengths");
            Require(TextOperation.Compose(ab, c) == TextOperation.Compose(a, TextOperation.Compose(b, c)),
                "compose is not associative");
        });
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4_242)]
    [InlineData(555_555_555)]
    public void Random_inversions_undo(int seed)
    {
        RunCases(seed, nameof(Random_inversions_undo), (random, describe) =>
        {
            var text = RandomText(random, random.Next(0, 25));
            var a = RandomOperation(random, text);
            describe($"text={Show(text)} a={a}");

            var changed = a.Apply(text);
            var undo = a.Invert(text);
            var restored = undo.Apply(changed);
            Require(restored == text, $"invert(a) gives {Show(restored)} (undo={undo})");
            Require(undo.Invert(changed) == a, "inverting twice does not give the operation back");
            // Not necessarily the identity (a deleted range comes back as delete + insert), but without effect.
            Require(TextOperation.Compose(a, undo).Apply(text) == text, "a composed with its inverse changes the text");
        });
    }

    [Fact]
    public void Random_operations_never_split_a_surrogate_pair_of_a_valid_text()
    {
        const int seed = 77;
        RunCases(seed, nameof(Random_operations_never_split_a_surrogate_pair_of_a_valid_text), (random, describe) =>
        {
            var text = RandomText(random, random.Next(0, 25));
            var a = RandomOperation(random, text);
            describe($"text={Show(text)} a={a}");

            var result = a.Apply(text);
            Require(!HasUnpairedSurrogate(result), $"the result {Show(result)} holds an unpaired surrogate");
        });
    }

    // ---------- helpers ----------

    private readonly record struct Unit(char Side, int Index);

    private void RunCases(int seed, string test, Action<Random, Action<string>> check)
    {
        var random = new Random(seed);
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < CasesPerSeed; i++)
        {
            var description = "(not yet generated)";
            try
            {
                check(random, d => description = d);
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"{test} seed={seed} case={i}: {description}: {e}");
            }
            catch (Xunit.Sdk.XunitException e)
            {
                Assert.Fail($"{test} seed={seed} case={i}: {description}: {e.Message}");
            }
        }

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture, $"{test}: seed={seed} cases={CasesPerSeed} passed in {stopwatch.ElapsedMilliseconds} ms"));
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            Assert.Fail(message);
        }
    }

    private static string RandomText(Random random, int characters)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < characters; i++)
        {
            builder.Append(Alphabet[random.Next(Alphabet.Length)]);
        }

        return builder.ToString();
    }

    /// <summary>A random valid operation on <paramref name="text"/>: its cuts fall between whole characters.</summary>
    private static TextOperation RandomOperation(Random random, string text)
    {
        var builder = TextOperation.Builder();
        if (random.Next(10) == 0)
        {
            return builder.Retain(text.Length).Build();
        }

        var index = 0;
        while (index < text.Length)
        {
            var step = CodeUnits(text, index, 1 + random.Next(4));
            switch (random.Next(5))
            {
                case 0:
                case 1:
                    builder.Retain(step);
                    index += step;
                    break;
                case 2:
                    builder.Delete(step);
                    index += step;
                    break;
                default:
                    builder.Insert(RandomText(random, 1 + random.Next(3)));
                    break;
            }
        }

        if (random.Next(3) == 0)
        {
            builder.Insert(RandomText(random, 1 + random.Next(3)));
        }

        return builder.Build();
    }

    /// <summary>How many code units the next <paramref name="characters"/> characters from <paramref name="index"/> take.</summary>
    private static int CodeUnits(string text, int index, int characters)
    {
        var end = index;
        for (var i = 0; i < characters && end < text.Length; i++)
        {
            end += char.IsHighSurrogate(text[end]) ? 2 : 1;
        }

        return end - index;
    }

    /// <summary>Applies <paramref name="op"/> to a list of code-unit identities; inserted units are numbered in order.</summary>
    private static List<Unit> Trace(TextOperation op, List<Unit> units, char side)
    {
        var result = new List<Unit>();
        var index = 0;
        var inserted = 0;
        foreach (var component in op.Components)
        {
            switch (component.Kind)
            {
                case TextComponentKind.Retain:
                    result.AddRange(units.Skip(index).Take(component.Length));
                    index += component.Length;
                    break;
                case TextComponentKind.Insert:
                    for (var i = 0; i < component.Length; i++)
                    {
                        result.Add(new Unit(side, inserted++));
                    }

                    break;
                default:
                    index += component.Length;
                    break;
            }
        }

        return result;
    }

    private static string Inserted(TextOperation op) =>
        string.Concat(op.Components.Where(c => c.IsInsert).Select(c => c.Text));

    private static IEnumerable<int> Deleted(TextOperation op, int baseLength)
    {
        var index = 0;
        foreach (var component in op.Components)
        {
            if (component.IsDelete)
            {
                for (var i = 0; i < component.Length; i++)
                {
                    yield return index + i;
                }
            }

            if (!component.IsInsert)
            {
                index += component.Length;
            }
        }

        Debug.Assert(index == baseLength);
    }

    private static bool HasUnpairedSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static string Show(string text) => TextOperation.Builder().Insert(text).Build().ToString()[1..^1] is { Length: > 0 } s
        ? s[1..]
        : "\"\"";
}

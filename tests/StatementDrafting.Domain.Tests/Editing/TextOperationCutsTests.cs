using StatementDrafting.Domain.Editing;

using Xunit.Abstractions;

namespace StatementDrafting.Domain.Tests.Editing;

public class TextOperationCutsTests(ITestOutputHelper output)
{
    private static TextOperationBuilder Op() => TextOperation.Builder();

    [Fact]
    public void Cutting_keeps_inserts_at_the_cut_in_the_left_part_and_splits_deletes_across_it()
    {
        var op = Op().Retain(1).Insert("X").Delete(2).Insert("Y").Retain(3).Build(); // on "abcdef"; Y is also at 1

        var (left, right) = op.SplitAt(2);

        Assert.Equal("[r1 +\"XY\" -1]", left.ToString());
        Assert.Equal("[-1 r3]", right.ToString());
        Assert.Equal(("a" + "XY", "def"), (left.Apply("ab"), right.Apply("cdef")));
        Assert.Throws<EditRefusedException>(() => op.SplitAt(7));
    }

    [Fact]
    public void Mapping_a_position_counts_inserts_at_it_before_only_when_asked()
    {
        var op = Op().Retain(2).Insert("XY").Delete(2).Retain(2).Build(); // "abcdef" -> "abXYef"

        Assert.Equal(4, op.MapPosition(2, insertsBefore: true));
        Assert.Equal(2, op.MapPosition(2, insertsBefore: false));
        Assert.Equal(4, op.MapPosition(3, insertsBefore: false)); // inside the deleted text: where the deletion was
        Assert.Equal(4, op.MapPosition(4, insertsBefore: false));
        Assert.Equal(5, op.MapPosition(5, insertsBefore: false));
        Assert.Equal(6, op.MapPosition(6, insertsBefore: true));
        Assert.Equal(1, op.MapPosition(1, insertsBefore: true));
    }

    [Fact]
    public void Widening_and_inserted_text()
    {
        var op = Op().Insert("a").Retain(1).Insert("b").Build();

        Assert.Equal("[r2 +\"a\" r1 +\"b\" r3]", op.Widen(2, 3).ToString());
        Assert.Equal("ab", op.InsertedText());
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("abc", "abc")]
    [InlineData("abc", "")]
    [InlineData("", "xyz")]
    [InlineData("Hello world", "Hello brave world")]
    [InlineData("aaaa", "aa")]
    [InlineData("x😀y", "x😁y")] // the pairs share their high surrogate: never cut between the halves
    public void A_diff_turns_one_text_into_the_other(string from, string to)
    {
        var diff = TextDiff.Between(from, to);

        Assert.Equal(to, diff.Apply(from));
        Assert.Equal(from.Length, diff.BaseLength);
    }

    [Fact]
    public void Seed_99_cuts_put_back_together_do_what_the_whole_did()
    {
        const int seed = 99;
        output.WriteLine($"Seed {seed}");
        var random = new Random(seed);
        for (var i = 0; i < 5_000; i++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(0, 12)).Select(_ => (char)('a' + random.Next(26)))]);
            var builder = Op();
            var at = 0;
            while (at < text.Length)
            {
                var n = random.Next(1, text.Length - at + 1);
                if (random.Next(3) == 0)
                {
                    builder.Insert("XYZ"[..random.Next(1, 4)]);
                }

                _ = random.Next(2) == 0 ? builder.Retain(n) : builder.Delete(n);
                at += n;
            }

            var op = builder.Build();
            var cut = random.Next(text.Length + 1);
            var (left, right) = op.SplitAt(cut);

            Assert.Equal(op.Apply(text), left.Apply(text[..cut]) + right.Apply(text[cut..]));
            var mapped = op.MapPosition(cut, insertsBefore: true);
            Assert.Equal(left.Apply(text[..cut]).Length, mapped);
        }
    }
}

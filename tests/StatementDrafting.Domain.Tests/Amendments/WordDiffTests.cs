using StatementDrafting.Domain.Amendments;
using Xunit.Abstractions;

namespace StatementDrafting.Domain.Tests.Amendments;

public sealed class WordDiffTests(ITestOutputHelper output)
{
    [Fact]
    public void A_changed_word_is_one_deletion_and_one_insertion_between_unchanged_text()
    {
        var diff = WordDiff.Compare("States shall ensure safe returns.", "States should ensure safe and dignified returns.");

        Assert.Equal(
            [
                new DiffSegment(DiffKind.Same, "States "),
                new DiffSegment(DiffKind.Deleted, "shall"),
                new DiffSegment(DiffKind.Inserted, "should"),
                new DiffSegment(DiffKind.Same, " ensure safe "),
                new DiffSegment(DiffKind.Inserted, "and dignified "),
                new DiffSegment(DiffKind.Same, "returns."),
            ],
            diff.Segments);
        Assert.False(diff.ShowAsReplaced);
    }

    [Fact]
    public void Punctuation_changes_are_their_own_tokens()
    {
        var diff = WordDiff.Compare("access to services, including health", "access to services; including health");

        Assert.Contains(new DiffSegment(DiffKind.Deleted, ","), diff.Segments);
        Assert.Contains(new DiffSegment(DiffKind.Inserted, ";"), diff.Segments);
    }

    [Fact]
    public void Identical_texts_have_no_changes_and_empty_sides_are_pure_insertions_or_deletions()
    {
        Assert.False(WordDiff.Compare("Same text.", "Same text.").HasChanges);
        Assert.Equal([new DiffSegment(DiffKind.Inserted, "New paragraph.")], WordDiff.Compare(string.Empty, "New paragraph.").Segments);
        Assert.Equal([new DiffSegment(DiffKind.Deleted, "Old paragraph.")], WordDiff.Compare("Old paragraph.", string.Empty).Segments);
    }

    [Fact]
    public void A_paragraph_mostly_rewritten_is_shown_as_replaced()
    {
        var diff = WordDiff.Compare(
            "Member States commit to expanding regular pathways for labour migration.",
            "Regional cooperation on data is essential for evidence-based policy making.");

        Assert.True(diff.ShowAsReplaced);
        Assert.False(diff.OverBudget);
    }

    [Fact]
    public void Beyond_the_work_budget_the_texts_are_shown_as_replaced_the_same_way_every_time()
    {
        var before = Words(seed: 11, count: 3_000);
        var after = Words(seed: 12, count: 3_000);

        var tight = WordDiff.Compare(before, after, new WorkBudget(1_000_000));
        Assert.True(tight.OverBudget);
        Assert.True(tight.ShowAsReplaced);
        Assert.Equal([new DiffSegment(DiffKind.Deleted, before), new DiffSegment(DiffKind.Inserted, after)], tight.Segments);

        // The same input with the same budget gives the same answer: the limit is counted in steps, not time.
        Assert.Equal(tight.Segments, WordDiff.Compare(before, after, new WorkBudget(1_000_000)).Segments);

        // A small change to the same long text fits easily: only the changed middle is charged.
        var edited = before.Insert(before.Length / 2, " inserted words ");
        var small = WordDiff.Compare(before, edited, new WorkBudget(1_000_000));
        Assert.False(small.OverBudget);
        Assert.Equal(before, small.OldText);
        Assert.Equal(edited, small.NewText);
    }

    [Fact]
    public void Any_two_texts_give_segments_that_rebuild_both_sides()
    {
        const int seed = 4242;
        output.WriteLine($"Seed {seed}");
        var random = new Random(seed);
        for (var n = 0; n < 1_000; n++)
        {
            var before = Sentence(random);
            var after = random.Next(3) == 0 ? Sentence(random) : Mutate(random, before);
            var diff = WordDiff.Compare(before, after);
            Assert.Equal(before, diff.OldText);
            Assert.Equal(after, diff.NewText);
            Assert.All(diff.Segments.Zip(diff.Segments.Skip(1)), pair => Assert.NotEqual(pair.First.Kind, pair.Second.Kind));
        }
    }

    internal static string Words(int seed, int count)
    {
        var random = new Random(seed);
        string[] words = ["migrants", "rights", "States", "shall", "ensure", "access", "to", "services", "regular", "pathways", "data",
            "cooperation", "return", "dignity", "labour", "skills", "children", "protection", "borders", "integration", "and", "the", "of"];
        return string.Join(' ', Enumerable.Range(0, count).Select(_ => words[random.Next(words.Length)]));
    }

    internal static string Sentence(Random random) =>
        string.Join(' ', Enumerable.Range(0, random.Next(0, 15)).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]));

    internal static string Mutate(Random random, string text)
    {
        var tokens = ProseChunker.Tokenize(text);
        for (var k = random.Next(1, 4); k > 0; k--)
        {
            var at = random.Next(tokens.Count + 1);
            switch (random.Next(3))
            {
                case 0:
                    tokens.Insert(at, Vocabulary[random.Next(Vocabulary.Length)] + " ");
                    break;
                case 1 when at < tokens.Count:
                    tokens.RemoveAt(at);
                    break;
                default:
                    if (at < tokens.Count)
                    {
                        tokens[at] = Vocabulary[random.Next(Vocabulary.Length)];
                    }

                    break;
            }
        }

        return string.Concat(tokens);
    }

    private static readonly string[] Vocabulary =
        ["safe", "orderly", "regular", "migration", "States", "will", "ensure", ",", ".", "access", "to", "justice", "for", "all", "migrants", "(", ")", "2030", "well-being"];
}

public sealed class StatementComparisonTests
{
    [Fact]
    public void Blocks_are_matched_by_id_so_removed_added_and_changed_blocks_are_told_apart_in_order()
    {
        (string, string)[] older = [("a", "First paragraph."), ("b", "Second paragraph."), ("c", "Third paragraph.")];
        (string, string)[] newer = [("c", "Third paragraph, amended."), ("a", "First paragraph."), ("d", "A new one.")];

        var compared = StatementComparison.Compare(older, newer);

        Assert.Equal(["c", "a", "b", "d"], compared.Select(c => c.BlockId));
        Assert.Equal(
            [ComparedBlockChange.Changed, ComparedBlockChange.Unchanged, ComparedBlockChange.Removed, ComparedBlockChange.Added],
            compared.Select(c => c.Change));
        Assert.Equal("Third paragraph, amended.", compared[0].Diff.NewText);
        Assert.Equal("Second paragraph.", compared[2].Diff.OldText);
    }

    [Fact]
    public void All_the_diffs_of_a_comparison_share_one_budget()
    {
        var older = Enumerable.Range(0, 20).Select(i => ($"p{i}", WordDiffTests.Words(i, 200))).ToList();
        var newer = Enumerable.Range(0, 20).Select(i => ($"p{i}", WordDiffTests.Words(i + 100, 200))).ToList();

        var compared = StatementComparison.Compare(older, newer, new WorkBudget(2_000_000));

        Assert.Contains(compared, c => !c.Diff.OverBudget);
        Assert.Contains(compared, c => c.Diff.OverBudget);
        Assert.True(compared.SkipWhile(c => !c.Diff.OverBudget).All(c => c.Diff.OverBudget));
    }
}

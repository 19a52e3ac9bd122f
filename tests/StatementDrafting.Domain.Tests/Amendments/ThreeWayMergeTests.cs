using StatementDrafting.Domain.Amendments;
using Xunit.Abstractions;

namespace StatementDrafting.Domain.Tests.Amendments;

public sealed class ThreeWayMergeTests(ITestOutputHelper output)
{
    private const string Base = "States will ensure access to justice for all migrants.";

    [Fact]
    public void Changes_to_different_words_both_apply()
    {
        var merged = ThreeWayMerge.Merge(
            Base,
            "States will ensure effective access to justice for all migrants.",
            "States shall ensure access to justice for all migrants.");

        Assert.Equal("States shall ensure effective access to justice for all migrants.", merged.Text);
    }

    [Fact]
    public void Different_changes_to_the_same_word_conflict_and_say_where()
    {
        var merged = ThreeWayMerge.Merge(
            Base,
            "States will ensure access to justice for all children.",
            "States will ensure access to justice for all workers.");

        Assert.False(merged.IsClean);
        var conflict = Assert.Single(merged.Conflicts);
        Assert.Equal("migrants", conflict.Base);
        Assert.Equal("children", conflict.Mine);
        Assert.Equal("workers", conflict.Theirs);
    }

    [Fact]
    public void A_conflict_suggests_the_clean_parts_of_both_and_the_first_side_s_wording_where_they_clash()
    {
        var merged = ThreeWayMerge.Merge(
            Base,
            "States will ensure access to justice for all children.",
            "States shall ensure access to justice for all workers.");

        Assert.False(merged.IsClean);
        Assert.Equal("States shall ensure access to justice for all children.", merged.Suggestion);
        var clean = ThreeWayMerge.Merge(Base, "States will ensure fair access to justice for all migrants.", "States shall ensure access to justice for all migrants.");
        Assert.Equal("States shall ensure fair access to justice for all migrants.", clean.Suggestion);
        Assert.Equal(clean.Text, clean.Suggestion);
        Assert.Equal("mine", ThreeWayMerge.MergeByDiff(Base, "mine", "theirs", new WorkBudget(0)).Suggestion);
    }

    [Fact]
    public void The_same_change_on_both_sides_applies_once()
    {
        var both = "States will ensure fair access to justice for all migrants.";
        Assert.Equal(both, ThreeWayMerge.MergeByDiff(Base, both, both, WorkBudget.Default()).Text);
    }

    [Fact]
    public void A_change_inside_words_the_other_side_replaced_conflicts()
    {
        var merged = ThreeWayMerge.Merge(
            Base,
            "States will ensure remedies for all migrants.",
            "States will ensure access towards justice for all migrants.");

        Assert.False(merged.IsClean);
    }

    [Fact]
    public void A_deletion_on_one_side_and_a_change_elsewhere_both_apply()
    {
        var merged = ThreeWayMerge.Merge(
            Base,
            "States will ensure access to justice for all migrants, without discrimination.",
            "States will ensure access to justice for migrants.");

        Assert.Equal("States will ensure access to justice for migrants, without discrimination.", merged.Text);
    }

    [Fact]
    public void A_change_to_words_the_other_side_deleted_conflicts()
    {
        var merged = ThreeWayMerge.Merge(
            Base,
            "States will ensure access to justice for all migrant workers.",
            "States will ensure access to justice.");

        Assert.False(merged.IsClean);
    }

    [Fact]
    public void Insertions_at_the_same_point_conflict_unless_they_are_the_same()
    {
        const string text = "Cooperation on return.";
        Assert.False(ThreeWayMerge.Merge(text, "Cooperation on safe return.", "Cooperation on voluntary return.").IsClean);
        Assert.Equal("Cooperation on safe return.", ThreeWayMerge.MergeByDiff(text, "Cooperation on safe return.", "Cooperation on safe return.", WorkBudget.Default()).Text);
    }

    [Fact]
    public void An_insertion_at_the_edge_of_a_replaced_word_does_not_conflict()
    {
        var merged = ThreeWayMerge.Merge("Cooperation on return.", "Cooperation on dignified return.", "Cooperation on readmission.");

        Assert.Equal("Cooperation on dignified readmission.", merged.Text);
    }

    [Fact]
    public void Over_the_budget_the_merge_is_a_conflict_never_a_guess()
    {
        var text = WordDiffTests.Words(seed: 21, count: 2_000);
        var mine = text.Replace("rights", "entitlements", StringComparison.Ordinal);
        var theirs = WordDiffTests.Words(seed: 22, count: 2_000);

        var merged = ThreeWayMerge.Merge(text, mine, theirs, new WorkBudget(1_000));

        Assert.False(merged.IsClean);
        Assert.True(merged.OverBudget);
    }

    [Fact]
    public void Properties_hold_for_random_texts_without_the_shortcuts()
    {
        const int seed = 1357;
        output.WriteLine($"Seed {seed}");
        var random = new Random(seed);
        for (var n = 0; n < 1_500; n++)
        {
            var text = WordDiffTests.Sentence(random);
            var x = WordDiffTests.Mutate(random, text);
            var budget = WorkBudget.Default();

            Assert.Equal(x, ThreeWayMerge.MergeByDiff(text, x, text, budget).Text); // mine only
            Assert.Equal(x, ThreeWayMerge.MergeByDiff(text, text, x, budget).Text); // theirs only
            Assert.Equal(x, ThreeWayMerge.MergeByDiff(text, x, x, budget).Text); // both the same
        }
    }

    [Fact]
    public void Edits_of_disjoint_regions_are_both_in_the_merge()
    {
        const int seed = 2468;
        output.WriteLine($"Seed {seed}");
        var random = new Random(seed);
        for (var n = 0; n < 1_500; n++)
        {
            // Three regions apart from each other; one side edits the first, the other the last.
            var (a, b, c) = (WordDiffTests.Sentence(random), WordDiffTests.Sentence(random), WordDiffTests.Sentence(random));
            var (a2, c2) = (WordDiffTests.Mutate(random, a), WordDiffTests.Mutate(random, c));
            string Text(string first, string last) => $"{first} ¶¶ {b} ¶¶ {last}";

            var merged = ThreeWayMerge.Merge(Text(a, c), Text(a2, c), Text(a, c2));

            Assert.True(merged.IsClean, $"case {n}: conflict merging '{Text(a2, c)}' and '{Text(a, c2)}' over '{Text(a, c)}'");
            Assert.Equal(Text(a2, c2), merged.Text);
        }
    }
}

using StatementDrafting.Domain.Amendments;

namespace StatementDrafting.Domain.Tests.Amendments;

/// <summary>A statement compared with a fixed baseline as it changes: only changed blocks are compared again.</summary>
public class LiveComparisonTests
{
    private static readonly (string Id, string Text)[] Baseline =
    [
        ("a", "Migrants have the right to decent work."),
        ("b", "States should end immigration detention of children."),
        ("c", "Remittances should be cheaper."),
    ];

    [Fact]
    public void Changes_since_the_baseline_are_found_word_by_word_with_added_and_removed_blocks_in_place()
    {
        var comparison = new LiveComparison(Baseline);

        var compared = comparison.Compare(
        [
            ("a", "Migrants have the right to decent and safe work."),
            ("new", "Consular help should reach everyone."),
            ("c", "Remittances should be cheaper."),
        ]);

        Assert.Equal(["a", "b", "new", "c"], compared.Select(c => c.BlockId));
        Assert.Equal(
            [ComparedBlockChange.Changed, ComparedBlockChange.Removed, ComparedBlockChange.Added, ComparedBlockChange.Unchanged],
            compared.Select(c => c.Change));
        Assert.Equal("and safe ", string.Concat(compared[0].Diff.Segments.Where(s => s.Kind == DiffKind.Inserted).Select(s => s.Text)));
        Assert.Equal(Baseline[1].Text, compared[1].Diff.OldText);
        Assert.Equal("Consular help should reach everyone.", compared[2].Diff.NewText);
    }

    [Fact]
    public void A_new_version_diffs_only_the_blocks_whose_text_changed_and_keeps_the_same_result_for_the_others()
    {
        var comparison = new LiveComparison(Baseline);
        var first = comparison.Compare([("a", "Migrants have the right to decent work now."), Baseline[1], Baseline[2]]);
        var madeFirst = comparison.DiffsMade;

        var second = comparison.Compare([("a", "Migrants have the right to decent work now."), ("b", "States must end immigration detention of children."), Baseline[2]]);

        Assert.Equal(madeFirst + 1, comparison.DiffsMade);
        Assert.Same(first[0].Diff, second[0].Diff);
        Assert.Same(first[2].Diff, second[2].Diff);
        Assert.Equal("must", string.Concat(second[1].Diff.Segments.Where(s => s.Kind == DiffKind.Inserted).Select(s => s.Text)));
    }

    [Fact]
    public void A_long_statement_with_one_paragraph_typed_into_costs_one_diff_per_version()
    {
        var words = string.Join(' ', Enumerable.Range(0, 100).Select(i => $"word{i}"));
        var statement = Enumerable.Range(0, 100).Select(i => ($"p{i}", $"{i}: {words}.")).ToList();
        var comparison = new LiveComparison(statement);
        comparison.Compare(statement);
        var before = comparison.DiffsMade;

        for (var typed = 1; typed <= 20; typed++)
        {
            statement[50] = ("p50", statement[50].Item2 + " x");
            var compared = comparison.Compare(statement);
            Assert.Equal(ComparedBlockChange.Changed, compared[50].Change);
        }

        Assert.Equal(before + 20, comparison.DiffsMade);
    }
}

using StatementDrafting.Domain.Amendments;
using StatementDrafting.Web.Features.Amendments;

namespace StatementDrafting.Web.Tests.Features.Amendments;

/// <summary>Amendment diffs are made once per pair of texts, and a diff cut short by the budget is never kept.</summary>
public sealed class DiffCacheTests : IDisposable
{
    private readonly DiffCache _cache = new();

    public void Dispose() => _cache.Dispose();

    [Fact]
    public void The_same_pair_of_texts_is_compared_once_and_a_changed_paragraph_is_compared_anew()
    {
        var first = _cache.Compare("Member states should act.", "Member states must act now.", WorkBudget.Default());
        var again = _cache.Compare("Member states should act.", "Member states must act now.", WorkBudget.Default());
        Assert.Same(first, again);
        Assert.Equal(WordDiff.Compare("Member states should act.", "Member states must act now.").Segments, first.Segments);

        var moved = _cache.Compare("Member states should act.", "Member states must act today.", WorkBudget.Default());
        Assert.NotSame(first, moved);
    }

    [Fact]
    public void A_diff_that_ran_out_of_budget_is_not_kept()
    {
        var overBudget = _cache.Compare("one two three four", "five six seven eight", new WorkBudget(0));

        Assert.True(overBudget.OverBudget);
        Assert.False(_cache.Holds("one two three four", "five six seven eight"));
        Assert.False(_cache.Compare("one two three four", "five six seven eight", WorkBudget.Default()).OverBudget);
    }
}

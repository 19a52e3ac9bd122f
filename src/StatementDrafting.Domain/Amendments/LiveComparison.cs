namespace StatementDrafting.Domain.Amendments;

/// <summary>
/// A statement compared with one fixed older version (a baseline) again and again as the statement changes: each
/// block's word diff is kept with the text it was made for, so a new version costs a diff only for the blocks whose
/// text changed since the last comparison, and an unchanged block keeps the very same result (which lets a view skip
/// rendering it again). Not thread-safe: one view owns one.
/// </summary>
public sealed class LiveComparison
{
    private readonly IReadOnlyList<(string Id, string Text)> _baseline;
    private readonly long _stepsPerComparison;
    private Dictionary<string, (string Before, string After, WordDiffResult Diff)> _diffs = new(StringComparer.Ordinal);

    public LiveComparison(IReadOnlyList<(string Id, string Text)> baseline, long stepsPerComparison = WorkBudget.DefaultSteps)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        _baseline = [.. baseline];
        _stepsPerComparison = stepsPerComparison;
    }

    /// <summary>Word diffs made so far (for tests: how much work the last comparisons did).</summary>
    public int DiffsMade { get; private set; }

    public IReadOnlyList<ComparedBlock> Compare(IReadOnlyList<(string Id, string Text)> current)
    {
        var budget = new WorkBudget(_stepsPerComparison);
        var kept = new Dictionary<string, (string Before, string After, WordDiffResult Diff)>(StringComparer.Ordinal);
        var result = StatementComparison.Compare(_baseline, current, (id, before, after) =>
        {
            if (_diffs.TryGetValue(id, out var known)
                && string.Equals(known.After, after, StringComparison.Ordinal)
                && string.Equals(known.Before, before, StringComparison.Ordinal))
            {
                kept[id] = known;
                return known.Diff;
            }

            var diff = string.Equals(before, after, StringComparison.Ordinal)
                ? new WordDiffResult(before.Length == 0 ? [] : [new DiffSegment(DiffKind.Same, before)], OverBudget: false)
                : WordDiff.Compare(before, after, budget);
            DiffsMade++;
            kept[id] = (before, after, diff);
            return diff;
        });
        _diffs = kept;
        return result;
    }
}

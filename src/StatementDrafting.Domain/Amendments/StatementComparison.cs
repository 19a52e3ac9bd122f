namespace StatementDrafting.Domain.Amendments;

/// <summary>A block of a statement as compared: present in both versions (with its word diff), added, or removed.</summary>
public sealed record ComparedBlock(string BlockId, ComparedBlockChange Change, WordDiffResult Diff);

public enum ComparedBlockChange
{
    Unchanged,
    Changed,
    Added,
    Removed,
}

/// <summary>
/// Compares two versions of a statement block by block: blocks are matched by their stable id (so moves and insertions
/// elsewhere never misalign them), each matched block gets a word diff, and all diffs share one work budget. Blocks
/// come in the newer version's order; a removed block comes after the block that preceded it in the older version.
/// </summary>
public static class StatementComparison
{
    public static IReadOnlyList<ComparedBlock> Compare(
        IReadOnlyList<(string Id, string Text)> older, IReadOnlyList<(string Id, string Text)> newer, WorkBudget? budget = null)
    {
        budget ??= WorkBudget.Default();
        return Compare(older, newer, (_, before, after) => WordDiff.Compare(before, after, budget));
    }

    /// <summary>The same, with the word diff of a block present in both made by <paramref name="diff"/> (block id, older text, newer text).</summary>
    public static IReadOnlyList<ComparedBlock> Compare(
        IReadOnlyList<(string Id, string Text)> older, IReadOnlyList<(string Id, string Text)> newer, Func<string, string, string, WordDiffResult> diff)
    {
        ArgumentNullException.ThrowIfNull(older);
        ArgumentNullException.ThrowIfNull(newer);
        ArgumentNullException.ThrowIfNull(diff);
        var olderById = older.ToDictionary(b => b.Id, b => b.Text, StringComparer.Ordinal);
        var newerIds = newer.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);

        // Removed blocks, keyed by the nearest earlier block that survives (null: before everything).
        var removedAfter = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var removedFirst = new List<string>();
        string? anchor = null;
        foreach (var (id, _) in older)
        {
            if (newerIds.Contains(id))
            {
                anchor = id;
            }
            else if (anchor is null)
            {
                removedFirst.Add(id);
            }
            else
            {
                (removedAfter.TryGetValue(anchor, out var list) ? list : removedAfter[anchor] = []).Add(id);
            }
        }

        var result = new List<ComparedBlock>();
        result.AddRange(removedFirst.Select(id => Removed(id, olderById[id])));
        foreach (var (id, text) in newer)
        {
            if (olderById.TryGetValue(id, out var before))
            {
                var compared = diff(id, before, text);
                result.Add(new ComparedBlock(id, compared.HasChanges ? ComparedBlockChange.Changed : ComparedBlockChange.Unchanged, compared));
            }
            else
            {
                result.Add(new ComparedBlock(id, ComparedBlockChange.Added, WordDiffResult.Replaced(string.Empty, text, overBudget: false)));
            }

            if (removedAfter.TryGetValue(id, out var removed))
            {
                result.AddRange(removed.Select(r => Removed(r, olderById[r])));
            }
        }

        return result;
    }

    private static ComparedBlock Removed(string id, string text) =>
        new(id, ComparedBlockChange.Removed, WordDiffResult.Replaced(text, string.Empty, overBudget: false));
}

using DiffPlex;

namespace StatementDrafting.Domain.Amendments;

public enum DiffKind
{
    Same,
    Deleted,
    Inserted,
}

/// <summary>A run of text that is the same on both sides, only in the old text, or only in the new.</summary>
public sealed record DiffSegment(DiffKind Kind, string Text);

/// <summary>
/// A change found by a diff, over token positions of the old text: tokens [<see cref="Start"/>, <see cref="End"/>)
/// are replaced by <see cref="Replacement"/> (an insertion when the range is empty).
/// </summary>
public sealed record DiffHunk(int Start, int End, IReadOnlyList<string> Replacement)
{
    public bool IsInsertion => Start == End;
}

/// <summary>
/// How much diffing work may still be done, counted in steps rather than time, so that the same input gives the same
/// result on every machine. A diff of n and m tokens (after the common start and end are set aside) costs at most
/// (n + m)² steps of Myers' algorithm, and that is what it is charged before it runs; a diff that does not fit is not
/// run, and its text is shown as replaced. One budget can be shared by every paragraph of a statement.
/// </summary>
public sealed class WorkBudget(long steps)
{
    /// <summary>
    /// Enough for any paragraph edited in ordinary ways and for whole statements of realistic length; small enough
    /// that the worst case finishes within about 250 ms on the project's 2-core machines (docs/benchmarks.md).
    /// </summary>
    public const long DefaultSteps = 60_000_000;

    public long Remaining { get; private set; } = steps;

    public static WorkBudget Default() => new(DefaultSteps);

    public bool TrySpend(long steps)
    {
        if (steps > Remaining)
        {
            Remaining = 0;
            return false;
        }

        Remaining -= steps;
        return true;
    }
}

/// <summary>The word diff of two texts.</summary>
public sealed record WordDiffResult(IReadOnlyList<DiffSegment> Segments, bool OverBudget)
{
    /// <summary>
    /// True when the texts are best shown as one replaced by the other: the diff was over its budget, or fewer than
    /// half of the words of the longer text are unchanged.
    /// </summary>
    public bool ShowAsReplaced => OverBudget || (HasChanges && UnchangedShare < 0.5);

    public bool HasChanges => Segments.Any(s => s.Kind != DiffKind.Same);

    public string OldText => string.Concat(Segments.Where(s => s.Kind != DiffKind.Inserted).Select(s => s.Text));

    public string NewText => string.Concat(Segments.Where(s => s.Kind != DiffKind.Deleted).Select(s => s.Text));

    /// <summary>The share of the longer side's word characters (not spaces) that are unchanged.</summary>
    public double UnchangedShare
    {
        get
        {
            var same = WordCharacters(DiffKind.Same);
            var longer = Math.Max(same + WordCharacters(DiffKind.Deleted), same + WordCharacters(DiffKind.Inserted));
            return longer == 0 ? 1 : (double)same / longer;
        }
    }

    /// <summary>The same two texts as one deletion and one insertion.</summary>
    public static WordDiffResult Replaced(string before, string after, bool overBudget)
    {
        var segments = new List<DiffSegment>();
        if (before.Length > 0)
        {
            segments.Add(new DiffSegment(DiffKind.Deleted, before));
        }

        if (after.Length > 0)
        {
            segments.Add(new DiffSegment(DiffKind.Inserted, after));
        }

        return new WordDiffResult(segments, overBudget);
    }

    private int WordCharacters(DiffKind kind) =>
        Segments.Where(s => s.Kind == kind).Sum(s => s.Text.Count(c => !char.IsWhiteSpace(c)));
}

/// <summary>
/// Word-level diffs of prose with DiffPlex (Myers) over <see cref="ProseChunker"/> tokens, whitespace kept, under a
/// <see cref="WorkBudget"/>.
/// </summary>
public static class WordDiff
{
    public static WordDiffResult Compare(string before, string after, WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var oldTokens = ProseChunker.Tokenize(before);
        var hunks = Hunks(oldTokens, ProseChunker.Tokenize(after), budget ?? WorkBudget.Default());
        if (hunks is null)
        {
            return WordDiffResult.Replaced(before, after, overBudget: true);
        }

        var segments = new List<DiffSegment>();
        var position = 0;
        foreach (var hunk in hunks)
        {
            Add(segments, DiffKind.Same, Join(oldTokens, position, hunk.Start));
            Add(segments, DiffKind.Deleted, Join(oldTokens, hunk.Start, hunk.End));
            Add(segments, DiffKind.Inserted, string.Concat(hunk.Replacement));
            position = hunk.End;
        }

        Add(segments, DiffKind.Same, Join(oldTokens, position, oldTokens.Count));
        return new WordDiffResult(segments, OverBudget: false);
    }

    /// <summary>
    /// The changes that turn <paramref name="oldTokens"/> into <paramref name="newTokens"/>, in order of position;
    /// null when the diff does not fit in the budget.
    /// </summary>
    public static IReadOnlyList<DiffHunk>? Hunks(IReadOnlyList<string> oldTokens, IReadOnlyList<string> newTokens, WorkBudget budget)
    {
        ArgumentNullException.ThrowIfNull(oldTokens);
        ArgumentNullException.ThrowIfNull(newTokens);
        ArgumentNullException.ThrowIfNull(budget);
        var prefix = 0;
        var max = Math.Min(oldTokens.Count, newTokens.Count);
        while (prefix < max && string.Equals(oldTokens[prefix], newTokens[prefix], StringComparison.Ordinal))
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < max - prefix
            && string.Equals(oldTokens[oldTokens.Count - 1 - suffix], newTokens[newTokens.Count - 1 - suffix], StringComparison.Ordinal))
        {
            suffix++;
        }

        var n = oldTokens.Count - prefix - suffix;
        var m = newTokens.Count - prefix - suffix;
        if (n == 0 && m == 0)
        {
            return [];
        }

        if (n == 0 || m == 0)
        {
            return [new DiffHunk(prefix, prefix + n, Slice(newTokens, prefix, m))];
        }

        var cost = (long)(n + m) * (n + m);
        if (!budget.TrySpend(cost))
        {
            return null;
        }

        var oldMiddle = Slice(oldTokens, prefix, n);
        var newMiddle = Slice(newTokens, prefix, m);
        // The tokens are already cut: DiffPlex is handed them back for the two texts (it chunks the old one first).
        var chunked = 0;
        var result = Differ.Instance.CreateCustomDiffs(
            string.Concat(oldMiddle), string.Concat(newMiddle), ignoreWhiteSpace: false, ignoreCase: false, _ => chunked++ == 0 ? oldMiddle : newMiddle);
        var hunks = result.DiffBlocks.Select(b => new DiffHunk(
            prefix + b.DeleteStartA,
            prefix + b.DeleteStartA + b.DeleteCountA,
            Slice(newMiddle, b.InsertStartB, b.InsertCountB))).ToList();
        return SlideToWordStarts(hunks, oldTokens);
    }

    /// <summary>
    /// Among equally short diffs, prefers the one whose pure insertions and deletions start with a word rather than a
    /// space ("safe [and dignified ]returns", not "safe[ and dignified] returns"): such a change is moved right while
    /// its first token is whitespace equal to the token after it. The result stays a correct diff.
    /// </summary>
    private static List<DiffHunk> SlideToWordStarts(List<DiffHunk> hunks, IReadOnlyList<string> oldTokens)
    {
        for (var h = 0; h < hunks.Count; h++)
        {
            var hunk = hunks[h];
            var limit = h + 1 < hunks.Count ? hunks[h + 1].Start : oldTokens.Count;
            if (hunk.IsInsertion)
            {
                var (at, tokens) = (hunk.Start, hunk.Replacement.ToList());
                while (at < limit && tokens.Count > 0 && IsSpace(tokens[0]) && string.Equals(tokens[0], oldTokens[at], StringComparison.Ordinal))
                {
                    tokens.Add(tokens[0]);
                    tokens.RemoveAt(0);
                    at++;
                }

                hunks[h] = new DiffHunk(at, at, tokens);
            }
            else if (hunk.Replacement.Count == 0)
            {
                var (start, end) = (hunk.Start, hunk.End);
                while (end < limit && IsSpace(oldTokens[start]) && string.Equals(oldTokens[start], oldTokens[end], StringComparison.Ordinal))
                {
                    start++;
                    end++;
                }

                hunks[h] = new DiffHunk(start, end, []);
            }
        }

        return hunks;
    }

    private static bool IsSpace(string token) => token.Length > 0 && char.IsWhiteSpace(token[0]);

    private static string[] Slice(IReadOnlyList<string> tokens, int start, int count)
    {
        var slice = new string[count];
        for (var i = 0; i < count; i++)
        {
            slice[i] = tokens[start + i];
        }

        return slice;
    }

    private static string Join(List<string> tokens, int from, int to) =>
        string.Concat(Enumerable.Range(from, to - from).Select(i => tokens[i]));

    private static void Add(List<DiffSegment> segments, DiffKind kind, string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        if (segments.Count > 0 && segments[^1].Kind == kind)
        {
            segments[^1] = segments[^1] with { Text = segments[^1].Text + text };
        }
        else
        {
            segments.Add(new DiffSegment(kind, text));
        }
    }
}

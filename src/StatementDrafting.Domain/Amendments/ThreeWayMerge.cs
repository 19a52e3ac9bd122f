namespace StatementDrafting.Domain.Amendments;

/// <summary>
/// The outcome of a three-way merge: the merged text, or the places where the two sides changed the same words
/// differently (as ranges of the base text).
/// </summary>
public sealed record MergeResult(string? Text, IReadOnlyList<MergeConflict> Conflicts, bool OverBudget)
{
    public bool IsClean => Text is not null;

    /// <summary>
    /// A starting point for resolving a conflict by hand: everything that merges cleanly, and at each conflict the
    /// first side's ("mine") wording. The merged text when clean; the first side as it is when over the budget.
    /// </summary>
    public string Suggestion { get; init; } = Text ?? string.Empty;
}

/// <summary>A stretch of the base text that the two sides changed differently, with what each made of it.</summary>
public sealed record MergeConflict(string Base, string Mine, string Theirs);

/// <summary>
/// Merges two edits of one text word by word (DESIGN-NOTES: amendments that follow the live text). Both sides are
/// diffed from the base over <see cref="ProseChunker"/> tokens; the changes (hunks over base token ranges) are walked
/// in base order: changes that do not overlap both apply; overlapping changes that make the same text apply once; any
/// other overlap is a conflict. Two insertions at the same point overlap; an insertion at the edge of a replaced
/// range does not (it goes first). A diff over its work budget makes the merge a conflict, never a guess.
/// </summary>
public static class ThreeWayMerge
{
    public static MergeResult Merge(string @base, string mine, string theirs, WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(@base);
        ArgumentNullException.ThrowIfNull(mine);
        ArgumentNullException.ThrowIfNull(theirs);
        if (string.Equals(mine, theirs, StringComparison.Ordinal) || string.Equals(theirs, @base, StringComparison.Ordinal))
        {
            return new MergeResult(mine, [], false);
        }

        if (string.Equals(mine, @base, StringComparison.Ordinal))
        {
            return new MergeResult(theirs, [], false);
        }

        return MergeByDiff(@base, mine, theirs, budget ?? WorkBudget.Default());
    }

    /// <summary>The merge itself, without the shortcuts for sides equal to each other or to the base (tests use it).</summary>
    internal static MergeResult MergeByDiff(string @base, string mine, string theirs, WorkBudget budget)
    {
        var baseTokens = ProseChunker.Tokenize(@base);
        var mineHunks = WordDiff.Hunks(baseTokens, ProseChunker.Tokenize(mine), budget);
        var theirHunks = mineHunks is null ? null : WordDiff.Hunks(baseTokens, ProseChunker.Tokenize(theirs), budget);
        if (mineHunks is null || theirHunks is null)
        {
            return new MergeResult(null, [new MergeConflict(@base, mine, theirs)], OverBudget: true) { Suggestion = mine };
        }

        return Walk(baseTokens, mineHunks, theirHunks);
    }

    private static MergeResult Walk(List<string> baseTokens, IReadOnlyList<DiffHunk> mine, IReadOnlyList<DiffHunk> theirs)
    {
        var text = new System.Text.StringBuilder();
        var suggestion = new System.Text.StringBuilder();
        var conflicts = new List<MergeConflict>();
        var position = 0;
        int i = 0, j = 0;
        while (i < mine.Count || j < theirs.Count)
        {
            // Start a group with the change that comes first (an insertion before a replacement at the same point),
            // then take in every change of either side that overlaps the group, until none does.
            var takeMine = j >= theirs.Count || (i < mine.Count && Before(mine[i], theirs[j]));
            var first = takeMine ? mine[i++] : theirs[j++];
            var group = new Group(first, takeMine);
            while (true)
            {
                if (i < mine.Count && group.Overlaps(mine[i]))
                {
                    group.Add(mine[i++], fromMine: true);
                }
                else if (j < theirs.Count && group.Overlaps(theirs[j]))
                {
                    group.Add(theirs[j++], fromMine: false);
                }
                else
                {
                    break;
                }
            }

            Append(text, baseTokens, position, group.Start);
            Append(suggestion, baseTokens, position, group.Start);
            var mineText = group.Apply(baseTokens, fromMine: true);
            var theirText = group.Apply(baseTokens, fromMine: false);
            if (group.MineHunks.Count == 0 || group.TheirHunks.Count == 0 || string.Equals(mineText, theirText, StringComparison.Ordinal))
            {
                text.Append(group.MineHunks.Count == 0 ? theirText : mineText);
                suggestion.Append(group.MineHunks.Count == 0 ? theirText : mineText);
            }
            else
            {
                conflicts.Add(new MergeConflict(Join(baseTokens, group.Start, group.End), mineText, theirText));
                suggestion.Append(mineText);
            }

            position = group.End;
        }

        Append(text, baseTokens, position, baseTokens.Count);
        Append(suggestion, baseTokens, position, baseTokens.Count);
        return conflicts.Count == 0
            ? new MergeResult(text.ToString(), [], false)
            : new MergeResult(null, conflicts, false) { Suggestion = suggestion.ToString() };
    }

    private static bool Before(DiffHunk a, DiffHunk b) =>
        a.Start < b.Start || (a.Start == b.Start && a.IsInsertion && !b.IsInsertion);

    private static void Append(System.Text.StringBuilder text, List<string> tokens, int from, int to)
    {
        for (var k = from; k < to; k++)
        {
            text.Append(tokens[k]);
        }
    }

    private static string Join(List<string> tokens, int from, int to)
    {
        var text = new System.Text.StringBuilder();
        Append(text, tokens, from, to);
        return text.ToString();
    }

    /// <summary>Overlapping changes of both sides over one stretch [Start, End) of the base.</summary>
    private sealed class Group
    {
        public Group(DiffHunk first, bool fromMine)
        {
            Start = first.Start;
            End = first.End;
            Add(first, fromMine);
        }

        public int Start { get; }

        public int End { get; private set; }

        public List<DiffHunk> MineHunks { get; } = [];

        public List<DiffHunk> TheirHunks { get; } = [];

        public void Add(DiffHunk hunk, bool fromMine)
        {
            (fromMine ? MineHunks : TheirHunks).Add(hunk);
            End = Math.Max(End, hunk.End);
        }

        /// <summary>
        /// True when <paramref name="hunk"/> collides with the group: it shares base tokens with the group's stretch, it
        /// is an insertion strictly inside it, or both are insertions at the same point. Touching is not colliding.
        /// </summary>
        public bool Overlaps(DiffHunk hunk) =>
            // Hunks reach the group in base order, so hunk.Start >= Start.
            Start == End
                ? hunk.IsInsertion && hunk.Start == Start
                : hunk.IsInsertion ? Start < hunk.Start && hunk.Start < End : hunk.Start < End;

        /// <summary>The group's stretch of base with one side's changes applied.</summary>
        public string Apply(List<string> baseTokens, bool fromMine)
        {
            var text = new System.Text.StringBuilder();
            var position = Start;
            foreach (var hunk in fromMine ? MineHunks : TheirHunks)
            {
                Append(text, baseTokens, position, hunk.Start);
                foreach (var token in hunk.Replacement)
                {
                    text.Append(token);
                }

                position = hunk.End;
            }

            Append(text, baseTokens, position, End);
            return text.ToString();
        }
    }
}

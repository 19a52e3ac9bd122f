namespace StatementDrafting.Domain.Editing;

/// <summary>One change as the server stored it: its revision, who sent it (a dedupe key) and what it applied.</summary>
public sealed record SequencedChange(
    int Revision, string ChangeKey, IReadOnlyList<EditOp> Ops, IReadOnlyList<DiscardedEdit> Discarded);

/// <summary>Whether a submission was applied now or had been applied before.</summary>
public enum SubmitStatus
{
    Applied,
    Duplicate,
}

/// <summary>The answer to a submission: the revision it became and what it applied (see the protocol's acknowledgement).</summary>
public sealed record SubmitResult(
    SubmitStatus Status, int Revision, IReadOnlyList<EditOp> Ops, IReadOnlyList<DiscardedEdit> Discarded);

/// <summary>
/// The server's sequencing of one statement, in memory: the current document, its revision, the log of applied
/// changes and a snapshot every <see cref="SnapshotEvery"/> revisions. Not thread-safe: one writer per statement.
/// </summary>
public sealed class DraftSequencer
{
    private readonly DraftDocument initial;
    private readonly DraftDocument document;
    private readonly List<SequencedChange> log = [];
    private readonly Dictionary<string, int> revisionsByKey = new(StringComparer.Ordinal);
    private readonly SortedDictionary<int, DraftDocument> snapshots = [];
    private readonly TransformRules rules;

    public DraftSequencer(DraftDocument initial, int snapshotEvery = 100)
        : this(initial, snapshotEvery, TransformRules.Standard)
    {
    }

    internal DraftSequencer(DraftDocument initial, int snapshotEvery, TransformRules rules)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentOutOfRangeException.ThrowIfLessThan(snapshotEvery, 1);
        this.initial = initial.Clone();
        document = initial.Clone();
        SnapshotEvery = snapshotEvery;
        this.rules = rules;
        snapshots[0] = initial.Clone();
    }

    public int SnapshotEvery { get; }

    /// <summary>The current revision: 0 before any change.</summary>
    public int Revision => log.Count;

    /// <summary>The current blocks.</summary>
    public IReadOnlyList<DraftBlock> Blocks => document.Blocks;

    /// <summary>Every applied change, revision 1 first.</summary>
    public IReadOnlyList<SequencedChange> Log => log;

    /// <summary>The revisions a snapshot is kept for (0 and every multiple of <see cref="SnapshotEvery"/>).</summary>
    public IEnumerable<int> SnapshotRevisions => snapshots.Keys;

    /// <summary>A copy of the current document.</summary>
    public DraftDocument CloneDocument() => document.Clone();

    /// <summary>A copy of the snapshot kept for <paramref name="revision"/>.</summary>
    public DraftDocument Snapshot(int revision) =>
        snapshots.TryGetValue(revision, out var snapshot)
            ? snapshot.Clone()
            : throw new ArgumentOutOfRangeException(nameof(revision), revision, "No snapshot is kept for this revision.");

    /// <summary>The document as it was at <paramref name="revision"/>: the nearest snapshot before it, then the log.</summary>
    public DraftDocument DocumentAt(int revision)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(revision);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(revision, Revision);
        var start = snapshots.Keys.Last(r => r <= revision);
        var result = snapshots[start].Clone();
        for (var r = start + 1; r <= revision; r++)
        {
            result.ApplyAll(log[r - 1].Ops);
        }

        return result;
    }

    /// <summary>The changes after <paramref name="fromRevision"/>, at most <paramref name="max"/> of them.</summary>
    public IReadOnlyList<SequencedChange> ChangesSince(int fromRevision, int max = 500)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromRevision);
        return fromRevision >= Revision ? [] : log.Skip(fromRevision).Take(max).ToList();
    }

    /// <summary>
    /// Transforms <paramref name="op"/> (made against <paramref name="baseRevision"/>) over the changes since, applies
    /// it as the next revision and logs it. A <paramref name="changeKey"/> already applied is not applied again: the
    /// result repeats what it applied then.
    /// </summary>
    /// <exception cref="EditRefusedException">The base is newer than the document, or the operation does not fit; nothing changed.</exception>
    public SubmitResult Submit(int baseRevision, string changeKey, EditOp op)
    {
        ArgumentException.ThrowIfNullOrEmpty(changeKey);
        ArgumentNullException.ThrowIfNull(op);
        if (revisionsByKey.TryGetValue(changeKey, out var earlier))
        {
            var done = log[earlier - 1];
            return new SubmitResult(SubmitStatus.Duplicate, done.Revision, done.Ops, done.Discarded);
        }

        if (baseRevision > Revision)
        {
            throw new EditRefusedException(
                EditError.FutureRevision, $"The base revision {baseRevision} is newer than the document's ({Revision}).");
        }

        if (baseRevision < 0)
        {
            throw new EditRefusedException(EditError.Malformed, "The base revision cannot be negative.");
        }

        var outcome = EditTransform.Rebase(op, log.Skip(baseRevision).Select(c => c.Ops), rules);
        var applied = document.ApplyAll(outcome.Ops);
        var change = new SequencedChange(Revision + 1, changeKey, applied, outcome.Discarded);
        log.Add(change);
        revisionsByKey[changeKey] = change.Revision;
        if (change.Revision % SnapshotEvery == 0)
        {
            snapshots[change.Revision] = document.Clone();
        }

        return new SubmitResult(SubmitStatus.Applied, change.Revision, applied, outcome.Discarded);
    }

    /// <summary>
    /// Replays the whole log once from revision 0, calling <paramref name="visit"/> after each revision with the change,
    /// the operations as applied again, and the document (live: copy it to keep it).
    /// </summary>
    public DraftDocument Replay(Action<SequencedChange, IReadOnlyList<EditOp>, DraftDocument>? visit = null)
    {
        var replayed = initial.Clone();
        foreach (var change in log)
        {
            var applied = replayed.ApplyAll(change.Ops);
            visit?.Invoke(change, applied, replayed);
        }

        return replayed;
    }
}

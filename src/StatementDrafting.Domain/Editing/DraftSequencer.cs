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
/// The server's sequencing of one statement (ADR 0008), the same in the app and in tests: the current document and its
/// revision; a change made against an older revision is transformed over the ones it missed and applied as the next;
/// a change key seen before is answered again and not applied twice; every <see cref="SnapshotEvery"/>th revision is
/// a snapshot revision. It keeps a window of the most recent changes and asks its <see cref="IChangeLog"/> for older
/// ones; with no window limit (the constructor for tests) it keeps the whole log and its snapshots in memory.
/// Not thread-safe: one caller at a time per statement.
/// </summary>
public sealed class DraftSequencer
{
    private readonly DraftDocument? initial;
    private readonly DraftDocument document;
    private readonly List<SequencedChange> window = [];
    private readonly Dictionary<string, SequencedChange> byKey = new(StringComparer.Ordinal);
    private readonly SortedDictionary<int, DraftDocument> snapshots = [];
    private readonly TransformRules rules;
    private readonly IChangeLog log;
    private readonly int windowSize;

    /// <summary>A statement from revision 0 that keeps its whole log and every snapshot in memory.</summary>
    public DraftSequencer(DraftDocument initial, int snapshotEvery = 100)
        : this(initial, snapshotEvery, TransformRules.Standard)
    {
    }

    /// <summary>
    /// A statement loaded at <paramref name="revision"/>, keeping the last <paramref name="windowSize"/> changes in
    /// memory and reading older ones from <paramref name="log"/> (snapshots are the caller's to store).
    /// </summary>
    public DraftSequencer(DraftDocument document, int revision, IChangeLog log, int snapshotEvery = 100, int windowSize = 2_000)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentOutOfRangeException.ThrowIfNegative(revision);
        ArgumentOutOfRangeException.ThrowIfLessThan(snapshotEvery, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSize, 1);
        this.document = document.Clone();
        Revision = revision;
        this.log = log;
        this.windowSize = windowSize;
        SnapshotEvery = snapshotEvery;
        rules = TransformRules.Standard;
    }

    internal DraftSequencer(DraftDocument initial, int snapshotEvery, TransformRules rules)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentOutOfRangeException.ThrowIfLessThan(snapshotEvery, 1);
        this.initial = initial.Clone();
        document = initial.Clone();
        SnapshotEvery = snapshotEvery;
        this.rules = rules;
        log = NoOlderChanges.Instance;
        windowSize = int.MaxValue;
        snapshots[0] = initial.Clone();
    }

    public int SnapshotEvery { get; }

    /// <summary>The current revision.</summary>
    public int Revision { get; private set; }

    /// <summary>The current blocks.</summary>
    public IReadOnlyList<DraftBlock> Blocks => document.Blocks;

    /// <summary>The changes this sequencer holds, oldest first (every change, for one that keeps its whole log).</summary>
    public IReadOnlyList<SequencedChange> Log => window;

    /// <summary>The revisions a snapshot is kept for in memory (0 and every multiple of <see cref="SnapshotEvery"/>).</summary>
    public IEnumerable<int> SnapshotRevisions => snapshots.Keys;

    /// <summary>True when <paramref name="revision"/> is one whose document is kept as a snapshot.</summary>
    public bool IsSnapshotRevision(int revision) => revision > 0 && revision % SnapshotEvery == 0;

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
        var start = snapshots.Keys.LastOrDefault(r => r <= revision, -1);
        if (start < 0)
        {
            throw new InvalidOperationException("This sequencer keeps no snapshot that old.");
        }

        var result = snapshots[start].Clone();
        foreach (var change in window.Where(c => c.Revision > start && c.Revision <= revision))
        {
            result.ApplyAll(change.Ops);
        }

        return result;
    }

    /// <summary>The changes after <paramref name="fromRevision"/> this sequencer holds, at most <paramref name="max"/> of them.</summary>
    public IReadOnlyList<SequencedChange> ChangesSince(int fromRevision, int max = 500)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromRevision);
        return [.. window.Where(c => c.Revision > fromRevision).Take(max)];
    }

    /// <summary>
    /// Transforms <paramref name="op"/> (made against <paramref name="baseRevision"/>) over the changes since, applies
    /// it as the next revision and logs it. A <paramref name="changeKey"/> already applied is not applied again: the
    /// result repeats what it applied then. For a sequencer whose log answers at once (one that keeps everything).
    /// </summary>
    /// <exception cref="EditRefusedException">The base is newer than the document, or the operation does not fit; nothing changed.</exception>
    public SubmitResult Submit(int baseRevision, string changeKey, EditOp op)
    {
        var pending = SubmitAsync(baseRevision, changeKey, op);
        return pending.IsCompleted
            ? pending.GetAwaiter().GetResult()
            : throw new InvalidOperationException("This sequencer's log does not answer at once: use SubmitAsync.");
    }

    /// <inheritdoc cref="Submit"/>
    /// <remarks>Older changes than the window holds, and keys it no longer remembers, are asked of the log.</remarks>
    public async ValueTask<SubmitResult> SubmitAsync(int baseRevision, string changeKey, EditOp op, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(changeKey);
        ArgumentNullException.ThrowIfNull(op);
        if (byKey.TryGetValue(changeKey, out var earlier))
        {
            return Duplicate(earlier);
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

        // A change applied before was made against an older revision than the one it became. So a key the window does
        // not hold can be a resend only when the window does not reach back to the base: only then is the log asked
        // (never for a client that is up to date, the common case).
        var oldestHeld = window.Count > 0 ? window[0].Revision : Revision + 1;
        if (baseRevision + 1 < oldestHeld && await log.FindAsync(changeKey, cancellationToken) is { } stored)
        {
            return Duplicate(stored);
        }

        var missed = await MissedAsync(baseRevision, cancellationToken);
        var outcome = EditTransform.Rebase(op, missed.Select(c => c.Ops), rules);
        var applied = document.ApplyAll(outcome.Ops);
        var change = new SequencedChange(Revision + 1, changeKey, applied, outcome.Discarded);
        Remember(change);
        Revision = change.Revision;
        if (initial is not null && IsSnapshotRevision(change.Revision))
        {
            snapshots[change.Revision] = document.Clone();
        }

        return new SubmitResult(SubmitStatus.Applied, change.Revision, applied, outcome.Discarded);
    }

    /// <summary>
    /// Takes a change sequenced and stored elsewhere (another app node; read back from the log) as the next revision:
    /// applies its operations as they were applied there and remembers it, so that later submissions are transformed
    /// over it and a resend of it is recognised, without loading the statement again.
    /// </summary>
    /// <exception cref="ArgumentException">The change is not the next revision.</exception>
    /// <exception cref="EditRefusedException">
    /// Its operations do not fit this document: it was not made on this text. The document may then be partly changed,
    /// so the sequencer must be given up and the statement loaded again.
    /// </exception>
    public void Follow(SequencedChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Revision != Revision + 1)
        {
            throw new ArgumentException($"Revision {change.Revision} does not follow {Revision}.", nameof(change));
        }

        document.ApplyAll(change.Ops);
        Remember(change);
        Revision = change.Revision;
        if (initial is not null && IsSnapshotRevision(change.Revision))
        {
            snapshots[change.Revision] = document.Clone();
        }
    }

    private static SubmitResult Duplicate(SequencedChange earlier) =>
        new(SubmitStatus.Duplicate, earlier.Revision, earlier.Ops, earlier.Discarded);

    /// <summary>
    /// Replays the whole log once from revision 0, calling <paramref name="visit"/> after each revision with the change,
    /// the operations as applied again, and the document (live: copy it to keep it). Only for one that keeps everything.
    /// </summary>
    public DraftDocument Replay(Action<SequencedChange, IReadOnlyList<EditOp>, DraftDocument>? visit = null)
    {
        var replayed = initial?.Clone() ?? throw new InvalidOperationException("Only a sequencer that keeps its whole log can replay it.");
        foreach (var change in window)
        {
            var applied = replayed.ApplyAll(change.Ops);
            visit?.Invoke(change, applied, replayed);
        }

        return replayed;
    }

    /// <summary>The changes after <paramref name="baseRevision"/>: from the window, and the older part from the log.</summary>
    private async ValueTask<List<SequencedChange>> MissedAsync(int baseRevision, CancellationToken cancellationToken)
    {
        var missed = new List<SequencedChange>(Revision - baseRevision);
        var oldestHeld = window.Count > 0 ? window[0].Revision : Revision + 1;
        if (baseRevision + 1 < oldestHeld)
        {
            missed.AddRange(await log.ReadAsync(baseRevision, oldestHeld - 1, cancellationToken));
        }

        // The window is in revision order: start at the first change after the base.
        var from = window.Count == 0 ? 0 : Math.Max(0, baseRevision + 1 - window[0].Revision);
        for (var i = from; i < window.Count; i++)
        {
            missed.Add(window[i]);
        }

        for (var i = 0; i < missed.Count; i++)
        {
            if (missed[i].Revision != baseRevision + 1 + i)
            {
                throw new EditRefusedException(
                    EditError.StaleRevision, $"Revision {baseRevision} is older than the history this server can replay; join again.");
            }
        }

        if (missed.Count != Revision - baseRevision)
        {
            throw new EditRefusedException(
                EditError.StaleRevision, $"Revision {baseRevision} is older than the history this server can replay; join again.");
        }

        return missed;
    }

    private void Remember(SequencedChange change)
    {
        window.Add(change);
        byKey[change.ChangeKey] = change;
        if (window.Count > windowSize)
        {
            // Trimmed by a tenth at a time, so that trimming costs little per change.
            var drop = window.Count - windowSize + (windowSize / 10);
            window.Take(drop).ToList().ForEach(c => byKey.Remove(c.ChangeKey));
            window.RemoveRange(0, drop);
        }
    }
}

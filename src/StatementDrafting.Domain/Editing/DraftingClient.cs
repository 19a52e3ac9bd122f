using System.Security.Cryptography;

namespace StatementDrafting.Domain.Editing;

/// <summary>A submission for the server: exactly one operation against <paramref name="BaseRevision"/>.</summary>
public sealed record ClientSubmission(string ChangeId, int BaseRevision, EditOp Op);

/// <summary>
/// The reference client of the drafting protocol, without any I/O. It keeps the <see cref="Confirmed"/> document (the
/// server's log applied in revision order), an outbox of local changes not yet acknowledged (only the first may be in
/// flight; each unsent entry holds one operation) and the <see cref="Local"/> document the user sees, always the
/// confirmed one with the outbox on top. A remote change carries the outbox over it, and itself over the outbox, with
/// the server's own rules (<see cref="EditTransform"/>), pair by pair on the documents they apply to. While every entry
/// is a text edit the carried-over change is applied to the local document (text mode: text edits and any change
/// commute); otherwise the local document is the confirmed one with the carried-over outbox replayed (structural mode).
/// </summary>
public sealed class DraftingClient
{
    private readonly List<OutboxEntry> outbox = [];
    private readonly SortedDictionary<int, (string? ChangeId, IReadOnlyList<EditOp> Ops)> pending = [];
    private readonly Dictionary<string, List<DiscardedEdit>> reportedByChange = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<DiscardedEdit>> serverDiscards = new(StringComparer.Ordinal);
    private readonly List<DiscardedEdit> allDiscarded = [];
    private readonly Func<string> newChangeId;
    private readonly List<ClientSubmission> unanswered = [];
    private readonly Queue<ClientSubmission> resends = [];
    private DraftDocument local;

    public DraftingClient(DraftDocument document, int revision, Func<string>? newChangeId = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentOutOfRangeException.ThrowIfNegative(revision);
        Confirmed = document.Clone();
        local = document.Clone();
        Revision = revision;
        this.newChangeId = newChangeId ?? NewChangeId;
    }

    /// <summary>The server's document at <see cref="Revision"/>. Do not change it.</summary>
    public DraftDocument Confirmed { get; }

    /// <summary>The last revision applied to <see cref="Confirmed"/>.</summary>
    public int Revision { get; private set; }

    /// <summary>What the user sees: the confirmed document with the outbox on top. Do not change it.</summary>
    public DraftDocument Local => local;

    /// <summary>The local changes not yet acknowledged, first (possibly in flight) first.</summary>
    public IReadOnlyList<OutboxView> Outbox => [.. outbox.Select(e => new OutboxView(e.ChangeId, [.. e.Ops], e.Sent))];

    /// <summary>True while a submission awaits its acknowledgement.</summary>
    public bool HasChangeInFlight => outbox.Count > 0 && outbox[0].Sent;

    /// <summary>True when a later revision arrived before an earlier one: ask the server to catch up from <see cref="Revision"/>.</summary>
    public bool NeedsCatchUp => pending.Count > 0;

    /// <summary>Nothing pending: every local change is acknowledged and every received revision applied.</summary>
    public bool IsSettled => outbox.Count == 0 && pending.Count == 0;

    /// <summary>Everything that could not be applied so far, as told to the user.</summary>
    public IReadOnlyList<DiscardedEdit> Discarded => allDiscarded;

    /// <summary>True while every outbox entry is a text edit (remote changes are transformed into the local document).</summary>
    public bool InTextMode => outbox.All(e => e.Ops.All(op => op is TextEdit));

    /// <summary>
    /// Applies a change the user made to the local document and queues it for the server. Typing composes into the
    /// last unsent text entry on the same block. Returns the applied form.
    /// </summary>
    /// <exception cref="EditRefusedException">The operation does not fit the local document; nothing changed.</exception>
    public EditOp Edit(EditOp op)
    {
        ArgumentNullException.ThrowIfNull(op);
        var before = local.Find(op.Block)?.Text;
        var applied = local.Apply(op);
        if (op is TextEdit text)
        {
            if (text.Operation.IsIdentity)
            {
                return applied;
            }

            if (outbox.Count > 0 && outbox[^1] is { Sent: false, Ops: [TextEdit last] } entry && last.Block == text.Block)
            {
                entry.Ops[0] = last with { Operation = TextOperation.Compose(last.Operation, text.Operation) };
                return applied;
            }
        }

        outbox.Add(new OutboxEntry(newChangeId(), [op], [before]) { Origin = op });
        return applied;
    }

    /// <summary>
    /// The next submission to send, or null while one is in flight (or nothing is queued). After
    /// <see cref="Reconnected"/>, the submissions whose answers were lost are returned again first, unchanged (same
    /// change id, base and operation): the server applies each at most once and answers again with what it discarded.
    /// </summary>
    public ClientSubmission? NextSubmission()
    {
        if (resends.TryDequeue(out var again))
        {
            return again;
        }

        if (HasChangeInFlight)
        {
            return null;
        }

        if (outbox.Count == 0)
        {
            return null;
        }

        var first = outbox[0];
        first.Sent = true;
        first.Submitted = new ClientSubmission(first.ChangeId, Revision, first.Ops[0]);
        unanswered.Add(first.Submitted);
        return first.Submitted;
    }

    /// <summary>A <c>Changed</c> message: applied strictly in revision order. Returns what this made impossible to apply.</summary>
    public IReadOnlyList<DiscardedEdit> ReceiveChanged(int revision, string? changeId, IReadOnlyList<EditOp> ops)
    {
        ArgumentNullException.ThrowIfNull(ops);
        var reports = new List<DiscardedEdit>();
        if (revision > Revision)
        {
            pending.TryAdd(revision, (changeId, ops));
        }

        while (pending.Remove(Revision + 1, out var next))
        {
            Process(Revision + 1, next.ChangeId, next.Ops, reports);
        }

        return Report(reports);
    }

    /// <summary>
    /// The acknowledgement of a submission (status applied or duplicate). It counts as the <c>Changed</c> of that
    /// revision; its discarded texts are reported unless this client has already reported them.
    /// </summary>
    public IReadOnlyList<DiscardedEdit> ReceiveAcknowledgement(
        string changeId, int revision, IReadOnlyList<EditOp> ops, IReadOnlyList<DiscardedEdit> discarded)
    {
        ArgumentNullException.ThrowIfNull(discarded);
        unanswered.RemoveAll(s => s.ChangeId == changeId);
        var reports = new List<DiscardedEdit>();
        if (reportedByChange.Remove(changeId, out var already))
        {
            reports.AddRange(Unreported(discarded, already));
        }
        else
        {
            serverDiscards[changeId] = [.. discarded];
        }

        Report(reports);
        return [.. reports, .. ReceiveChanged(revision, changeId, ops)];
    }

    /// <summary>The submission in flight was refused: it is dropped, its text reported, and the local document rebuilt.</summary>
    public IReadOnlyList<DiscardedEdit> ReceiveRefusal(string changeId)
    {
        var reports = new List<DiscardedEdit>();
        if (HasChangeInFlight && outbox[0].ChangeId == changeId)
        {
            var entry = outbox[0];
            outbox.RemoveAt(0);
            unanswered.RemoveAll(s => s.ChangeId == changeId);
            foreach (var op in entry.Ops)
            {
                AddReport(reports, entry, op, DiscardedEdit.Refused);
            }

            Rebuild(reports);
        }

        return Report(reports);
    }

    /// <summary>
    /// The connection was lost and made again. After catching up (feed the missed revisions to
    /// <see cref="ReceiveChanged"/>), <see cref="NextSubmission"/> sends again every submission whose answer never
    /// came: the one in flight, and any acknowledged only by its <c>Changed</c> (whose discarded texts were lost).
    /// </summary>
    public void Reconnected()
    {
        resends.Clear();
        foreach (var submission in unanswered)
        {
            resends.Enqueue(submission);
        }
    }

    /// <summary>For tests: null when the local document equals the confirmed one with the outbox replayed on top, else what differs.</summary>
    internal string? Inconsistency()
    {
        var replay = Confirmed.Clone();
        try
        {
            foreach (var entry in outbox)
            {
                replay.ApplyAll(entry.Ops);
            }
        }
        catch (EditRefusedException e)
        {
            return $"the outbox does not apply to the confirmed document: {e.Message}";
        }

        return replay.ContentEquals(local) ? null : $"local {local}{Environment.NewLine}  replay {replay}";
    }

    /// <summary>For tests: the local operation the queued change <paramref name="changeId"/> began as.</summary>
    internal EditOp? OriginOf(string changeId) => outbox.FirstOrDefault(e => e.ChangeId == changeId)?.Origin;

    private static string NewChangeId() => "c-" + RandomNumberGenerator.GetHexString(16, lowercase: true);

    private static List<DiscardedEdit> Unreported(IEnumerable<DiscardedEdit> candidates, List<DiscardedEdit> already)
    {
        var remaining = new List<DiscardedEdit>(already);
        var result = new List<DiscardedEdit>();
        foreach (var candidate in candidates)
        {
            if (!remaining.Remove(candidate))
            {
                result.Add(candidate);
            }
        }

        return result;
    }

    private static bool SameOps(List<EditOp> mine, IReadOnlyList<EditOp> applied) =>
        mine.Count == applied.Count && mine.Zip(applied).All(pair => Unapplied(pair.First) == Unapplied(pair.Second));

    private static EditOp Unapplied(EditOp op) => op switch
    {
        DeleteBlock delete => new DeleteBlock(delete.Block),
        MoveBlock move => move with { From = null },
        RestyleBlock restyle => restyle with { WasKind = null, WasLevel = null },
        JoinBlocks join => new JoinBlocks(join.Block, join.Next),
        _ => op,
    };

    private List<DiscardedEdit> Report(List<DiscardedEdit> reports)
    {
        allDiscarded.AddRange(reports);
        return reports;
    }

    private static void AddReport(List<DiscardedEdit> reports, OutboxEntry entry, EditOp op, string reason)
    {
        var text = op switch
        {
            TextEdit edit => edit.Operation.InsertedText(),
            InsertBlock insert => insert.Text,
            _ => string.Empty,
        };
        if (text.Length > 0)
        {
            var report = new DiscardedEdit(op.Block, reason, text);
            reports.Add(report);
            entry.Reported.Add(report);
        }
    }

    private void Process(int revision, string? changeId, IReadOnlyList<EditOp> ops, List<DiscardedEdit> reports)
    {
        var before = Confirmed.Clone();
        Confirmed.ApplyAll(ops);
        Revision = revision;
        if (HasChangeInFlight && outbox[0].ChangeId == changeId)
        {
            var entry = outbox[0];
            outbox.RemoveAt(0);
            if (serverDiscards.Remove(entry.ChangeId, out var fromServer))
            {
                reports.AddRange(Unreported(fromServer, entry.Reported));
            }
            else
            {
                reportedByChange[entry.ChangeId] = entry.Reported; // until the acknowledgement tells what the server discarded
            }

            if (!SameOps(entry.Ops, ops))
            {
                Rebuild(reports);
            }

            return;
        }

        // Someone else's change: carry the outbox over it (and it over the outbox) with the server's own rules, so
        // that every entry stays an operation on the confirmed document plus the entries before it.
        var textMode = InTextMode;
        var remote = ops.ToList();
        var replay = before;
        foreach (var entry in outbox)
        {
            var dropped = new List<DiscardedEdit>();
            var entryOps = entry.Ops.ToList();
            (var transformed, remote) = new BlockTransformer(TransformRules.Standard, dropped).ListsAt(replay, entryOps, remote);
            replay.ApplyAll(entryOps);
            entry.Ops.Clear();
            entry.Ops.AddRange(transformed.Select(Unapplied));
            foreach (var report in dropped)
            {
                reports.Add(report);
                entry.Reported.Add(report);
            }
        }

        if (textMode)
        {
            // Text edits and the remote change commute (TP1): apply the transformed change to what the user sees.
            foreach (var op in remote)
            {
                local.Apply(op);
            }
        }
        else
        {
            ReplayOutbox(reports);
        }

        // Unsent entries carry one operation each: cut those that became two, drop those that became none.
        for (var i = outbox.Count - 1; i >= 0; i--)
        {
            var entry = outbox[i];
            if (entry.Sent)
            {
                continue;
            }

            if (entry.Ops.Count == 0)
            {
                outbox.RemoveAt(i);
            }
            else if (entry.Ops.Count > 1)
            {
                var rest = entry.Ops.Skip(1).Select(op => new OutboxEntry(newChangeId(), [op], [null]) { Origin = entry.Origin }).ToList();
                entry.Ops.RemoveRange(1, entry.Ops.Count - 1);
                outbox.InsertRange(i + 1, rest);
            }
        }

        RecomputeBaseTexts();
    }

    private void RecomputeBaseTexts()
    {
        var replay = Confirmed.Clone();
        foreach (var entry in outbox)
        {
            entry.BaseTexts.Clear();
            foreach (var op in entry.Ops)
            {
                entry.BaseTexts.Add(replay.Find(op.Block)?.Text);
                replay.Apply(op);
            }
        }
    }

    /// <summary>local = confirmed with every outbox entry applied again; an operation that no longer fits is dropped and reported.</summary>
    private void ReplayOutbox(List<DiscardedEdit> reports)
    {
        local = Confirmed.Clone();
        foreach (var entry in outbox)
        {
            for (var i = 0; i < entry.Ops.Count; i++)
            {
                try
                {
                    local.Apply(entry.Ops[i]);
                }
                catch (EditRefusedException)
                {
                    AddReport(reports, entry, entry.Ops[i], DiscardedEdit.Refused);
                    entry.Ops.RemoveAt(i);
                    entry.BaseTexts.RemoveAt(i--);
                }
            }
        }
    }

    /// <summary>
    /// After a refusal, or an acknowledgement that differs from what this client expected: local = confirmed, then every
    /// outbox entry again, text edits carried over what changed in their block since they were made (found by diffing),
    /// other operations as they are when they still fit. What cannot be applied is dropped and reported.
    /// </summary>
    private void Rebuild(List<DiscardedEdit> reports)
    {
        local = Confirmed.Clone();
        for (var e = 0; e < outbox.Count; e++)
        {
            var entry = outbox[e];
            var ops = new List<EditOp>();
            var bases = new List<string?>();
            for (var i = 0; i < entry.Ops.Count; i++)
            {
                var op = entry.Ops[i];
                var current = local.Find(op.Block)?.Text;
                var baseText = i < entry.BaseTexts.Count ? entry.BaseTexts[i] : null;
                try
                {
                    EditOp rebased = op switch
                    {
                        TextEdit text when current is not null && baseText is not null =>
                            text with
                            {
                                Operation = TextOperation.Transform(
                                    text.Operation, TextDiff.Between(baseText, current), TieBreak.BFirst).A,
                            },
                        _ => op,
                    };
                    if (rebased is TextEdit { Operation.IsIdentity: true })
                    {
                        continue;
                    }

                    local.Apply(rebased);
                    ops.Add(rebased);
                    bases.Add(current);
                }
                catch (Exception ex) when (ex is EditRefusedException or DomainException)
                {
                    AddReport(reports, entry, op, current is null ? DiscardedEdit.Deleted : DiscardedEdit.Refused);
                }
            }

            entry.Ops.Clear();
            entry.Ops.AddRange(ops);
            entry.BaseTexts.Clear();
            entry.BaseTexts.AddRange(bases);
            if (!entry.Sent && ops.Count == 0)
            {
                outbox.RemoveAt(e--);
            }
        }
    }

    /// <summary>A queued local change: its operations (one until it is sent) and each one's block text before it.</summary>
    private sealed class OutboxEntry(string changeId, List<EditOp> ops, List<string?> baseTexts)
    {
        public string ChangeId { get; } = changeId;

        public List<EditOp> Ops { get; } = ops;

        /// <summary>For each operation, the text of its block it was made against (null when the block did not exist).</summary>
        public List<string?> BaseTexts { get; } = baseTexts;

        public bool Sent { get; set; }

        /// <summary>The local operation this entry began as (for tests that check intentions).</summary>
        public EditOp? Origin { get; init; }

        public ClientSubmission? Submitted { get; set; }

        /// <summary>What was reported to the user as not applied from this change.</summary>
        public List<DiscardedEdit> Reported { get; } = [];
    }
}

/// <summary>A read-only view of an outbox entry.</summary>
public sealed record OutboxView(string ChangeId, IReadOnlyList<EditOp> Ops, bool Sent);

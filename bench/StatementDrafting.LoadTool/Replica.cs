using System.Globalization;

namespace StatementDrafting.LoadTool;

/// <summary>
/// What a client sends for one change: the operation and the revision it was made against, taken together at the
/// moment the change is put in flight. The entry's own operation keeps being transformed over remote changes after
/// that moment (so that the acknowledgement can be recognised), so it must not be read again for the submission.
/// </summary>
internal sealed record Submission(OutboxEntry Entry, int BaseRevision, TextOp Op);

/// <summary>One change of a typist: its operation relative to the entries before it (the first one: to the confirmed text).</summary>
internal sealed class OutboxEntry(string changeId, string block, TextOp op, List<string> markers)
{
    public string ChangeId { get; } = changeId;

    public string Block { get; } = block;

    public TextOp Op { get; set; } = op;

    public List<string> Markers { get; } = markers;

    public bool Sent { get; set; }

    /// <summary>When the submission was handed to the connection (the bench's clock).</summary>
    public long SentAt { get; set; }
}

/// <summary>
/// The OT state of one client of one statement (docs/protocol.md), without transport and without threads: a confirmed
/// replica (the server's log applied strictly in revision order), an outbox of the typist's own changes (only the first
/// one in flight), and the local text the typist sees (confirmed + outbox). Remote text changes are transformed over the
/// outbox before they reach the local text (remote first at ties, as the server orders them). A watcher is the same
/// state with an empty outbox. The caller serialises every call (<see cref="DraftClient"/> holds its lock); what is to
/// be sent comes out of <see cref="TakeSubmission"/>, which may be called later, after other changes were received.
/// </summary>
internal sealed class Replica(int index, bool typist, Random random)
{
    private readonly List<OutboxEntry> _outbox = [];
    private readonly Dictionary<int, Incoming> _pending = [];
    private Document? _local;
    private Submission? _ready;
    private int _changeSeq;
    private int _markerSeq;

    public int Index { get; } = index;

    public bool IsTypist { get; } = typist;

    /// <summary>The last revision applied to the confirmed replica; -1 before the snapshot of <c>Join</c>.</summary>
    public int Revision { get; private set; } = -1;

    public Document? Confirmed { get; private set; }

    /// <summary>What the typist sees (a watcher: the confirmed replica).</summary>
    public Document? Local => _local ?? Confirmed;

    public int OutboxCount => _outbox.Count;

    public string? Failure { get; private set; }

    /// <summary>A change was put in flight and waits for <see cref="TakeSubmission"/>.</summary>
    public bool HasSubmission => _ready is not null;

    /// <summary>A later revision is waiting for an earlier one that has not arrived.</summary>
    public bool HasGap => Confirmed is not null && _pending.Count > 0;

    /// <summary>Called when one of this typist's changes comes back applied (its markers are in the server's text).</summary>
    public Action<OutboxEntry>? Acknowledged { get; set; }

    /// <summary>Called when the server applied something else than this client believed and the outbox was rebased.</summary>
    public Action? Rebuilt { get; set; }

    /// <summary>Called when the client's own state went wrong (the client stops sending).</summary>
    public Action<string>? Failed { get; set; }

    public void Join(Document snapshot, int revision)
    {
        Confirmed = snapshot.Clone();
        _local = IsTypist ? snapshot.Clone() : null;
        Revision = revision;
        foreach (var stale in _pending.Keys.Where(r => r <= Revision).ToList())
        {
            _pending.Remove(stale);
        }

        Drain();
    }

    /// <summary>Stops sending (the connection is gone, or something failed outside this state).</summary>
    public void Stop(string why) => Failure ??= why;

    /// <summary>
    /// Types one marker at a word boundary of <paramref name="block"/> in the local text, as a user would between two
    /// words; returns the marker, or null when nothing can be typed.
    /// </summary>
    public string? Type(string block)
    {
        if (_local is null || Failure is not null || !_local.Has(block))
        {
            return null;
        }

        var text = _local.TextOf(block);
        var offset = random.Next(text.Length + 1);
        while (offset > 0 && offset < text.Length && text[offset - 1] != ' ')
        {
            offset++;
        }

        if (offset > 0 && text[offset - 1] != ' ')
        {
            offset = text.Length;
        }

        var marker = string.Create(CultureInfo.InvariantCulture, $"⟦c{Index:000}-{++_markerSeq:000000}⟧ ");
        var op = TextOp.InsertAt(text.Length, offset, marker);
        _local.Apply(block, op);
        var last = _outbox.Count > 0 ? _outbox[^1] : null;
        if (last is { Sent: false } && last.Block == block)
        {
            last.Op = TextOp.Compose(last.Op, op);
            last.Markers.Add(marker);
        }
        else
        {
            _outbox.Add(new OutboxEntry(string.Create(CultureInfo.InvariantCulture, $"lt-{Index:000}-{++_changeSeq:000000}"), block, op, [marker]));
        }

        SendNext();
        return marker;
    }

    /// <summary>
    /// One revision as received: a <c>Changed</c>, a change of a <c>CatchUp</c>, or this client's own acknowledgement
    /// (its revision and ops as applied). Kept until every earlier revision is applied; a revision seen before is ignored.
    /// </summary>
    public void Receive(int revision, string? changeId, IReadOnlyList<EditOp> ops)
    {
        if (Confirmed is not null && revision <= Revision)
        {
            return;
        }

        _pending.TryAdd(revision, new Incoming(changeId, ops));
        Drain();
    }

    /// <summary>The change to send now, if one was put in flight since the last call; null otherwise.</summary>
    public Submission? TakeSubmission()
    {
        var ready = _ready;
        _ready = null;
        return ready;
    }

    /// <summary>
    /// The server refused <paramref name="entry"/> (it stored nothing): drops it and carries what was typed after it
    /// over its removal. False if the entry was not the one in flight.
    /// </summary>
    public bool Refused(OutboxEntry entry)
    {
        if (_outbox.Count == 0 || _outbox[0] != entry)
        {
            return false;
        }

        _outbox.RemoveAt(0);

        // The entry is relative to the confirmed text; its inverse takes its result back to it, removing exactly what
        // it inserted, so that what was typed after it stays where it was typed.
        var undo = Confirmed!.Has(entry.Block) ? entry.Op.Invert(Confirmed.TextOf(entry.Block)) : null;
        Rebase(entry.Block, undo);
        SendNext();
        return true;
    }

    // Applies every change that is next in revision order.
    private void Drain()
    {
        if (Confirmed is null)
        {
            return;
        }

        while (_pending.Remove(Revision + 1, out var incoming))
        {
            Revision++;
            Integrate(incoming);
        }

        SendNext();
    }

    // One change, the next in revision order.
    private void Integrate(Incoming incoming)
    {
        var head = _outbox.Count > 0 && _outbox[0].Sent ? _outbox[0] : null;
        if (head is not null && incoming.ChangeId == head.ChangeId)
        {
            _outbox.RemoveAt(0);
            var before = Confirmed!.Has(head.Block) ? Confirmed.TextOf(head.Block) : null;
            foreach (var op in incoming.Ops)
            {
                Confirmed.Apply(op);
            }

            Acknowledged?.Invoke(head);
            var same = incoming.Ops is [{ Text: { } applied } only] && only.Block == head.Block && applied.SameAs(head.Op);
            if (!same)
            {
                // The server applied something else than this client believed: carry what is left over the difference
                // (what the client believed undone, then what the server did to the block).
                Rebuilt?.Invoke();
                var actual = before is null
                    ? null
                    : incoming.Ops.Where(o => o.Block == head.Block).Aggregate(head.Op.Invert(before), (done, o) => TextOp.Compose(done, o.Text!));
                Rebase(head.Block, actual);
            }

            return;
        }

        foreach (var op in incoming.Ops)
        {
            Confirmed!.Apply(op);
            var remote = op.Text!;
            foreach (var entry in _outbox.Where(e => e.Block == op.Block))
            {
                (remote, entry.Op) = TextOp.Transform(remote, entry.Op);
            }

            _local?.Apply(op.Block, remote);
        }
    }

    // The outbox entries on block were made on a text that "change" turns into the confirmed one.
    private void Rebase(string block, TextOp? change)
    {
        if (change is not null && Confirmed!.Has(block))
        {
            foreach (var entry in _outbox.Where(e => e.Block == block))
            {
                (change, entry.Op) = TextOp.Transform(change, entry.Op);
            }
        }

        _local = IsTypist ? Confirmed!.Clone() : null;
        foreach (var entry in _outbox.ToList())
        {
            if (_local is not null && _local.Has(entry.Block) && _local.TextOf(entry.Block).Length == entry.Op.BaseLength)
            {
                _local.Apply(entry.Block, entry.Op);
            }
            else
            {
                _outbox.Remove(entry);
                Fail($"could not re-apply {entry.ChangeId} after a rebuild");
            }
        }
    }

    // Puts the first entry in flight if nothing is: its operation and base revision are taken now, together.
    private void SendNext()
    {
        if (_outbox.Count == 0 || _outbox[0].Sent || _ready is not null || Failure is not null)
        {
            return;
        }

        var entry = _outbox[0];
        entry.Sent = true;
        _ready = new Submission(entry, Revision, entry.Op);
    }

    private void Fail(string why)
    {
        Failure ??= why;
        Failed?.Invoke(why);
    }

    private sealed record Incoming(string? ChangeId, IReadOnlyList<EditOp> Ops);
}

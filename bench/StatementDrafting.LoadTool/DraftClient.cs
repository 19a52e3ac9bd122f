using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace StatementDrafting.LoadTool;

/// <summary>
/// One connected client of one statement, speaking docs/protocol.md: a confirmed replica (the server's log applied in
/// revision order), an outbox of the typist's own changes (only the first one in flight), and the local text the
/// typist sees (confirmed + outbox). Remote text changes are transformed over the outbox before they reach the local
/// text. A watcher is the same client with an empty outbox.
/// </summary>
internal sealed class DraftClient : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Lock _gate = new();
    private readonly BenchClock _bench;
    private readonly List<Entry> _outbox = [];
    private readonly Dictionary<int, Incoming> _pending = [];
    private readonly Random _random;
    private Document? _confirmed;
    private Document? _local;
    private Entry? _ready;
    private bool _catchUpScheduled;
    private int _changeSeq;
    private int _markerSeq;
    private int _echoSeq;
    private string _lastMarker = "⟦c000-000000⟧ ";
    private int _lastChangedLength;

    public DraftClient(int index, string name, string token, int statementId, bool typist, Uri server, BenchClock bench)
    {
        Index = index;
        IsTypist = typist;
        Name = name;
        StatementId = statementId;
        _bench = bench;
        _random = new Random(1000 + index);
        Connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "hubs/drafting"), HttpTransportType.WebSockets, o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        Connection.On<JsonElement>("Changed", OnChanged);
        Connection.On<JsonElement>("Echoed", OnEchoed);
        Connection.Closed += e =>
        {
            Failure ??= $"connection closed: {e?.Message ?? "by the server"}";
            return Task.CompletedTask;
        };
    }

    public int Index { get; }

    public string Name { get; }

    public int StatementId { get; }

    /// <summary>A typist keeps a local text apart from the confirmed one; a watcher's is the confirmed one.</summary>
    public bool IsTypist { get; }

    public HubConnection Connection { get; }

    /// <summary>The paragraph this client types into, or null for a watcher.</summary>
    public string? Block { get; set; }

    public bool CanEdit { get; private set; }

    public string? Failure { get; private set; }

    /// <summary>Submission → arrival of other typists' changes (ms), for changes sent in the measured window.</summary>
    public List<double> ChangeLatencies { get; } = new(16_384);

    /// <summary>Echo → arrival of other typists' echoes (ms), in the measured window.</summary>
    public List<double> EchoLatencies { get; } = new(16_384);

    /// <summary>Echo invocation → its completion (ms): the server's handling of the invocation, before the broadcast.</summary>
    public List<double> EchoAckLatencies { get; } = new(1_024);

    /// <summary>Submission → acknowledgement of this typist's own changes (ms).</summary>
    public List<double> AckLatencies { get; } = new(1_024);

    public int Revision { get; private set; } = -1;

    public Document? Joined { get; private set; }

    public async Task ConnectAsync(CancellationToken ct)
    {
        await Connection.StartAsync(ct);
        var snapshot = await Connection.InvokeAsync<JsonElement>("Join", StatementId, ct);
        lock (_gate)
        {
            _confirmed = Document.FromJson(snapshot.GetProperty("blocks"));
            _local = IsTypist ? _confirmed.Clone() : null;
            Joined = _confirmed.Clone();
            Revision = snapshot.GetProperty("revision").GetInt32();
            CanEdit = snapshot.GetProperty("canEdit").GetBoolean();
            foreach (var stale in _pending.Keys.Where(r => r <= Revision).ToList())
            {
                _pending.Remove(stale);
            }

            Drain();
        }
    }

    /// <summary>Types one marker at a word boundary of this client's paragraph, as a user would between two words.</summary>
    public void Type()
    {
        lock (_gate)
        {
            if (_local is null || Block is null || Failure is not null)
            {
                return;
            }

            var text = _local.TextOf(Block);
            var offset = _random.Next(text.Length + 1);
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
            _local.Apply(Block, op);
            _lastMarker = marker;
            var last = _outbox.Count > 0 ? _outbox[^1] : null;
            if (last is { Sent: false } && last.Block == Block)
            {
                last.Op = TextOp.Compose(last.Op, op);
                last.Markers.Add(marker);
            }
            else
            {
                _outbox.Add(new Entry(string.Create(CultureInfo.InvariantCulture, $"lt-{Index:000}-{++_changeSeq:000000}"), Block, op, [marker]));
            }

            SendNext();
        }

        Flush();
    }

    /// <summary>Sends a bare broadcast of about the size of this typist's last change, to the same group.</summary>
    public async Task EchoAsync()
    {
        if (Failure is not null)
        {
            return;
        }

        string payload;
        string id;
        lock (_gate)
        {
            id = string.Create(CultureInfo.InvariantCulture, $"e{Index:000}-{++_echoSeq:000000}");
            var bare = $"{id}|{_lastMarker}";
            var envelope = JsonSerializer.Serialize(new { statementId = StatementId, payload = bare }, Json).Length;
            payload = bare + new string('.', Math.Max(0, _lastChangedLength - envelope));
        }

        var at = BenchClock.Now;
        _bench.Echoes[id] = new Sent(Index, StatementId, at);
        try
        {
            await Connection.InvokeAsync("Echo", StatementId, payload);
            var done = BenchClock.Now;
            _bench.CountEcho(at);
            if (_bench.InWindow(at))
            {
                lock (_gate)
                {
                    EchoAckLatencies.Add(BenchClock.Milliseconds(at, done));
                }
            }
        }
        catch (Exception e) when (e is HubException or InvalidOperationException or IOException)
        {
            _bench.CountEchoFailure($"{Name} Echo: {e.Message}");
        }
    }

    /// <summary>Nothing typed is waiting or in flight.</summary>
    public bool Settled
    {
        get
        {
            lock (_gate)
            {
                return _outbox.Count == 0;
            }
        }
    }

    /// <summary>The confirmed replica, the local text and the number of unacknowledged entries, at one instant.</summary>
    public (int Revision, Document? Confirmed, Document? Local, int Outbox) State()
    {
        lock (_gate)
        {
            return (Revision, _confirmed?.Clone(), (_local ?? _confirmed)?.Clone(), _outbox.Count);
        }
    }

    /// <summary>Asks for the changes after this replica's revision (used when a revision is missing).</summary>
    public async Task CatchUpAsync()
    {
        int from;
        lock (_gate)
        {
            from = Revision;
        }

        _bench.CountCatchUp();
        while (true)
        {
            var result = await Connection.InvokeAsync<JsonElement>("CatchUp", StatementId, from);
            var changes = result.GetProperty("changes");
            var last = from;
            foreach (var change in changes.EnumerateArray())
            {
                var revision = change.GetProperty("revision").GetInt32();
                var incoming = new Incoming(ChangeIdOf(change), EditOp.ParseList(change.GetProperty("ops")));
                lock (_gate)
                {
                    Enqueue(revision, incoming);
                }

                last = revision;
            }

            Flush();
            if (last >= result.GetProperty("revision").GetInt32() || changes.GetArrayLength() == 0)
            {
                return;
            }

            from = last;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Connection.StopAsync();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException)
        {
            // Already gone.
        }

        await Connection.DisposeAsync();
    }

    private void OnChanged(JsonElement message)
    {
        var now = BenchClock.Now;
        try
        {
            if (message.GetProperty("statementId").GetInt32() != StatementId)
            {
                return;
            }

            var revision = message.GetProperty("revision").GetInt32();
            var changeId = ChangeIdOf(message);
            var ops = EditOp.ParseList(message.GetProperty("ops"));
            lock (_gate)
            {
                if (changeId is not null && _bench.Changes.TryGetValue(changeId, out var sent) && sent.Sender != Index && _bench.InWindow(sent.At))
                {
                    ChangeLatencies.Add(BenchClock.Milliseconds(sent.At, now));
                }

                Enqueue(revision, new Incoming(changeId, ops));
            }

            Flush();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or KeyNotFoundException)
        {
            Fail($"Changed: {e.Message}");
        }
    }

    private void OnEchoed(JsonElement message)
    {
        var now = BenchClock.Now;
        var payload = message.GetProperty("payload").GetString() ?? string.Empty;
        var bar = payload.IndexOf('|', StringComparison.Ordinal);
        if (bar > 0 && _bench.Echoes.TryGetValue(payload[..bar], out var sent) && sent.Sender != Index && _bench.InWindow(sent.At))
        {
            lock (_gate)
            {
                EchoLatencies.Add(BenchClock.Milliseconds(sent.At, now));
            }
        }
    }

    private static string? ChangeIdOf(JsonElement change) =>
        change.TryGetProperty("changeId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

    // Under the lock.
    private void Enqueue(int revision, Incoming incoming)
    {
        if (Revision < 0)
        {
            _pending.TryAdd(revision, incoming);
            return;
        }

        if (revision <= Revision)
        {
            return;
        }

        _pending.TryAdd(revision, incoming);
        Drain();
    }

    // Under the lock: applies every change that is next in revision order.
    private void Drain()
    {
        if (_confirmed is null)
        {
            return;
        }

        while (_pending.Remove(Revision + 1, out var incoming))
        {
            Revision++;
            Integrate(incoming);
        }

        if (_pending.Count > 0 && !_catchUpScheduled)
        {
            _catchUpScheduled = true;
            _ = CatchUpIfStillMissingAsync();
        }

        SendNext();
    }

    // Under the lock: one change, the next in revision order.
    private void Integrate(Incoming incoming)
    {
        var head = _outbox.Count > 0 && _outbox[0].Sent ? _outbox[0] : null;
        if (head is not null && incoming.ChangeId == head.ChangeId)
        {
            _outbox.RemoveAt(0);
            var before = _confirmed!.Has(head.Block) ? _confirmed.TextOf(head.Block) : null;
            foreach (var op in incoming.Ops)
            {
                _confirmed.Apply(op);
            }

            foreach (var marker in head.Markers)
            {
                _bench.AckedMarkers[marker] = StatementId;
            }

            _bench.CountAck(head.SentAt);
            var same = incoming.Ops is [{ Text: { } applied } only] && only.Block == head.Block && applied.SameAs(head.Op);
            if (!same)
            {
                // The server applied something else than this client believed: rebase what is left on what it did.
                _bench.CountRebuild();
                var believed = before is null ? null : head.Op.Apply(before);
                Rebase(head.Block, believed);
            }

            return;
        }

        foreach (var op in incoming.Ops)
        {
            _confirmed!.Apply(op);
            var remote = op.Text!;
            foreach (var entry in _outbox.Where(e => e.Block == op.Block))
            {
                (remote, entry.Op) = TextOp.Transform(remote, entry.Op);
            }

            _local?.Apply(op.Block, remote);
        }
    }

    // Under the lock: the outbox entries on block were made on "believed"; the confirmed text is what it really is.
    private void Rebase(string block, string? believed)
    {
        if (believed is not null && _confirmed!.Has(block))
        {
            var diff = TextOp.Diff(believed, _confirmed.TextOf(block));
            foreach (var entry in _outbox.Where(e => e.Block == block))
            {
                (diff, entry.Op) = TextOp.Transform(diff, entry.Op);
            }
        }

        _local = _confirmed!.Clone();
        foreach (var entry in _outbox.ToList())
        {
            if (_local.Has(entry.Block) && _local.TextOf(entry.Block).Length == entry.Op.BaseLength)
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

    // Under the lock: marks the first entry to be sent by Flush, if nothing is in flight.
    private void SendNext()
    {
        if (_outbox.Count == 0 || _outbox[0].Sent || _ready is not null || Failure is not null)
        {
            return;
        }

        var entry = _outbox[0];
        entry.Sent = true;
        entry.BaseRevision = Revision;
        _ready = entry;
    }

    // Outside the lock: sends what SendNext marked; the send time is taken just before the invocation.
    private void Flush()
    {
        Entry? entry;
        object payload;
        lock (_gate)
        {
            entry = _ready;
            _ready = null;
            if (entry is null)
            {
                return;
            }

            var op = new { type = "text", block = entry.Block, ops = entry.Op.ToCompact() };
            payload = new { statementId = StatementId, changeId = entry.ChangeId, baseRevision = entry.BaseRevision, op };

            // The size of the Changed message this change will make, so that the echoes carry as much.
            _lastChangedLength = JsonSerializer.Serialize(
                new { statementId = StatementId, revision = entry.BaseRevision + 1, changeId = entry.ChangeId, ops = new[] { op } },
                Json).Length;
            entry.SentAt = BenchClock.Now;
            _bench.Changes[entry.ChangeId] = new Sent(Index, StatementId, entry.SentAt);
            foreach (var marker in entry.Markers)
            {
                _bench.MarkerChanges[marker] = entry.ChangeId;
            }
        }

        _ = SubmitAsync(entry, payload);
    }

    private async Task SubmitAsync(Entry entry, object payload)
    {
        try
        {
            var ack = await Connection.InvokeAsync<JsonElement>("Submit", payload);
            var now = BenchClock.Now;
            var revision = ack.GetProperty("revision").GetInt32();
            var ops = EditOp.ParseList(ack.GetProperty("ops"));
            lock (_gate)
            {
                if (_bench.InWindow(entry.SentAt))
                {
                    AckLatencies.Add(BenchClock.Milliseconds(entry.SentAt, now));
                }

                Enqueue(revision, new Incoming(entry.ChangeId, ops));
            }
        }
        catch (HubException e)
        {
            _bench.CountRefused($"{Name} Submit {entry.ChangeId}: {e.Message}");
            lock (_gate)
            {
                if (_outbox.Count > 0 && _outbox[0] == entry)
                {
                    // Refused: stored nowhere. Drop it, keep its markers aside, rebase what followed it.
                    _outbox.RemoveAt(0);
                    foreach (var marker in entry.Markers)
                    {
                        _bench.RefusedMarkers[marker] = e.Message;
                    }

                    var believed = _confirmed!.Has(entry.Block) ? entry.Op.Apply(_confirmed.TextOf(entry.Block)) : null;
                    Rebase(entry.Block, believed);
                    SendNext();
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or FormatException or KeyNotFoundException or OperationCanceledException)
        {
            Fail($"Submit {entry.ChangeId}: {e.Message}");
        }

        Flush();
    }

    private async Task CatchUpIfStillMissingAsync()
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        lock (_gate)
        {
            _catchUpScheduled = false;
            if (_pending.Count == 0 || _pending.ContainsKey(Revision + 1))
            {
                return;
            }
        }

        try
        {
            await CatchUpAsync();
        }
        catch (Exception e) when (e is HubException or InvalidOperationException or IOException)
        {
            Fail($"CatchUp: {e.Message}");
        }
    }

    private void Fail(string why)
    {
        Failure ??= why;
        _bench.CountError($"{Name}: {why}");
    }

    private sealed record Incoming(string? ChangeId, IReadOnlyList<EditOp> Ops);

    /// <summary>One change of this typist: its ops relative to the previous entries (the first one: to the confirmed text).</summary>
    private sealed class Entry(string changeId, string block, TextOp op, List<string> markers)
    {
        public string ChangeId { get; } = changeId;

        public string Block { get; } = block;

        public TextOp Op { get; set; } = op;

        public List<string> Markers { get; } = markers;

        public bool Sent { get; set; }

        public int BaseRevision { get; set; }

        public long SentAt { get; set; }
    }
}

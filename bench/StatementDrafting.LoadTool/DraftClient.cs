using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace StatementDrafting.LoadTool;

/// <summary>
/// One connected client of one statement, speaking docs/protocol.md over SignalR. Its OT state (confirmed replica,
/// outbox, local text) is a <see cref="Replica"/>, changed only under this client's lock; everything received goes
/// through it (<c>Changed</c>, acknowledgements, catch-ups), and what it puts in flight is sent outside the lock by
/// <see cref="Flush"/>, from whichever thread comes first. A watcher is the same client with an empty outbox.
/// </summary>
internal sealed class DraftClient : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Lock _gate = new();
    private readonly BenchClock _bench;
    private readonly Replica _replica;
    private bool _catchUpScheduled;
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
        _replica = new Replica(index, typist, new Random(1000 + index))
        {
            // Called under the lock.
            Acknowledged = entry =>
            {
                foreach (var marker in entry.Markers)
                {
                    _bench.AckedMarkers[marker] = StatementId;
                }

                _bench.CountAck(entry.SentAt);
            },
            Rebuilt = _bench.CountRebuild,
            Failed = why => _bench.CountError($"{Name}: {why}"),
        };
        Connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "hubs/drafting"), HttpTransportType.WebSockets, o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        Connection.On<JsonElement>("Changed", OnChanged);
        Connection.On<JsonElement>("Echoed", OnEchoed);
        Connection.Closed += e =>
        {
            lock (_gate)
            {
                _replica.Stop($"connection closed: {e?.Message ?? "by the server"}");
            }

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

    public string? Failure => _replica.Failure;

    /// <summary>Submission → arrival of other typists' changes (ms), for changes sent in the measured window.</summary>
    public List<double> ChangeLatencies { get; } = new(16_384);

    /// <summary>Echo → arrival of other typists' echoes (ms), in the measured window.</summary>
    public List<double> EchoLatencies { get; } = new(16_384);

    /// <summary>Echo invocation → its completion (ms): the server's handling of the invocation, before the broadcast.</summary>
    public List<double> EchoAckLatencies { get; } = new(1_024);

    /// <summary>Submission → acknowledgement of this typist's own changes (ms).</summary>
    public List<double> AckLatencies { get; } = new(1_024);

    public int Revision
    {
        get
        {
            lock (_gate)
            {
                return _replica.Revision;
            }
        }
    }

    public Document? Joined { get; private set; }

    public async Task ConnectAsync(CancellationToken ct)
    {
        await Connection.StartAsync(ct);
        var snapshot = await Connection.InvokeAsync<JsonElement>("Join", StatementId, ct);
        lock (_gate)
        {
            var blocks = Document.FromJson(snapshot.GetProperty("blocks"));
            Joined = blocks.Clone();
            CanEdit = snapshot.GetProperty("canEdit").GetBoolean();
            _replica.Join(blocks, snapshot.GetProperty("revision").GetInt32());
            CatchUpIfGap();
        }

        Flush();
    }

    /// <summary>Types one marker at a word boundary of this client's paragraph, as a user would between two words.</summary>
    public void Type()
    {
        lock (_gate)
        {
            if (Block is null || _replica.Type(Block) is not { } marker)
            {
                return;
            }

            _lastMarker = marker;
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
                return _replica.OutboxCount == 0;
            }
        }
    }

    /// <summary>The confirmed replica, the local text and the number of unacknowledged entries, at one instant.</summary>
    public (int Revision, Document? Confirmed, Document? Local, int Outbox) State()
    {
        lock (_gate)
        {
            return (_replica.Revision, _replica.Confirmed?.Clone(), _replica.Local?.Clone(), _replica.OutboxCount);
        }
    }

    /// <summary>
    /// Asks for the changes after this replica's revision: when a revision is missing (until the gap is filled), or
    /// to reach <paramref name="until"/>. One answer holds at most a few hundred changes and its <c>revision</c> is
    /// that of its last change, so the next page is asked from there. Each change goes through the replica as a
    /// <c>Changed</c> would, and whatever it puts in flight is sent at once.
    /// </summary>
    public async Task CatchUpAsync(int? until = null)
    {
        var from = Revision;
        _bench.CountCatchUp();
        while (true)
        {
            var result = await Connection.InvokeAsync<JsonElement>("CatchUp", StatementId, from);
            var changes = result.GetProperty("changes");
            foreach (var change in changes.EnumerateArray())
            {
                var revision = change.GetProperty("revision").GetInt32();
                var ops = EditOp.ParseList(change.GetProperty("ops"));
                lock (_gate)
                {
                    _replica.Receive(revision, ChangeIdOf(change), ops);
                }

                from = Math.Max(from, revision);
                Flush();
            }

            lock (_gate)
            {
                if (changes.GetArrayLength() == 0 || (!_replica.HasGap && _replica.Revision >= (until ?? 0)))
                {
                    CatchUpIfGap();
                    return;
                }
            }
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

                _replica.Receive(revision, changeId, ops);
                CatchUpIfGap();
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

    // Under the lock: a revision is missing; ask for it if it has not come within a second.
    private void CatchUpIfGap()
    {
        if (_replica.HasGap && !_catchUpScheduled)
        {
            _catchUpScheduled = true;
            _ = CatchUpIfStillMissingAsync();
        }
    }

    // Outside the lock: sends what the replica put in flight, as it was when it did (other changes may have been
    // received since, on other threads); the send time is taken just before the invocation.
    private void Flush()
    {
        Submission? submission;
        object payload;
        lock (_gate)
        {
            submission = _replica.TakeSubmission();
            if (submission is null)
            {
                return;
            }

            var entry = submission.Entry;
            var op = new { type = "text", block = entry.Block, ops = submission.Op.ToCompact() };
            payload = new { statementId = StatementId, changeId = entry.ChangeId, baseRevision = submission.BaseRevision, op };

            // The size of the Changed message this change will make, so that the echoes carry as much.
            _lastChangedLength = JsonSerializer.Serialize(
                new { statementId = StatementId, revision = submission.BaseRevision + 1, changeId = entry.ChangeId, ops = new[] { op } },
                Json).Length;
            entry.SentAt = BenchClock.Now;
            _bench.Changes[entry.ChangeId] = new Sent(Index, StatementId, entry.SentAt);
            foreach (var marker in entry.Markers)
            {
                _bench.MarkerChanges[marker] = entry.ChangeId;
            }
        }

        _ = SubmitAsync(submission, payload);
    }

    private async Task SubmitAsync(Submission submission, object payload)
    {
        var entry = submission.Entry;
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

                _replica.Receive(revision, entry.ChangeId, ops);
                CatchUpIfGap();
            }
        }
        catch (HubException e)
        {
            _bench.CountRefused(string.Create(CultureInfo.InvariantCulture, $"{Name} Submit {entry.ChangeId} (base revision {submission.BaseRevision}, {submission.Op.BaseLength} code units): {e.Message}"));
            lock (_gate)
            {
                // Refused: stored nowhere. The replica drops it and rebases what followed it; its markers are kept aside.
                if (_replica.Refused(entry))
                {
                    foreach (var marker in entry.Markers)
                    {
                        _bench.RefusedMarkers[marker] = e.Message;
                    }
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
            if (!_replica.HasGap)
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
        lock (_gate)
        {
            _replica.Stop(why);
        }

        _bench.CountError($"{Name}: {why}");
    }
}

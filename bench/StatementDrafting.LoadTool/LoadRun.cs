using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace StatementDrafting.LoadTool;

/// <summary>What one run does and against what.</summary>
/// <remarks>
/// With several servers (nodes of one deployment), clients alternate among them by their index: typists and watchers
/// alike, so each node has its share of both. <c>ServerPids</c> are the app processes whose CPU use is summed.
/// </remarks>
internal sealed record RunOptions(
    IReadOnlyList<Uri> Servers,
    string TokensPath,
    StoredDatabase? Database,
    IReadOnlyList<int>? Statements,
    TimeSpan Warmup,
    TimeSpan Measure,
    double ChangesPerSecond,
    int TypistsPerParagraph,
    IReadOnlyList<int> ServerPids,
    bool Typing,
    bool Echo,
    string Name,
    RedisOutage? Outage = null,
    bool TypistsByStatement = false)
{
    /// <summary>The server the client with this index talks to.</summary>
    public Uri ServerFor(int clientIndex) => Servers[clientIndex % Servers.Count];

    /// <summary>
    /// The server a typist of the n-th statement (from 1) talks to: alternating like everyone else, or, with
    /// <see cref="TypistsByStatement"/>, every typist of a statement on the same node (an experiment: no two nodes then
    /// sequence one statement at once).
    /// </summary>
    public Uri TypistServerFor(int clientIndex, int statementNumber) =>
        TypistsByStatement ? Servers[(statementNumber - 1) % Servers.Count] : ServerFor(clientIndex);
}

/// <summary>
/// A Redis outage during the run (bench/outage.sh): <see cref="After"/> into the measured window the tool runs
/// <see cref="StopCommand"/>, waits <see cref="For"/>, runs <see cref="StartCommand"/> (which returns once Redis
/// answers again), then times how long every client takes to reach the revisions stored at that moment.
/// </summary>
internal sealed record RedisOutage(TimeSpan After, TimeSpan For, string StopCommand, string StartCommand);

/// <summary>
/// One run of the propagation benchmark: connects every client, lets the typists type and echo for the warm-up and the
/// measured window, waits until everything typed is acknowledged and everyone is at the last revision, then compares
/// every client with a fresh Join and with the database.
/// </summary>
internal sealed class LoadRun(RunOptions options, TextWriter log)
{
    private readonly BenchClock _bench = new();
    private readonly List<string> _notes = [];
    private (double Server, double Tool, double Other) _cores;

    public async Task<RunResult> RunAsync(CancellationToken ct)
    {
        var people = People.ReadTokens(options.TokensPath);
        var statements = options.Statements ?? (options.Database is { } db ? DatabaseReader.CommonStatements(db) : throw new InvalidOperationException("Give --statements, --database or --postgres."));
        var clients = BuildClients(people, statements);
        Say($"{clients.Count} clients on statements {string.Join(',', statements)}; {clients.Count(IsTypist)} typists; servers {string.Join(' ', options.Servers)}");

        await ConnectAllAsync(clients, ct);
        var live = clients.Where(c => c.Failure is null).ToList();
        Say($"{live.Count}/{clients.Count} connected and joined");
        AssignParagraphs(clients);

        var typists = clients.Where(c => c.Block is not null && c.Failure is null).ToList();
        var start = BenchClock.Now;
        _bench.MeasureFrom = BenchClock.After(start, options.Warmup);
        _bench.MeasureUntil = BenchClock.After(start, options.Warmup + options.Measure);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var loops = typists.Where(_ => options.Typing).Select(t => TypeLoopAsync(t, stop.Token))
            .Concat(typists.Where(_ => options.Echo).Select(t => EchoLoopAsync(t, stop.Token)))
            .ToList();
        var cpu = MeasureCpuAsync(ct);
        var outage = options.Outage is { } planned ? OutageAsync(planned, clients, statements, ct) : Task.FromResult<double?>(null);
        await ReportProgressAsync(start, ct);
        _cores = await cpu;
        var converged = await outage;
        await stop.CancelAsync();
        await Task.WhenAll(loops);

        await WaitAsync("every typed change acknowledged", () => typists.TrueForAll(t => t.Settled || t.Failure is not null), TimeSpan.FromSeconds(30));
        var result = await VerifyAsync(clients, statements, people, ct) with { Outage = options.Outage is not null, OutageConvergedSeconds = converged };
        await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        return result;
    }

    private static bool IsTypist(DraftClient client) => client.IsTypist;

    private List<DraftClient> BuildClients(IReadOnlyList<Person> people, IReadOnlyList<int> statements)
    {
        var clients = new List<DraftClient>();
        foreach (var typist in people.Where(p => p.TypistCluster is not null).OrderBy(p => p.Email, StringComparer.Ordinal))
        {
            var cluster = typist.TypistCluster!.Value;
            if (cluster < 1 || cluster > statements.Count)
            {
                throw new InvalidOperationException($"{typist.Email} co-hosts cluster {cluster}, which has no statement here.");
            }

            clients.Add(new DraftClient(clients.Count, typist.Email, typist.Token, statements[cluster - 1], typist: true, options.TypistServerFor(clients.Count, cluster), _bench));
        }

        var w = 0;
        foreach (var watcher in people.Where(p => p.TypistCluster is null).OrderBy(p => p.Email, StringComparer.Ordinal))
        {
            clients.Add(new DraftClient(clients.Count, watcher.Email, watcher.Token, statements[w++ % statements.Count], typist: false, options.ServerFor(clients.Count), _bench));
        }

        return clients;
    }

    private async Task ConnectAllAsync(List<DraftClient> clients, CancellationToken ct)
    {
        using var gate = new SemaphoreSlim(16);
        await Task.WhenAll(clients.Select(async c =>
        {
            await gate.WaitAsync(ct);
            try
            {
                await c.ConnectAsync(ct);
            }
            catch (Exception e) when (e is HubException or HttpRequestException or IOException or InvalidOperationException or TimeoutException or System.Net.WebSockets.WebSocketException)
            {
                _bench.CountError($"{c.Name} connect/Join: {e.Message}");
                _notes.Add($"{c.Name} could not connect or join: {e.Message}");
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    // Typists of one statement share its paragraphs, TypistsPerParagraph to a paragraph.
    private void AssignParagraphs(List<DraftClient> clients)
    {
        foreach (var group in clients.Where(IsTypist).GroupBy(c => c.StatementId))
        {
            var k = 0;
            foreach (var typist in group.OrderBy(c => c.Index))
            {
                if (typist.Joined is null)
                {
                    continue;
                }

                if (!typist.CanEdit)
                {
                    _notes.Add($"{typist.Name} joined statement {typist.StatementId} with canEdit=false");
                }

                var paragraphs = typist.Joined.Blocks.Where(b => b.Kind == "numbered").ToList();
                if (paragraphs.Count == 0)
                {
                    paragraphs = [.. typist.Joined.Blocks];
                }

                typist.Block = paragraphs[k++ / options.TypistsPerParagraph % paragraphs.Count].Id;
            }
        }
    }

    private async Task TypeLoopAsync(DraftClient typist, CancellationToken ct)
    {
        var period = TimeSpan.FromSeconds(1 / options.ChangesPerSecond);
        try
        {
            await Task.Delay(Phase(period, typist.Index), ct);
            using var timer = new PeriodicTimer(period);
            do
            {
                typist.Type();
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    /// <summary>
    /// Where in the period a typist's ticks fall: people do not type in step, so the typists' phases are spread over
    /// the period (the golden ratio spreads any number of typists evenly, without knowing how many there are).
    /// </summary>
    internal static TimeSpan Phase(TimeSpan period, int index) =>
        TimeSpan.FromTicks((long)(period.Ticks * ((index * 0.6180339887498949) % 1.0)));

    private async Task EchoLoopAsync(DraftClient typist, CancellationToken ct)
    {
        var period = TimeSpan.FromSeconds(1 / options.ChangesPerSecond);
        try
        {
            // Half a period after the typing, so that echoes and changes interleave.
            await Task.Delay(Phase(period, typist.Index) + (period / 2), ct);
            using var timer = new PeriodicTimer(period);
            do
            {
                _ = typist.EchoAsync();
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    /// <summary>
    /// Stops Redis, starts it again, and returns the seconds from its return until every connected client was at the
    /// revision each statement had in the database at that moment (null, with a note, if that never came).
    /// </summary>
    private async Task<double?> OutageAsync(RedisOutage outage, List<DraftClient> clients, IReadOnlyList<int> statements, CancellationToken ct)
    {
        var database = options.Database ?? throw new InvalidOperationException("An outage needs --database or --postgres, to know what was stored.");
        await Task.Delay(options.Warmup + outage.After, ct);
        Say("stopping Redis");
        await ShellAsync(outage.StopCommand, ct);
        await Task.Delay(outage.For, ct);
        await ShellAsync(outage.StartCommand, ct);
        var back = BenchClock.Now;
        var stored = statements.ToDictionary(id => id, id => DatabaseReader.StoredRevision(database, id));
        Say($"Redis is back; stored revisions {string.Join(' ', stored.Select(s => $"s{s.Key}@{s.Value}"))}");
        bool Converged() => clients.TrueForAll(c => c.Failure is not null || c.Revision >= stored[c.StatementId]);
        if (!await WaitAsync("every client at the revisions stored when Redis returned", Converged, TimeSpan.FromSeconds(60)))
        {
            return null;
        }

        var seconds = BenchClock.Milliseconds(back, BenchClock.Now) / 1000;
        Say(string.Create(CultureInfo.InvariantCulture, $"every client converged {seconds:0.00} s after Redis returned"));
        return seconds;
    }

    private static async Task ShellAsync(string command, CancellationToken ct)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", ["-c", command]))
            ?? throw new InvalidOperationException($"Could not run: {command}");
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{command}' exited with {process.ExitCode}.");
        }
    }

    // Cores used during the measured window by the server, this tool and anything else on the machine.
    private async Task<(double Server, double Tool, double Other)> MeasureCpuAsync(CancellationToken ct)
    {
        await Task.Delay(options.Warmup, ct);
        var from = CpuSample.Take(options.ServerPids);
        await Task.Delay(options.Measure, ct);
        return CpuSample.Cores(from, CpuSample.Take(options.ServerPids));
    }

    private async Task ReportProgressAsync(long start, CancellationToken ct)
    {
        var total = options.Warmup + options.Measure;
        var step = TimeSpan.FromSeconds(10);
        for (var elapsed = TimeSpan.Zero; elapsed < total;)
        {
            var wait = total - elapsed < step ? total - elapsed : step;
            await Task.Delay(wait, ct);
            elapsed += wait;
            Say(string.Create(CultureInfo.InvariantCulture, $"t={BenchClock.Milliseconds(start, BenchClock.Now) / 1000:0}s acked_markers={_bench.AckedMarkers.Count} refused={_bench.Refused} echo_failures={_bench.EchoFailures} errors={_bench.Errors}"));
        }
    }

    private async Task<RunResult> VerifyAsync(List<DraftClient> clients, IReadOnlyList<int> statements, IReadOnlyList<Person> people, CancellationToken ct)
    {
        // The server's text, as a newcomer gets it (from the first server; with several, each of the others must agree).
        var reader = people.First(p => p.TypistCluster is null);
        var joined = await JoinAllAsync(options.Servers[0], reader.Token, statements, ct);
        foreach (var other in options.Servers.Skip(1))
        {
            foreach (var (id, (revision, document)) in await JoinAllAsync(other, reader.Token, statements, ct))
            {
                if (revision != joined[id].Revision || !document.ContentEquals(joined[id].Document))
                {
                    _notes.Add($"statement {id}: a fresh Join on {other} (revision {revision}) differs from one on {options.Servers[0]} (revision {joined[id].Revision})");
                }
            }
        }

        // Everyone should reach the last revision on their own; ask for a catch-up only for those who do not.
        bool AllCaughtUp() => clients.TrueForAll(c => c.Failure is not null || c.Revision >= joined[c.StatementId].Revision);
        if (!await WaitAsync("every client at the last revision", AllCaughtUp, TimeSpan.FromSeconds(10)))
        {
            foreach (var late in clients.Where(c => c.Failure is null && c.Revision < joined[c.StatementId].Revision))
            {
                await late.CatchUpAsync(joined[late.StatementId].Revision);
            }

            await WaitAsync("every client at the last revision after catch-up", AllCaughtUp, TimeSpan.FromSeconds(10));
        }

        // The database's text: every reading the file allows.
        var stored = new Dictionary<int, List<StoredStatement>>();
        var readings = new List<string>();
        if (options.Database is { } database)
        {
            foreach (var id in statements)
            {
                var (found, problems) = DatabaseReader.Read(database, id);
                stored[id] = [.. found];
                _notes.AddRange(problems);
                foreach (var s in found)
                {
                    var agrees = s.Document.ContentEquals(joined[id].Document);
                    readings.Add(string.Create(CultureInfo.InvariantCulture, $"s{id}:{s.Source}@{s.Revision?.ToString(CultureInfo.InvariantCulture) ?? "?"}{(agrees ? "=join" : "!=join")}"));
                    if (!agrees)
                    {
                        _notes.Add($"statement {id}: the database ({s.Source}, revision {s.Revision}) differs from a fresh Join (revision {joined[id].Revision})");
                    }
                }
            }
        }
        else
        {
            _notes.Add("no --database or --postgres: lost and diverged are measured against a fresh Join only");
        }

        // Lost: acknowledged markers missing from the text; duplicated: found twice.
        var lost = 0;
        var lostJoin = 0;
        var duplicated = 0;
        var texts = statements.ToDictionary(id => id, id => (Join: joined[id].Document.AllText(), Stored: stored.GetValueOrDefault(id, []).Select(s => s.Document.AllText()).ToList()));
        foreach (var (marker, statement) in _bench.AckedMarkers)
        {
            var (join, storedTexts) = texts[statement];
            lostJoin += join.Contains(marker, StringComparison.Ordinal) ? 0 : 1;
            lost += storedTexts.Count == 0 ? (join.Contains(marker, StringComparison.Ordinal) ? 0 : 1) : storedTexts.Any(t => !t.Contains(marker, StringComparison.Ordinal)) ? 1 : 0;
            duplicated += storedTexts.Append(join).Any(t => Occurrences(t, marker) > 1) ? 1 : 0;
        }

        foreach (var (marker, why) in _bench.RefusedMarkers.Take(5))
        {
            _notes.Add($"refused marker {marker}: {why}");
        }

        // Diverged: a client whose confirmed document, or whose local text, is not the server's.
        var diverged = 0;
        var divergedJoin = 0;
        var connected = 0;
        foreach (var client in clients)
        {
            var (revision, confirmed, local, outbox) = client.State();
            var ok = client.Failure is null && confirmed is not null && local is not null;
            connected += ok ? 1 : 0;
            var reference = joined[client.StatementId];
            var sameAsJoin = ok && revision == reference.Revision && outbox == 0 && confirmed!.ContentEquals(reference.Document) && local!.ContentEquals(reference.Document);
            divergedJoin += sameAsJoin ? 0 : 1;
            var storedHere = stored.GetValueOrDefault(client.StatementId, []);
            var sameAsDatabase = storedHere.Count == 0 ? sameAsJoin : ok && outbox == 0 && storedHere.TrueForAll(s => confirmed!.ContentEquals(s.Document) && local!.ContentEquals(s.Document));
            diverged += sameAsDatabase ? 0 : 1;
            if (!sameAsDatabase && diverged <= 5)
            {
                _notes.Add($"{client.Name} (statement {client.StatementId}) diverged: revision {revision} vs {reference.Revision}, outbox {outbox}, failure {client.Failure ?? "none"}");
            }
        }

        _notes.AddRange(_bench.FirstErrors.Take(10).Select(e => "error: " + e));
        if (_cores.Other > 0.2)
        {
            _notes.Add(string.Create(CultureInfo.InvariantCulture, $"something else used {_cores.Other:0.00} cores during the measured window: the figures are not clean"));
        }

        var changes = clients.SelectMany(c => c.ChangeLatencies).ToArray();
        var echoes = clients.SelectMany(c => c.EchoLatencies).ToArray();
        var acks = clients.SelectMany(c => c.AckLatencies).ToArray();
        var echoAcks = clients.SelectMany(c => c.EchoAckLatencies).ToArray();
        Array.Sort(echoAcks);
        Array.Sort(changes);
        Array.Sort(echoes);
        Array.Sort(acks);
        var seconds = options.Measure.TotalSeconds;
        return new RunResult
        {
            Name = options.Name,
            P50Ms = Stats.Percentile(changes, 0.50),
            P95Ms = Stats.Percentile(changes, 0.95),
            P99Ms = Stats.Percentile(changes, 0.99),
            MaxMs = changes.Length > 0 ? changes[^1] : 0,
            Samples = changes.Length,
            ChangesPerSecond = _bench.ChangesAckedInWindow / seconds,
            FloorP50Ms = Stats.Percentile(echoes, 0.50),
            FloorP95Ms = Stats.Percentile(echoes, 0.95),
            FloorP99Ms = Stats.Percentile(echoes, 0.99),
            FloorMaxMs = echoes.Length > 0 ? echoes[^1] : 0,
            FloorSamples = echoes.Length,
            EchoesPerSecond = _bench.EchoesDoneInWindow / seconds,
            AckP50Ms = Stats.Percentile(acks, 0.50),
            AckP99Ms = Stats.Percentile(acks, 0.99),
            EchoAckP50Ms = Stats.Percentile(echoAcks, 0.50),
            EchoAckP99Ms = Stats.Percentile(echoAcks, 0.99),
            Lost = lost,
            LostFromJoin = lostJoin,
            Duplicated = duplicated,
            Diverged = diverged,
            DivergedFromJoin = divergedJoin,
            Clients = connected,
            ClientsPlanned = clients.Count,
            AckedMarkers = _bench.AckedMarkers.Count,
            Refused = _bench.Refused,
            EchoFailures = _bench.EchoFailures,
            Rebuilds = _bench.Rebuilds,
            CatchUps = _bench.CatchUps,
            Errors = _bench.Errors,
            DatabaseReadings = string.Join(' ', readings),
            ServerCores = _cores.Server,
            ToolCores = _cores.Tool,
            OtherCores = _cores.Other,
            Notes = _notes,
        };
    }

    private static async Task<Dictionary<int, (int Revision, Document Document)>> JoinAllAsync(Uri server, string token, IReadOnlyList<int> statements, CancellationToken ct)
    {
        await using var fresh = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "hubs/drafting"), HttpTransportType.WebSockets, o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        await fresh.StartAsync(ct);
        var joined = new Dictionary<int, (int Revision, Document Document)>();
        foreach (var id in statements)
        {
            var snapshot = await fresh.InvokeAsync<JsonElement>("Join", id, ct);
            joined[id] = (snapshot.GetProperty("revision").GetInt32(), Document.FromJson(snapshot.GetProperty("blocks")));
        }

        return joined;
    }

    private static int Occurrences(string text, string marker)
    {
        var count = 0;
        for (var at = text.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = text.IndexOf(marker, at + marker.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private async Task<bool> WaitAsync(string what, Func<bool> done, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!done())
        {
            if (DateTime.UtcNow > until)
            {
                _notes.Add($"gave up waiting for {what} after {timeout.TotalSeconds:0} s");
                Say($"gave up waiting for {what}");
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    private void Say(string text) => log.WriteLine($"[{options.Name}] {text}");
}

using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using StatementDrafting.LoadTool;

namespace StatementDrafting.ViewerBench;

/// <summary>What one run does and against what.</summary>
internal sealed record ViewerOptions(
    Uri Server,
    string TokensPath,
    string DatabasePath,
    string DemoAccountsPath,
    int Consultation,
    int Cluster,
    int Pages,
    int Words,
    TimeSpan Warmup,
    TimeSpan Measure,
    double ChangesPerSecond,
    int? ServerPid,
    int OpenInParallel,
    TimeSpan OpenTimeout,
    TimeSpan HubAlone,
    TimeSpan Settle,
    int BrowserNice,
    string Name);

/// <summary>What <c>GET /_diagnostics/memory</c> answers (src/StatementDrafting.Web/Infrastructure/Diagnostics).</summary>
internal sealed record MemoryReading(long ManagedHeapBytes, long WorkingSetBytes, int OpenCircuits, int ConnectedCircuits, int Gen2Collections);

/// <summary>
/// One run of the viewers benchmark: grows the cluster's statement to the wanted length through the hub, connects
/// the typists and a few hub watchers, reads the server's memory, opens the viewer pages in one headless Chromium,
/// lets the typists type for the warm-up and the measured window, waits until every page has every change (or gives
/// up), reads what each page stamped, reads the memory again with the pages open and after they have left.
/// </summary>
internal sealed class ViewerRun(ViewerOptions options, TextWriter log)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly BenchClock _bench = new();
    private readonly List<string> _notes = [];

    public async Task<ViewerResult> RunAsync(CancellationToken ct)
    {
        var people = People.ReadTokens(options.TokensPath);
        var statementId = DatabaseReader.CommonStatements(options.DatabasePath)[options.Cluster - 1];
        var typistPeople = people.Where(p => p.TypistCluster == options.Cluster).OrderBy(p => p.Email, StringComparer.Ordinal).ToList();
        var watcherPeople = people.Where(p => p.Email.StartsWith(ViewerPeople.WatcherPrefix, StringComparison.Ordinal)).OrderBy(p => p.Email, StringComparer.Ordinal).ToList();
        var viewerPeople = people.Where(p => p.Email.StartsWith(ViewerPeople.ViewerPrefix, StringComparison.Ordinal)).OrderBy(p => p.Email, StringComparer.Ordinal).Take(options.Pages).ToList();
        if (typistPeople.Count == 0 || viewerPeople.Count < options.Pages)
        {
            throw new InvalidOperationException($"{options.TokensPath} holds {typistPeople.Count} typists of cluster {options.Cluster} and {viewerPeople.Count} viewers; {options.Pages} pages were asked for.");
        }

        var (blocks, words, _) = await Growth.GrowAsync(options.Server, typistPeople[0].Token, statementId, options.Words, log, ct);

        // Indices name the markers (⟦c007-000123⟧) and seed each client's choices: one per client.
        var clients = new List<DraftClient>();
        foreach (var person in typistPeople)
        {
            clients.Add(new DraftClient(clients.Count, person.Email, person.Token, statementId, typist: true, options.Server, _bench));
        }

        var typists = clients.ToList();
        foreach (var person in watcherPeople)
        {
            clients.Add(new DraftClient(clients.Count, person.Email, person.Token, statementId, typist: false, options.Server, _bench));
        }

        foreach (var client in clients)
        {
            await client.ConnectAsync(ct);
        }

        AssignParagraphs(typists);
        Say($"statement {statementId}: {blocks} blocks, {words} words; {typists.Count} typists on paragraphs {string.Join(',', typists.Select(t => t.Block))}, {clients.Count - typists.Count} hub watchers");

        var alone = await HubAloneAsync(clients, typists, ct);

        // The organiser's pages open circuits of their own: make the links first, and read the memory once they are gone.
        await using var browser = await ViewerBrowser.LaunchAsync(options.BrowserNice);
        var links = await browser.InvitationLinksAsync(options.Server, options.Consultation, ViewerPeople.Organiser, DemoPassword(options.DemoAccountsPath, ViewerPeople.Organiser));
        using var http = new HttpClient { BaseAddress = options.Server, Timeout = TimeSpan.FromSeconds(60) };
        var before = await MemoryAsync(http, ct);
        for (var until = DateTime.UtcNow.AddSeconds(30); before.OpenCircuits > 0 && DateTime.UtcNow < until;)
        {
            await Task.Delay(500, ct);
            before = await MemoryAsync(http, ct);
        }

        Say($"memory before the pages: heap {before.ManagedHeapBytes / 1048576.0:0.0} MB, resident {before.WorkingSetBytes / 1048576.0:0.0} MB, circuits {before.OpenCircuits}");

        var viewers = await OpenPagesAsync(browser, viewerPeople, links, statementId, ct);
        var live = viewers.Where(v => v is { Failure: null }).Select(v => v!).ToList();
        foreach (var viewer in live)
        {
            viewer.Clock = await ViewerBrowser.ClockOfAsync(viewer.Page);
        }

        var open = await MemoryAsync(http, ct);
        Say($"pages live: {live.Count}/{options.Pages}; circuits open {open.OpenCircuits}, connected {open.ConnectedCircuits}");

        // Typing: the warm-up, then the measured window.
        var ackedBefore = _bench.ChangesAckedInWindow;
        var start = BenchClock.Now;
        _bench.MeasureFrom = BenchClock.After(start, options.Warmup);
        _bench.MeasureUntil = BenchClock.After(start, options.Warmup + options.Measure);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var loops = typists.Where(t => t.Block is not null).Select(t => TypeLoopAsync(t, stop.Token)).ToList();
        var cpu = MeasureCpuAsync(ct);
        await ReportProgressAsync(start, ct);
        var cores = await cpu;
        await stop.CancelAsync();
        await Task.WhenAll(loops);

        await WaitAsync("every typed change acknowledged", () => typists.TrueForAll(t => t.Settled || t.Failure is not null), TimeSpan.FromSeconds(30));
        var lastRevision = clients.Max(c => c.Revision);
        await WaitAsync("every hub client at the last revision", () => clients.TrueForAll(c => c.Failure is not null || c.Revision >= lastRevision), options.Settle);
        var settled = BenchClock.Now;

        // Every page should show every acknowledged marker; wait for the slow ones, then read them all.
        var expected = _bench.AckedMarkers.Count;
        var lagging = await WaitForPagesAsync(live, expected, options.Settle);
        Say(string.Create(CultureInfo.InvariantCulture, $"pages complete {BenchClock.Milliseconds(settled, BenchClock.Now) / 1000:0.0} s after the hub clients ({lagging} still lacking markers)"));
        if (lagging > 0)
        {
            _notes.Add(string.Create(CultureInfo.InvariantCulture, $"{lagging} pages still lacked markers {options.Settle.TotalSeconds:0} s after the hub clients had every change"));
        }

        var readings = new List<(Viewer Viewer, Dictionary<string, double> Seen, IReadOnlyList<string> Reconnects)>();
        foreach (var viewer in live)
        {
            try
            {
                var (seen, reconnects) = await ViewerBrowser.ReadAsync(viewer.Page);
                readings.Add((viewer, seen, reconnects));
            }
            catch (Microsoft.Playwright.PlaywrightException e)
            {
                viewer.Failure ??= "could not be read: " + e.Message;
            }
        }

        // Memory with the pages open, once the last change's highlight is over (3 s) and nothing renders.
        var quietUntil = BenchClock.After(settled, TimeSpan.FromSeconds(4));
        while (BenchClock.Now < quietUntil)
        {
            await Task.Delay(100, ct);
        }

        var with = await MemoryAsync(http, ct);
        var browserMemory = ProcessTree.Take(withMemory: true);
        Say($"memory with {with.OpenCircuits} circuits: heap {with.ManagedHeapBytes / 1048576.0:0.0} MB, resident {with.WorkingSetBytes / 1048576.0:0.0} MB; Chromium {browserMemory.BrowserProcesses} processes, {browserMemory.BrowserPssBytes / 1048576.0:0} MB (PSS)");

        using (var gate = new SemaphoreSlim(8))
        {
            await Task.WhenAll(viewers.Where(v => v is not null).Select(async v =>
            {
                await gate.WaitAsync(ct);
                try
                {
                    await ViewerBrowser.LeaveAsync(v!);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        var after = await MemoryAsync(http, ct);
        for (var until = DateTime.UtcNow.AddSeconds(30); after.OpenCircuits > 0 && DateTime.UtcNow < until;)
        {
            await Task.Delay(1000, ct);
            after = await MemoryAsync(http, ct);
        }

        if (after.OpenCircuits > 0)
        {
            _notes.Add($"{after.OpenCircuits} circuits were still open 30 s after the pages left");
        }

        Say($"memory after the pages left: heap {after.ManagedHeapBytes / 1048576.0:0.0} MB, resident {after.WorkingSetBytes / 1048576.0:0.0} MB, circuits {after.OpenCircuits}");
        await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        return Result(clients, viewers, readings, (before, with, after), browserMemory, cores, blocks, words, alone, _bench.ChangesAckedInWindow - ackedBefore);
    }

    private ViewerResult Result(
        List<DraftClient> clients,
        IReadOnlyList<Viewer?> viewers,
        List<(Viewer Viewer, Dictionary<string, double> Seen, IReadOnlyList<string> Reconnects)> readings,
        (MemoryReading Before, MemoryReading With, MemoryReading After) memory,
        ProcessTree browserMemory,
        Cores cores,
        int blocks,
        int words,
        (double P50, double P99, long Pairs) alone,
        long acked)
    {
        // The (change, page) pairs: every acknowledged marker whose change was submitted in the measured window.
        var measured = _bench.AckedMarkers.Keys
            .Select(m => (Marker: m, Change: _bench.MarkerChanges.TryGetValue(m, out var id) ? id : null))
            .Where(m => m.Change is not null && _bench.Changes.TryGetValue(m.Change, out var sent) && _bench.InWindow(sent.At))
            .Select(m => (Marker: m.Marker.TrimEnd(), SentMs: EpochClock.Ms(_bench.Changes[m.Change!].At))) // typed with a space after it
            .ToList();
        var latencies = new List<double>(measured.Count * Math.Max(1, readings.Count));
        var missedPairs = 0L;
        var missedPages = 0;
        var negative = 0L;
        var reconnects = 0;
        var read = readings.Select(r => r.Viewer).ToHashSet();
        foreach (var (viewer, seen, events) in readings)
        {
            var missedHere = 0;
            foreach (var (marker, sentMs) in measured)
            {
                if (seen.TryGetValue(marker, out var at) && at > 0)
                {
                    var ms = at - sentMs;
                    negative += ms < 0 ? 1 : 0;
                    latencies.Add(ms);
                }
                else
                {
                    missedHere++;
                    latencies.Add(double.PositiveInfinity); // never arrived: counts above every arrival in the percentiles
                }
            }

            missedPairs += missedHere;
            missedPages += missedHere > 0 ? 1 : 0;
            reconnects += events.Count(e => e == "show");
            if (missedHere > 0 && missedPages <= 5)
            {
                _notes.Add($"{viewer.Email} missed {missedHere} of {measured.Count} changes (reconnection events: {string.Join(',', events)})");
            }
        }

        // Pages that never went live, or failed before they could be read, missed every change.
        var unread = viewers.Count(v => v is null || !read.Contains(v));
        missedPages += unread;
        missedPairs += (long)unread * measured.Count;
        foreach (var failed in viewers.Where(v => v is { Failure: not null }).Take(5))
        {
            _notes.Add($"{failed!.Email}: {failed.Failure}");
        }

        _notes.AddRange(_bench.FirstErrors.Take(10).Select(e => "error: " + e));
        if (cores.Other > 0.2)
        {
            _notes.Add(string.Create(CultureInfo.InvariantCulture, $"something else used {cores.Other:0.00} cores during the measured window: the figures are not clean"));
        }

        var pages = latencies.ToArray();
        var hub = clients.SelectMany(c => c.ChangeLatencies).ToArray();
        var acks = clients.SelectMany(c => c.AckLatencies).ToArray();
        var opened = viewers.Where(v => v is { OpenMs: > 0 }).Select(v => v!.OpenMs).ToArray();
        var offsets = readings.Select(r => r.Viewer.Clock.Offset).ToArray();
        var trips = readings.Select(r => r.Viewer.Clock.RoundTrip).ToArray();
        Array.Sort(pages);
        Array.Sort(hub);
        Array.Sort(acks);
        Array.Sort(opened);
        Array.Sort(offsets);
        Array.Sort(trips);
        var n = options.Pages;
        return new ViewerResult
        {
            Name = options.Name,
            Pages = n,
            PagesLive = readings.Count,
            Words = words,
            Blocks = blocks,
            PageP50Ms = Stats.Percentile(pages, 0.50),
            PageP95Ms = Stats.Percentile(pages, 0.95),
            PageP99Ms = Stats.Percentile(pages, 0.99),
            PageMaxMs = pages.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max(), // the latest arrival
            PagePairs = pages.Count(double.IsFinite),
            NegativePairs = negative,
            HubP50Ms = Stats.Percentile(hub, 0.50),
            HubP95Ms = Stats.Percentile(hub, 0.95),
            HubP99Ms = Stats.Percentile(hub, 0.99),
            HubMaxMs = hub.Length > 0 ? hub[^1] : double.NaN,
            HubPairs = hub.Length,
            HubClients = clients.Count,
            MissedPages = missedPages,
            MissedPairs = missedPairs,
            ChangesMeasured = measured.Count,
            ChangesPerSecond = acked / options.Measure.TotalSeconds,
            HubAloneP50Ms = alone.P50,
            HubAloneP99Ms = alone.P99,
            HubAlonePairs = alone.Pairs,
            AckP50Ms = Stats.Percentile(acks, 0.50),
            AckP99Ms = Stats.Percentile(acks, 0.99),
            AckedMarkers = _bench.AckedMarkers.Count,
            Refused = _bench.Refused,
            Errors = _bench.Errors,
            Reconnects = reconnects,
            HeapBeforeBytes = memory.Before.ManagedHeapBytes,
            HeapWithBytes = memory.With.ManagedHeapBytes,
            HeapAfterBytes = memory.After.ManagedHeapBytes,
            RssBeforeBytes = memory.Before.WorkingSetBytes,
            RssWithBytes = memory.With.WorkingSetBytes,
            RssAfterBytes = memory.After.WorkingSetBytes,
            CircuitsWith = memory.With.OpenCircuits,
            CircuitsAfter = memory.After.OpenCircuits,
            BrowserProcesses = browserMemory.BrowserProcesses,
            BrowserPssBytes = browserMemory.BrowserPssBytes,
            OpenP50Ms = Stats.Percentile(opened, 0.50),
            OpenMaxMs = opened.Length > 0 ? opened[^1] : double.NaN,
            ClockOffsetMedianMs = Stats.Percentile(offsets, 0.50),
            ClockOffsetMaxAbsMs = offsets.Length > 0 ? offsets.Max(Math.Abs) : double.NaN,
            ClockRoundTripMedianMs = Stats.Percentile(trips, 0.50),
            ServerCores = cores.Server,
            BrowserCores = cores.Browser,
            DriverCores = cores.Driver,
            ToolCores = cores.Tool,
            OtherCores = cores.Other,
            Notes = _notes,
        };
    }

    /// <summary>
    /// The same typing with no page open, for <c>--hub-alone</c> seconds (the first 2 not counted): how fast the hub
    /// clients get the changes when no circuit shows the statement. The typists stop and their changes settle after it.
    /// </summary>
    private async Task<(double P50, double P99, long Pairs)> HubAloneAsync(List<DraftClient> clients, List<DraftClient> typists, CancellationToken ct)
    {
        if (options.HubAlone <= TimeSpan.FromSeconds(2))
        {
            return (double.NaN, double.NaN, 0);
        }

        var start = BenchClock.Now;
        _bench.MeasureFrom = BenchClock.After(start, TimeSpan.FromSeconds(2));
        _bench.MeasureUntil = BenchClock.After(start, options.HubAlone);
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            var loops = typists.Where(t => t.Block is not null).Select(t => TypeLoopAsync(t, stop.Token)).ToList();
            await Task.Delay(options.HubAlone, ct);
            await stop.CancelAsync();
            await Task.WhenAll(loops);
        }

        await WaitAsync("every typed change acknowledged (hub alone)", () => typists.TrueForAll(t => t.Settled || t.Failure is not null), TimeSpan.FromSeconds(30));
        var last = clients.Max(c => c.Revision);
        await WaitAsync("every hub client at the last revision (hub alone)", () => clients.TrueForAll(c => c.Failure is not null || c.Revision >= last), TimeSpan.FromSeconds(10));
        _bench.MeasureFrom = long.MaxValue;
        _bench.MeasureUntil = long.MaxValue;
        var latencies = new List<double>();
        foreach (var client in clients)
        {
            // Nothing arrives now: every change is acknowledged and every client has it.
            latencies.AddRange(client.ChangeLatencies);
            client.ChangeLatencies.Clear();
            client.AckLatencies.Clear();
        }

        var sorted = latencies.Order().ToArray();
        var result = (Stats.Percentile(sorted, 0.50), Stats.Percentile(sorted, 0.99), (long)sorted.Length);
        Say(string.Create(CultureInfo.InvariantCulture, $"hub alone ({options.HubAlone.TotalSeconds:0} s, no page open): p50 {result.Item1:0.0} ms, p99 {result.Item2:0.0} ms over {result.Item3} pairs"));
        return result;
    }

    private async Task<List<Viewer?>> OpenPagesAsync(ViewerBrowser browser, List<Person> people, Dictionary<string, string> links, int statementId, CancellationToken ct)
    {
        var viewers = new Viewer?[people.Count];
        var started = BenchClock.Now;
        using var gate = new SemaphoreSlim(options.OpenInParallel);
        var done = 0;
        await Task.WhenAll(people.Select(async (person, i) =>
        {
            await gate.WaitAsync(ct);
            try
            {
                if (!links.TryGetValue(person.Email, out var link))
                {
                    throw new InvalidOperationException($"no personal link for {person.Email}");
                }

                viewers[i] = await browser.OpenAsync(options.Server, person.Email, link, statementId, options.OpenTimeout);
                if (Interlocked.Increment(ref done) % 25 == 0)
                {
                    Say(string.Create(CultureInfo.InvariantCulture, $"{done} pages live after {BenchClock.Milliseconds(started, BenchClock.Now) / 1000:0.0} s"));
                }
            }
            catch (Exception e) when (e is Microsoft.Playwright.PlaywrightException or TimeoutException or InvalidOperationException)
            {
                _notes.Add($"{person.Email}: the page did not go live: {e.Message.Split('\n')[0]}");
            }
            finally
            {
                gate.Release();
            }
        }));
        Say(string.Create(CultureInfo.InvariantCulture, $"opened {viewers.Count(v => v is not null)}/{people.Count} pages in {BenchClock.Milliseconds(started, BenchClock.Now) / 1000:0.0} s"));
        return [.. viewers];
    }

    // Spread the typists over the statement's numbered paragraphs, one each, so every change lands in its own paragraph.
    private static void AssignParagraphs(List<DraftClient> typists)
    {
        var paragraphs = typists[0].Joined!.Blocks.Where(b => b.Kind == "numbered").ToList();
        for (var k = 0; k < typists.Count; k++)
        {
            typists[k].Block = paragraphs[(int)((k + 0.5) * paragraphs.Count / typists.Count)].Id;
        }
    }

    private async Task TypeLoopAsync(DraftClient typist, CancellationToken ct)
    {
        var period = TimeSpan.FromSeconds(1 / options.ChangesPerSecond);
        try
        {
            await Task.Delay(LoadRun.Phase(period, typist.Index), ct);
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

    private async Task<Cores> MeasureCpuAsync(CancellationToken ct)
    {
        await Task.Delay(options.Warmup, ct);
        var from = (CpuSample.Take(options.ServerPid), ProcessTree.Take());
        await Task.Delay(options.Measure, ct);
        var to = (CpuSample.Take(options.ServerPid), ProcessTree.Take());
        var wall = to.Item1.Wall - from.Item1.Wall;
        var (server, tool, other) = CpuSample.Cores(from.Item1, to.Item1);
        var browser = (to.Item2.BrowserSeconds - from.Item2.BrowserSeconds) / wall;
        var driver = (to.Item2.DriverSeconds - from.Item2.DriverSeconds) / wall;
        return new Cores(server, browser, driver, tool, Math.Max(0, other - browser - driver));
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
            Say(string.Create(CultureInfo.InvariantCulture, $"t={BenchClock.Milliseconds(start, BenchClock.Now) / 1000:0}s acked_markers={_bench.AckedMarkers.Count} refused={_bench.Refused} errors={_bench.Errors}"));
        }
    }

    private static async Task<int> WaitForPagesAsync(List<Viewer> live, int expected, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        var lagging = live.Count;
        while (true)
        {
            lagging = 0;
            foreach (var viewer in live.Where(v => v.Failure is null))
            {
                try
                {
                    lagging += await ViewerBrowser.SeenCountAsync(viewer.Page) < expected ? 1 : 0;
                }
                catch (Microsoft.Playwright.PlaywrightException e)
                {
                    viewer.Failure ??= "could not be read: " + e.Message.Split('\n')[0];
                }
            }

            if (lagging == 0 || DateTime.UtcNow > until)
            {
                return lagging;
            }

            await Task.Delay(500);
        }
    }

    private static async Task<MemoryReading> MemoryAsync(HttpClient http, CancellationToken ct)
    {
        using var response = await http.GetAsync("_diagnostics/memory", ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET /_diagnostics/memory answered {(int)response.StatusCode}: start the app with Diagnostics__Enabled=true.");
        }

        return await response.Content.ReadFromJsonAsync<MemoryReading>(Json, ct) ?? throw new InvalidOperationException("empty memory reading");
    }

    /// <summary>A demo account's password, from the file the app writes beside its database at first start.</summary>
    private static string DemoPassword(string file, string email)
    {
        var line = File.ReadLines(file).FirstOrDefault(l => l.Contains($" {email} ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{file} lists no password for {email}.");
        return line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
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

/// <summary>Cores used on average in the measured window.</summary>
internal readonly record struct Cores(double Server, double Browser, double Driver, double Tool, double Other);

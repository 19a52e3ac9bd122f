using System.Globalization;
using System.Text;
using System.Text.Json;
using StatementDrafting.LoadTool;

namespace StatementDrafting.ViewerBench;

/// <summary>The figures of one run, written as JSON so that <c>summary</c> can take the medians of several runs.</summary>
internal sealed record ViewerResult
{
    public string Name { get; init; } = "run";

    /// <summary>Pages asked for (N).</summary>
    public int Pages { get; init; }

    /// <summary>Pages that went live and could be read at the end.</summary>
    public int PagesLive { get; init; }

    public int Words { get; init; }

    public int Blocks { get; init; }

    public double PageP50Ms { get; init; }

    public double PageP95Ms { get; init; }

    public double PageP99Ms { get; init; }

    public double PageMaxMs { get; init; }

    public long PagePairs { get; init; }

    /// <summary>Pairs stamped before their submission: would show the two clocks disagree (0 so far).</summary>
    public long NegativePairs { get; init; }

    public double HubP50Ms { get; init; }

    public double HubP95Ms { get; init; }

    public double HubP99Ms { get; init; }

    public double HubMaxMs { get; init; }

    public long HubPairs { get; init; }

    public int HubClients { get; init; }

    /// <summary>The hub clients' latencies in the phase before any page was open (same typing, same clients).</summary>
    public double HubAloneP50Ms { get; init; }

    public double HubAloneP99Ms { get; init; }

    public long HubAlonePairs { get; init; }

    public double RatioP99 => HubP99Ms > 0 ? PageP99Ms / HubP99Ms : double.NaN;

    /// <summary>Pages (of N) that did not show every change of the measured window, counting pages that never went live.</summary>
    public int MissedPages { get; init; }

    public long MissedPairs { get; init; }

    public int ChangesMeasured { get; init; }

    public double ChangesPerSecond { get; init; }

    public double AckP50Ms { get; init; }

    public double AckP99Ms { get; init; }

    public long AckedMarkers { get; init; }

    public long Refused { get; init; }

    public long Errors { get; init; }

    /// <summary>Times a page's circuit lost its connection (Blazor showed its reconnect banner).</summary>
    public int Reconnects { get; init; }

    public long HeapBeforeBytes { get; init; }

    public long HeapWithBytes { get; init; }

    public long HeapAfterBytes { get; init; }

    public long RssBeforeBytes { get; init; }

    public long RssWithBytes { get; init; }

    public long RssAfterBytes { get; init; }

    public int CircuitsWith { get; init; }

    public int CircuitsAfter { get; init; }

    /// <summary>(heap with the N pages − heap before any page) / N, after full collections.</summary>
    public double HeapPerCircuitKb => Pages > 0 ? (HeapWithBytes - HeapBeforeBytes) / 1024.0 / Pages : double.NaN;

    /// <summary>The same against the heap once every page has left (what the circuits held, without anything kept after them).</summary>
    public double HeapPerCircuitAfterKb => Pages > 0 ? (HeapWithBytes - HeapAfterBytes) / 1024.0 / Pages : double.NaN;

    public double RssPerCircuitKb => Pages > 0 ? (RssWithBytes - RssBeforeBytes) / 1024.0 / Pages : double.NaN;

    public int BrowserProcesses { get; init; }

    public long BrowserPssBytes { get; init; }

    public double OpenP50Ms { get; init; }

    public double OpenMaxMs { get; init; }

    public double ClockOffsetMedianMs { get; init; }

    public double ClockOffsetMaxAbsMs { get; init; }

    public double ClockRoundTripMedianMs { get; init; }

    public double ServerCores { get; init; }

    public double BrowserCores { get; init; }

    public double DriverCores { get; init; }

    public double ToolCores { get; init; }

    public double OtherCores { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    public static ViewerResult Load(string path) =>
        JsonSerializer.Deserialize<ViewerResult>(File.ReadAllText(path), Json) ?? throw new InvalidOperationException($"{path} is empty.");

    public string Line() => Line(Pages, PageP50Ms, PageP99Ms, HubP50Ms, HubP99Ms, RatioP99, MissedPages, HeapPerCircuitKb, RssPerCircuitKb);

    public static string Line(int pages, double pageP50, double pageP99, double hubP50, double hubP99, double ratio, int missed, double heapKb, double rssKb) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"viewers pages={pages} page_p50_ms={Ms(pageP50)} page_p99_ms={Ms(pageP99)} hub_p50_ms={Ms(hubP50)} hub_p99_ms={Ms(hubP99)} ratio_p99={(double.IsFinite(ratio) ? ratio.ToString("0.00", CultureInfo.InvariantCulture) : "inf")} missed={missed} heap_per_circuit_kb={heapKb:0} rss_per_circuit_kb={rssKb:0}");

    /// <summary>Milliseconds with one decimal; "inf" when changes never arrived (percentiles count them above every arrival).</summary>
    private static string Ms(double ms) => double.IsPositiveInfinity(ms) ? "inf" : ms.ToString("0.0", CultureInfo.InvariantCulture);

    public string Detail()
    {
        const double Mb = 1048576.0;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Name}: statement {Words} words / {Blocks} blocks; pages_live={PagesLive}/{Pages} page_p95_ms={Ms(PageP95Ms)} page_max_ms={Ms(PageMaxMs)} page_pairs={PagePairs} missed_pairs={MissedPairs} negative_pairs={NegativePairs} reconnects={Reconnects} ");
        text.Append(CultureInfo.InvariantCulture, $"hub_clients={HubClients} hub_p95_ms={HubP95Ms:0.0} hub_max_ms={HubMaxMs:0.0} hub_pairs={HubPairs} hub_alone_p50_ms={HubAloneP50Ms:0.0} hub_alone_p99_ms={HubAloneP99Ms:0.0} hub_alone_pairs={HubAlonePairs} changes_measured={ChangesMeasured} changes_per_s={ChangesPerSecond:0.0} ack_p50_ms={AckP50Ms:0.0} ack_p99_ms={AckP99Ms:0.0} acked_markers={AckedMarkers} refused={Refused} errors={Errors}\n  ");
        text.Append(CultureInfo.InvariantCulture, $"memory: heap before/with/after {HeapBeforeBytes / Mb:0.0}/{HeapWithBytes / Mb:0.0}/{HeapAfterBytes / Mb:0.0} MB, resident {RssBeforeBytes / Mb:0.0}/{RssWithBytes / Mb:0.0}/{RssAfterBytes / Mb:0.0} MB, circuits with/after {CircuitsWith}/{CircuitsAfter}, heap_per_circuit_after_kb={HeapPerCircuitAfterKb:0}; ");
        text.Append(CultureInfo.InvariantCulture, $"Chromium {BrowserProcesses} processes {BrowserPssBytes / Mb:0} MB PSS\n  ");
        text.Append(CultureInfo.InvariantCulture, $"open_p50_ms={OpenP50Ms:0} open_max_ms={OpenMaxMs:0} clock_offset_median_ms={ClockOffsetMedianMs:0.00} clock_offset_max_abs_ms={ClockOffsetMaxAbsMs:0.00} clock_round_trip_median_ms={ClockRoundTripMedianMs:0.0} ");
        text.Append(CultureInfo.InvariantCulture, $"cores: server={ServerCores:0.00} browser={BrowserCores:0.00} driver={DriverCores:0.00} tool={ToolCores:0.00} other={OtherCores:0.00}");
        return text.ToString();
    }

    /// <summary>Each run, then the medians (missed: the worst run; the ratio: of the two medians on the line).</summary>
    public static string Summary(IReadOnlyList<ViewerResult> runs)
    {
        var text = new StringBuilder();
        foreach (var run in runs)
        {
            text.Append(run.Name).Append(": ").AppendLine(run.Line());
            text.AppendLine("  " + run.Detail());
            foreach (var note in run.Notes)
            {
                text.AppendLine("  note: " + note);
            }
        }

        double Median(Func<ViewerResult, double> figure) => Stats.Median(runs.Select(figure));

        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"medians of {runs.Count} runs (missed: worst run; ratio: of the two medians):"));
        var pageP99 = Median(r => r.PageP99Ms);
        var hubP99 = Median(r => r.HubP99Ms);
        text.Append(Line(
            runs.Min(r => r.Pages),
            Median(r => r.PageP50Ms),
            pageP99,
            Median(r => r.HubP50Ms),
            hubP99,
            hubP99 > 0 ? pageP99 / hubP99 : double.NaN,
            runs.Max(r => r.MissedPages),
            Median(r => r.HeapPerCircuitKb),
            Median(r => r.RssPerCircuitKb)));
        return text.ToString();
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;

namespace StatementDrafting.LoadTool;

/// <summary>The figures of one run, written as JSON so that <c>summary</c> can take the medians of several runs.</summary>
internal sealed record RunResult
{
    public string Name { get; init; } = "run";

    public double P50Ms { get; init; }

    public double P95Ms { get; init; }

    public double P99Ms { get; init; }

    public double MaxMs { get; init; }

    public double ChangesPerSecond { get; init; }

    public long Samples { get; init; }

    public double FloorP50Ms { get; init; }

    public double FloorP95Ms { get; init; }

    public double FloorP99Ms { get; init; }

    public double FloorMaxMs { get; init; }

    public double EchoesPerSecond { get; init; }

    public long FloorSamples { get; init; }

    public double RatioP99 => FloorP99Ms > 0 ? P99Ms / FloorP99Ms : 0;

    public double AckP50Ms { get; init; }

    public double AckP99Ms { get; init; }

    /// <summary>Echo invocation → its completion: how long the server takes to accept an echo, before broadcasting it.</summary>
    public double EchoAckP50Ms { get; init; }

    public double EchoAckP99Ms { get; init; }

    /// <summary>Acknowledged markers absent from the database's text (the worst of its readings).</summary>
    public int Lost { get; init; }

    /// <summary>Acknowledged markers absent from a fresh Join after the run.</summary>
    public int LostFromJoin { get; init; }

    /// <summary>Markers found more than once in the database's text.</summary>
    public int Duplicated { get; init; }

    /// <summary>Clients whose final document differs from the database's (or, without a reading of it, from a fresh Join).</summary>
    public int Diverged { get; init; }

    public int DivergedFromJoin { get; init; }

    /// <summary>Clients connected and joined from start to end.</summary>
    public int Clients { get; init; }

    public int ClientsPlanned { get; init; }

    public long AckedMarkers { get; init; }

    public long Refused { get; init; }

    public long EchoFailures { get; init; }

    public long Rebuilds { get; init; }

    public long CatchUps { get; init; }

    public long Errors { get; init; }

    public string DatabaseReadings { get; init; } = string.Empty;

    /// <summary>Cores the server used on average in the measured window (0 when its process id was not given).</summary>
    public double ServerCores { get; init; }

    public double ToolCores { get; init; }

    /// <summary>Cores used by anything else on the machine meanwhile: above ~0.2 the run was disturbed.</summary>
    public double OtherCores { get; init; }

    /// <summary>Whether Redis was stopped and started again during the run (bench/outage.sh).</summary>
    public bool Outage { get; init; }

    /// <summary>With a Redis outage: seconds from Redis's return until every client had caught up; null otherwise or if never.</summary>
    public double? OutageConvergedSeconds { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];

    // NaN when a run measured nothing (every client failed): written as "NaN" rather than failing the save.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    public static RunResult Load(string path) =>
        JsonSerializer.Deserialize<RunResult>(File.ReadAllText(path), Json) ?? throw new InvalidOperationException($"{path} is empty.");

    /// <summary>The figures in the form of the benchmark's last line.</summary>
    public string Line() => Line(P50Ms, P95Ms, P99Ms, ChangesPerSecond, Lost, Diverged, Clients, FloorP50Ms, FloorP99Ms, RatioP99);

    public static string Line(double p50, double p95, double p99, double changesPerSecond, int lost, int diverged, int clients, double floorP50, double floorP99, double ratio) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"propagation p50_ms={p50:0.0} p95_ms={p95:0.0} p99_ms={p99:0.0} changes_per_s={changesPerSecond:0.0} lost={lost} diverged={diverged} clients={clients} floor_p50_ms={floorP50:0.0} floor_p99_ms={floorP99:0.0} ratio_p99={ratio:0.00}");

    /// <summary>The detail line printed after each run.</summary>
    public string Detail()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Name}: pairs={Samples} max_ms={MaxMs:0.0} floor_pairs={FloorSamples} floor_p95_ms={FloorP95Ms:0.0} floor_max_ms={FloorMaxMs:0.0} ");
        text.Append(CultureInfo.InvariantCulture, $"echoes_per_s={EchoesPerSecond:0.0} ack_p50_ms={AckP50Ms:0.0} ack_p99_ms={AckP99Ms:0.0} echo_ack_p50_ms={EchoAckP50Ms:0.0} echo_ack_p99_ms={EchoAckP99Ms:0.0} acked_markers={AckedMarkers} ");
        text.Append(CultureInfo.InvariantCulture, $"lost_join={LostFromJoin} duplicated={Duplicated} diverged_join={DivergedFromJoin} clients={Clients}/{ClientsPlanned} ");
        text.Append(CultureInfo.InvariantCulture, $"refused={Refused} echo_failures={EchoFailures} rebuilds={Rebuilds} catchups={CatchUps} errors={Errors} ");
        text.Append(CultureInfo.InvariantCulture, $"cores: server={ServerCores:0.00} tool={ToolCores:0.00} other={OtherCores:0.00} db=[{DatabaseReadings}]");
        if (OutageConvergedSeconds is { } converged)
        {
            text.Append(CultureInfo.InvariantCulture, $" outage_converged_s={converged:0.00}");
        }
        return text.ToString();
    }

    /// <summary>
    /// The per-run figures, then the medians of the runs for the latencies and rates, the worst run for lost and
    /// diverged, and the fewest clients; the last line is the benchmark's result.
    /// </summary>
    public static string Summary(IReadOnlyList<RunResult> runs)
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

        double Median(Func<RunResult, double> figure) => Stats.Median(runs.Select(figure));

        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"medians of {runs.Count} runs (lost and diverged: worst run; clients: fewest; ratio: of the two medians):"));
        // The ratio is that of the two medians printed beside it, so that the line is consistent in itself.
        var p99 = Median(r => r.P99Ms);
        var floorP99 = Median(r => r.FloorP99Ms);
        text.Append(Line(
            Median(r => r.P50Ms),
            Median(r => r.P95Ms),
            p99,
            Median(r => r.ChangesPerSecond),
            runs.Max(r => r.Lost),
            runs.Max(r => r.Diverged),
            runs.Min(r => r.Clients),
            Median(r => r.FloorP50Ms),
            floorP99,
            floorP99 > 0 ? p99 / floorP99 : 0));
        if (runs.Any(r => r.Outage))
        {
            // Outage runs: the last line is the convergence after Redis returned (a run that never converged: "never").
            var never = runs.Count(r => r.OutageConvergedSeconds is null);
            var seconds = runs.Where(r => r.OutageConvergedSeconds is not null).Select(r => r.OutageConvergedSeconds!.Value).ToList();
            text.AppendLine();
            text.Append(string.Create(CultureInfo.InvariantCulture,
                $"outage runs={runs.Count} converged_s_median={(seconds.Count > 0 ? Stats.Median(seconds) : double.NaN):0.00} converged_s_max={(seconds.Count > 0 ? seconds.Max() : double.NaN):0.00} never={never} lost={runs.Max(r => r.Lost)} diverged={runs.Max(r => r.Diverged)} target={(never == 0 && seconds.Count > 0 && seconds.Max() <= 5 && runs.Max(r => r.Lost) == 0 && runs.Max(r => r.Diverged) == 0 ? "met" : "missed")}"));
        }

        return text.ToString();
    }
}

using System.Globalization;
using System.Text;

namespace StatementDrafting.LoadTool;

/// <summary>
/// The two-node benchmark's verdict (issue 14): the same load against one app node and against two, run by run; the
/// medians of each, the cores the app nodes, the tool and everything else used, and whether the target holds:
/// two-node p99 at most <see cref="MaxRatio"/> times one-node p99, nothing lost, no client diverged.
/// </summary>
internal static class NodeComparison
{
    public const double MaxRatio = 1.2;

    public static string Compare(IReadOnlyList<RunResult> one, IReadOnlyList<RunResult> two)
    {
        var text = new StringBuilder();
        text.AppendLine("run        nodes  p50_ms  p95_ms  p99_ms  changes/s  floor_p99_ms  lost  diverged  clients  cores app/tool/other");
        foreach (var (label, runs) in new[] { ("1", one), ("2", two) })
        {
            foreach (var r in runs)
            {
                text.AppendLine(Row(r.Name, label, r.P50Ms, r.P95Ms, r.P99Ms, r.ChangesPerSecond, r.FloorP99Ms, r.Lost, r.Diverged, r.Clients, r.ServerCores, r.ToolCores, r.OtherCores));
            }
        }

        var m1 = Medians(one);
        var m2 = Medians(two);
        text.AppendLine(Row("median", "1", m1.P50, m1.P95, m1.P99, m1.Rate, m1.FloorP99, one.Max(r => r.Lost), one.Max(r => r.Diverged), one.Min(r => r.Clients), m1.App, m1.Tool, m1.Other));
        text.AppendLine(Row("median", "2", m2.P50, m2.P95, m2.P99, m2.Rate, m2.FloorP99, two.Max(r => r.Lost), two.Max(r => r.Diverged), two.Min(r => r.Clients), m2.App, m2.Tool, m2.Other));

        var ratio = m1.P99 > 0 ? m2.P99 / m1.P99 : double.NaN;
        var lost = Math.Max(one.Max(r => r.Lost), two.Max(r => r.Lost));
        var diverged = Math.Max(one.Max(r => r.Diverged), two.Max(r => r.Diverged));
        var met = ratio <= MaxRatio && lost == 0 && diverged == 0;
        text.Append(string.Create(
            CultureInfo.InvariantCulture,
            $"twonodes runs={Math.Min(one.Count, two.Count)} one_p99_ms={m1.P99:0.0} two_p99_ms={m2.P99:0.0} ratio_p99={ratio:0.00} lost={lost} diverged={diverged} one_app_cores={m1.App:0.00} two_app_cores={m2.App:0.00} one_other_cores={m1.Other:0.00} two_other_cores={m2.Other:0.00} target={(met ? "met" : "missed")}"));
        return text.ToString();
    }

    private static (double P50, double P95, double P99, double Rate, double FloorP99, double App, double Tool, double Other) Medians(IReadOnlyList<RunResult> runs) => (
        Stats.Median(runs.Select(r => r.P50Ms)),
        Stats.Median(runs.Select(r => r.P95Ms)),
        Stats.Median(runs.Select(r => r.P99Ms)),
        Stats.Median(runs.Select(r => r.ChangesPerSecond)),
        Stats.Median(runs.Select(r => r.FloorP99Ms)),
        Stats.Median(runs.Select(r => r.ServerCores)),
        Stats.Median(runs.Select(r => r.ToolCores)),
        Stats.Median(runs.Select(r => r.OtherCores)));

    private static string Row(string name, string nodes, double p50, double p95, double p99, double rate, double floorP99, int lost, int diverged, int clients, double app, double tool, double other) =>
        string.Create(CultureInfo.InvariantCulture, $"{name,-10} {nodes,5} {p50,7:0.0} {p95,7:0.0} {p99,7:0.0} {rate,10:0.0} {floorP99,13:0.0} {lost,5} {diverged,9} {clients,8}  {app:0.00}/{tool:0.00}/{other:0.00}");
}

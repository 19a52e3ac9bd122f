namespace StatementDrafting.LoadTool;

/// <summary>The two statistics every benchmark here prints: percentiles of one run, medians over runs.</summary>
internal static class Stats
{
    /// <summary>Nearest-rank percentile (q from 0 to 1) of values sorted ascending; NaN when there are none.</summary>
    public static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>The median of the values (the mean of the middle two when their count is even).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

using System.Diagnostics;

namespace StatementDrafting.ViewerBench;

/// <summary>
/// The load tool's <see cref="Stopwatch"/> timestamps as milliseconds since the Unix epoch, the base the pages stamp
/// with (<c>performance.timeOrigin + performance.now()</c>): both read this machine's clock. The pairing of the two
/// clocks is taken once, when the tool starts.
/// </summary>
internal static class EpochClock
{
    private static readonly long BaseTimestamp;
    private static readonly double BaseEpochMs;

    static EpochClock()
    {
        var before = Stopwatch.GetTimestamp();
        var utc = DateTimeOffset.UtcNow;
        var after = Stopwatch.GetTimestamp();
        BaseTimestamp = before + ((after - before) / 2);
        BaseEpochMs = (utc - DateTimeOffset.UnixEpoch).TotalMilliseconds;
    }

    public static double Now => Ms(Stopwatch.GetTimestamp());

    public static double Ms(long timestamp) => BaseEpochMs + ((timestamp - BaseTimestamp) * 1000.0 / Stopwatch.Frequency);
}

using System.Collections.Concurrent;
using System.Diagnostics;

namespace StatementDrafting.LoadTool;

/// <summary>When and by whom a change or an echo was sent.</summary>
internal readonly record struct Sent(int Sender, int StatementId, long At);

/// <summary>
/// What every client of one run shares: one clock, the send times looked up by change id or echo id, the measured
/// window, the acknowledged markers and a few counters.
/// </summary>
internal sealed class BenchClock
{
    public ConcurrentDictionary<string, Sent> Changes { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, Sent> Echoes { get; } = new(StringComparer.Ordinal);

    /// <summary>Marker → statement, for every marker whose change the server acknowledged.</summary>
    public ConcurrentDictionary<string, int> AckedMarkers { get; } = new(StringComparer.Ordinal);

    /// <summary>Marker → the change that carried it to the server (a marker typed while a change was in flight goes with the next one).</summary>
    public ConcurrentDictionary<string, string> MarkerChanges { get; } = new(StringComparer.Ordinal);

    /// <summary>Markers whose change was refused (never stored), with the reason.</summary>
    public ConcurrentDictionary<string, string> RefusedMarkers { get; } = new(StringComparer.Ordinal);

    public long MeasureFrom { get; set; } = long.MaxValue;

    public long MeasureUntil { get; set; } = long.MaxValue;

    public static long Now => Stopwatch.GetTimestamp();

    public static double Milliseconds(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    public static long After(long from, TimeSpan span) => from + (long)(span.TotalSeconds * Stopwatch.Frequency);

    public bool InWindow(long at) => at >= MeasureFrom && at < MeasureUntil;

    private long _changesAckedInWindow;
    private long _echoesDoneInWindow;
    private long _refused;
    private long _echoFailures;
    private long _rebuilds;
    private long _catchUps;
    private long _errors;

    public long ChangesAckedInWindow => Interlocked.Read(ref _changesAckedInWindow);

    public long EchoesDoneInWindow => Interlocked.Read(ref _echoesDoneInWindow);

    public long Refused => Interlocked.Read(ref _refused);

    public long EchoFailures => Interlocked.Read(ref _echoFailures);

    public long Rebuilds => Interlocked.Read(ref _rebuilds);

    public long CatchUps => Interlocked.Read(ref _catchUps);

    public long Errors => Interlocked.Read(ref _errors);

    public ConcurrentQueue<string> FirstErrors { get; } = new();

    public void CountAck(long sentAt)
    {
        if (InWindow(sentAt))
        {
            Interlocked.Increment(ref _changesAckedInWindow);
        }
    }

    public void CountEcho(long sentAt)
    {
        if (InWindow(sentAt))
        {
            Interlocked.Increment(ref _echoesDoneInWindow);
        }
    }

    public void CountRefused(string why)
    {
        Interlocked.Increment(ref _refused);
        Note(why);
    }

    public void CountEchoFailure(string why)
    {
        Interlocked.Increment(ref _echoFailures);
        Note(why);
    }

    public void CountRebuild() => Interlocked.Increment(ref _rebuilds);

    public void CountCatchUp() => Interlocked.Increment(ref _catchUps);

    public void CountError(string why)
    {
        Interlocked.Increment(ref _errors);
        Note(why);
    }

    private void Note(string why)
    {
        if (FirstErrors.Count < 20)
        {
            FirstErrors.Enqueue(why);
        }
    }
}

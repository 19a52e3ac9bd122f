using System.Globalization;

namespace StatementDrafting.ViewerBench;

/// <summary>
/// CPU seconds and memory of this tool's descendants (Linux /proc): the Playwright driver and the Chromium it starts,
/// counted apart (processes named <c>chromium</c> are the browser; the rest, the driver).
/// </summary>
internal readonly record struct ProcessTree(double BrowserSeconds, double DriverSeconds, int BrowserProcesses, long BrowserPssBytes)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static ProcessTree Take(bool withMemory = false)
    {
        var all = new Dictionary<int, (int Parent, string Name, double Seconds)>();
        foreach (var dir in SafeDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                var name = stat[(open + 1)..close];
                var fields = stat[(close + 2)..].Split(' ');
                // After the name: state, ppid (field 4 of the line), ..., utime (14), stime (15).
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                var seconds = (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
                all[pid] = (parent, name, seconds);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                // Gone meanwhile, or not ours to read.
            }
        }

        var self = Environment.ProcessId;
        double browser = 0, driver = 0;
        var count = 0;
        long pss = 0;
        foreach (var (pid, (_, name, seconds)) in all)
        {
            if (pid == self || !DescendsFrom(pid, self, all))
            {
                continue;
            }

            if (name.StartsWith("chromium", StringComparison.Ordinal) || name.StartsWith("chrome", StringComparison.Ordinal))
            {
                browser += seconds;
                count++;
                pss += withMemory ? PssOf(pid) : 0;
            }
            else
            {
                driver += seconds;
            }
        }

        return new ProcessTree(browser, driver, count, pss);
    }

    private static bool DescendsFrom(int pid, int ancestor, Dictionary<int, (int Parent, string Name, double Seconds)> all)
    {
        for (var i = 0; i < 64 && all.TryGetValue(pid, out var entry); i++)
        {
            if (entry.Parent == ancestor)
            {
                return true;
            }

            pid = entry.Parent;
        }

        return false;
    }

    /// <summary>Proportional set size: shared pages divided among the processes that share them (sums to the real total).</summary>
    private static long PssOf(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
            {
                if (line.StartsWith("Pss:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            // Gone meanwhile.
        }

        return 0;
    }

    private static string[] SafeDirectories(string path)
    {
        try
        {
            return Directory.GetDirectories(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}

using System.Diagnostics;
using System.Globalization;

namespace StatementDrafting.LoadTool;

/// <summary>
/// CPU seconds used by the machine, the server processes (summed: one app node or several) and this tool at one
/// instant (Linux /proc; zeros elsewhere).
/// </summary>
internal readonly record struct CpuSample(double MachineBusy, double Server, double Tool, double Wall)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static CpuSample Take(int? serverPid) => Take(serverPid is { } pid ? [pid] : []);

    public static CpuSample Take(IReadOnlyList<int> serverPids) => new(ReadMachineBusy(), serverPids.Sum(pid => ProcessSeconds(pid)), Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency);

    /// <summary>Cores used on average between two samples: (server, tool, everything else on the machine).</summary>
    public static (double Server, double Tool, double Other) Cores(CpuSample from, CpuSample to)
    {
        var wall = to.Wall - from.Wall;
        if (wall <= 0)
        {
            return (0, 0, 0);
        }

        var server = (to.Server - from.Server) / wall;
        var tool = (to.Tool - from.Tool) / wall;
        var machine = (to.MachineBusy - from.MachineBusy) / wall;
        return (server, tool, Math.Max(0, machine - server - tool));
    }

    private static double ReadMachineBusy()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var idle = fields[3] + fields[4];
            return (fields.Take(8).Sum() - idle) / TicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static double ProcessSeconds(int? pid)
    {
        if (pid is null)
        {
            return 0;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After the command name: state is field 3, utime field 14, stime field 15 (1-based over the whole line).
            return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace StatementDrafting.ScaleOutTests.Servers;

/// <summary>
/// A program the tests start and stop: its output goes to a log file (shown when something fails), and whatever is
/// still running when the test ends is killed. A missing program is a failure with the package to install, never a skip.
/// </summary>
public sealed class ExternalProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _writer;

    private ExternalProcess(Process process, StreamWriter writer, string log)
    {
        (_process, _writer) = (process, writer);
        Log = log;
    }

    /// <summary>The file holding what the program wrote.</summary>
    public string Log { get; }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    public static ExternalProcess Start(string program, IEnumerable<string> arguments, string log, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var writer = new StreamWriter(log, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(writer, e.Data);
        process.ErrorDataReceived += (_, e) => Write(writer, e.Data);
        process.Exited += (_, _) => Write(writer, $"[exited with {process.ExitCode}]");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ExternalProcess(process, writer, log);
    }

    /// <summary>Runs a program to its end (bounded) and fails with its output when it does not succeed.</summary>
    public static async Task RunAsync(string program, IEnumerable<string> arguments, string log, TimeSpan? limit = null, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        using var process = Start(program, arguments, log, workingDirectory, environment);
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromMinutes(2));
        try
        {
            await process._process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new InvalidOperationException($"{program} did not finish in time:\n{Tail(log)}");
        }

        if (process._process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process._process.ExitCode}):\n{Tail(log)}");
        }
    }

    /// <summary>The program at one of <paramref name="candidates"/>, or on PATH; a clear failure naming the package when there is none.</summary>
    public static string Find(string package, params string[] candidates)
    {
        foreach (var candidate in candidates)
        {
            if (Path.IsPathRooted(candidate) ? File.Exists(candidate) : Which(candidate) is not null)
            {
                return Path.IsPathRooted(candidate) ? candidate : Which(candidate)!;
            }
        }

        throw new InvalidOperationException($"The fault tests need {string.Join(" or ", candidates)}: install the Debian package '{package}' (scripts/test.sh does so when run as root).");
    }

    /// <summary>Stops the program at once, with everything it started (no graceful stop: a crash, as far as its clients can tell).</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    /// <summary>Asks the program to stop (SIGTERM) and waits for it, killing it after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var signal = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await signal!.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    public void Dispose()
    {
        Kill();
        _process.WaitForExit(); // the last lines of output are written before the log closes
        _process.Dispose();
        lock (_writer)
        {
            _writer.Dispose();
        }
    }

    /// <summary>The last lines of a log, for failure messages.</summary>
    public static string Tail(string log, int lines = 40) =>
        File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(lines)) : "(no log)";

    /// <summary>A port on the loopback interface that nothing listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Write(StreamWriter writer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (writer)
        {
            try
            {
                writer.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The test is over.
            }
        }
    }

    private static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}

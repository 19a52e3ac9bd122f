using System.Globalization;

namespace StatementDrafting.ScaleOutTests.Servers;

/// <summary>
/// A PostgreSQL cluster of the test's own: made with initdb in a temporary folder, served on a free loopback port, and
/// stopped and started with pg_ctl (a fast stop: sessions are cut, as when the server goes away). Run as the
/// <c>postgres</c> system user when the tests run as root, since PostgreSQL refuses to run as root.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _folder;

    private PostgresServer(string bin, string folder, int port)
    {
        (_bin, _folder, Port) = (bin, folder, port);
    }

    public int Port { get; }

    private string Data => Path.Combine(_folder, "data");

    private string Log => Path.Combine(_folder, "postgres.log");

    /// <summary>A connection string to <paramref name="database"/> on this server (trust authentication on loopback).</summary>
    public string ConnectionString(string database) =>
        string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=5;Command Timeout=30");

    /// <summary>Makes and starts a cluster in a folder of its own under the temporary folder (one the server's user can reach).</summary>
    public static async Task<PostgresServer> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"statementdrafting-pg-{Guid.NewGuid():N}");
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        bin ??= Path.GetDirectoryName(ExternalProcess.Find("postgresql", "initdb"))!;
        Directory.CreateDirectory(folder);
        await AsServerUserAsync(["chown", "-R", "postgres", folder], folder, ownFolder: true);
        var server = new PostgresServer(bin, folder, ExternalProcess.FreePort());
        await server.RunAsync(Path.Combine(bin, "initdb"), ["-D", server.Data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server (again) and waits until it accepts connections.</summary>
    public Task StartAgainAsync() => RunAsync(Path.Combine(_bin, "pg_ctl"),
    [
        "-D", Data, "-l", Log, "-w", "-t", "60", "-o",
        string.Create(CultureInfo.InvariantCulture, $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200"),
        "start",
    ]);

    /// <summary>Stops the server now (fast: open sessions are cut) and waits until it is down.</summary>
    public Task StopAsync() => RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Data, "-m", "fast", "-w", "-t", "60", "stop"]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Data, "-m", "immediate", "-w", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task RunAsync(string program, IReadOnlyList<string> arguments) => AsServerUserAsync([program, .. arguments], _folder);

    private static Task AsServerUserAsync(IReadOnlyList<string> command, string folder, bool ownFolder = false)
    {
        var log = Path.Combine(folder, "commands.log");
        if (Environment.UserName != "root")
        {
            return ownFolder ? Task.CompletedTask : ExternalProcess.RunAsync(command[0], command.Skip(1), log);
        }

        return ownFolder
            ? ExternalProcess.RunAsync(command[0], command.Skip(1), log)
            : ExternalProcess.RunAsync("runuser", ["-u", "postgres", "--", .. command], log);
    }
}

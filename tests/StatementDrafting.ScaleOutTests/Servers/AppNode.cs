using System.Globalization;

namespace StatementDrafting.ScaleOutTests.Servers;

/// <summary>
/// One node of the app as its own process (the Release or Debug build the tests were built with), on a free loopback
/// port, with the given settings as environment variables; started from the app's project folder, as `dotnet run` does,
/// so its static files are served. It can be stopped gracefully, or killed (no graceful stop).
/// </summary>
public sealed class AppNode : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly string _folder;
    private ExternalProcess? _process;

    private AppNode(string name, string folder, IReadOnlyDictionary<string, string> settings)
    {
        (Name, _folder, _settings) = (name, folder, settings);
        Port = ExternalProcess.FreePort();
    }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/"));

    public string Log => Path.Combine(_folder, $"{Name}.log");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a node and waits until it is ready (its readiness endpoint answers 200).</summary>
    public static async Task<AppNode> StartAsync(string name, string folder, IReadOnlyDictionary<string, string> settings)
    {
        var node = new AppNode(name, folder, settings);
        await node.StartAgainAsync();
        return node;
    }

    public async Task StartAgainAsync()
    {
        _process?.Dispose();
        var environment = new Dictionary<string, string>(_settings)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_NOLOGO"] = "1",
        };
        _process = ExternalProcess.Start("dotnet", [AppBuild.WebDll, "--urls", BaseAddress.AbsoluteUri.TrimEnd('/')], Log, AppBuild.WebProjectFolder, environment);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Wait.UntilAsync(
            async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"{Name} exited while starting:\n{ExternalProcess.Tail(Log)}");
                }

                try
                {
                    using var response = await http.GetAsync(new Uri(BaseAddress, "health/ready"));
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
                catch (TaskCanceledException)
                {
                    return false;
                }
            },
            TimeSpan.FromMinutes(2),
            () => $"{Name} did not become ready:\n{ExternalProcess.Tail(Log)}");
    }

    /// <summary>Kills the node: no graceful stop, no draining; its connections simply drop.</summary>
    public void Kill() => _process?.Kill();

    public Task StopAsync() => _process?.StopAsync(TimeSpan.FromSeconds(30)) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.StopAsync(TimeSpan.FromSeconds(10));
            _process.Dispose();
        }
    }
}

/// <summary>Where the app's build is: the same configuration as these tests, in the app's own project folder.</summary>
public static class AppBuild
{
    public static string Root { get; } = FindRoot();

    public static string WebProjectFolder => Path.Combine(Root, "src", "StatementDrafting.Web");

    /// <summary>The app's DLL from its own output folder (bin/Release/net10.0 when the tests run in Release).</summary>
    public static string WebDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var dll = Path.Combine(WebProjectFolder, "bin", configuration, "net10.0", "StatementDrafting.Web.dll");
            return File.Exists(dll) ? dll : throw new InvalidOperationException($"The app is not built at {dll}: build the solution first.");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StatementDrafting.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository's root (StatementDrafting.slnx) is not above the tests' folder.");
    }
}

using System.Net;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace StatementDrafting.BrowserTests;

/// <summary>
/// The real app on Kestrel, listening on a free loopback port, with its own SQLite file in a fresh temporary folder
/// and the demo consultation seeded on start.
/// </summary>
public sealed class StatementDraftingServer : WebApplicationFactory<Program>
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("statementdrafting-browser-");

    /// <summary>The address the server listens on, ending in a slash (the app's base href is "/").</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public void Start()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel started without reporting the address it listens on.");
        var address = addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel started without listening on any address.");
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Path", Path.Combine(_folder.FullName, "statementdrafting.db"));
        builder.UseSetting("Demo:Enabled", "true");
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            // Pooled connections keep the database files open: release them before removing the folder.
            SqliteConnection.ClearAllPools();
            if (_folder.Exists)
            {
                _folder.Delete(recursive: true);
            }
        }
    }
}

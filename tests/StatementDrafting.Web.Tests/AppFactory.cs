using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Tests;

/// <summary>
/// The real app in memory, on a real SQLite file in a temporary folder, or on a fresh PostgreSQL database of its own
/// when <see cref="TestDatabase.Variable"/> names a server, in the "Testing" environment.
/// Demo mode is whatever the test asks for (null leaves the app's own default for a non-Development environment).
/// <c>sameDatabaseAs</c> makes this app a second node on another (started) app's database.
/// Every log entry is captured so tests can check what the app writes to its logs.
/// </summary>
public sealed class AppFactory(bool? demo = true, TempFolder? folder = null, TimeProvider? clock = null, string? databasePath = null, IReadOnlyDictionary<string, string>? settings = null, AppFactory? sameDatabaseAs = null)
    : WebApplicationFactory<Program>
{
    private readonly bool _ownsFolder = folder is null;
    private TestDatabase? _postgres;

    public TempFolder Folder { get; } = folder ?? new TempFolder();

    public string DatabasePath => databasePath ?? sameDatabaseAs?.DatabasePath ?? Path.Combine(Folder.Path, "app.db");

    public ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>The app's PostgreSQL database; null when it runs on SQLite.</summary>
    public string? PostgresConnectionString => _postgres?.ConnectionString ?? sameDatabaseAs?.PostgresConnectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Path", DatabasePath);
        if (TestDatabase.OnPostgres)
        {
            var connectionString = sameDatabaseAs is null
                ? (_postgres ??= TestDatabase.CreateIfConfigured()!).ConnectionString
                : sameDatabaseAs.PostgresConnectionString ?? throw new InvalidOperationException("Start the first app before its second node.");
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("ConnectionStrings:Drafting", connectionString);
        }

        if (demo is { } enabled)
        {
            builder.UseSetting("Demo:Enabled", enabled ? "true" : "false");
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        // Everything, at every level, so that tests see what any log configuration could ever write.
        builder.UseSetting("Logging:LogLevel:Default", "Debug");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Debug");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Debug");
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(new CapturingLoggerProvider(Logs));
            logging.SetMinimumLevel(LogLevel.Debug);
        });
        if (clock is not null)
        {
            builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton(clock)));
        }
    }

    /// <summary>
    /// A client that acts as the account with this e-mail address, through a personal access token issued for it
    /// (the same authentication path scripts and the hub's non-browser clients use).
    /// </summary>
    public async Task<HttpClient> ClientAsAsync(string email)
    {
        var secret = await TokenForAsync(email);
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    /// <summary>Issues a personal access token for the account with this e-mail address and returns its secret.</summary>
    public Task<string> TokenForAsync(string email) =>
        QueryAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            var (secret, token) = StatementDrafting.Web.Infrastructure.Identity.AccessToken.Issue(user.Id, "tests", DateTimeOffset.UtcNow, null);
            db.AccessTokens.Add(token);
            await db.SaveChangesAsync();
            return secret;
        });

    /// <summary>
    /// A SignalR connection to the drafting hub through the test server, as the account with this e-mail address (by
    /// personal access token), or anonymous when null. Not started.
    /// </summary>
    public async Task<Microsoft.AspNetCore.SignalR.Client.HubConnection> HubAsAsync(string? email)
    {
        var token = email is null ? null : await TokenForAsync(email);
        return new Microsoft.AspNetCore.SignalR.Client.HubConnectionBuilder()
            .WithUrl(new Uri(Server.BaseAddress, "hubs/drafting"), o =>
            {
                o.SkipNegotiation = true;
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                o.WebSocketFactory = async (context, cancellationToken) =>
                {
                    var client = Server.CreateWebSocketClient();
                    if (token is not null)
                    {
                        client.ConfigureRequest = r => r.Headers.Authorization = "Bearer " + token;
                    }

                    return await client.ConnectAsync(context.Uri, cancellationToken);
                };
                o.AccessTokenProvider = () => Task.FromResult(token);
            })
            .Build();
    }

    public async Task<T> QueryAsync<T>(Func<DraftingDbContext, Task<T>> query)
    {
        var factory = Services.GetRequiredService<IDbContextFactory<DraftingDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await query(db);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _postgres?.Dispose();
            if (_ownsFolder)
            {
                Folder.Dispose();
            }
        }
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, sink);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

/// <summary>A temporary folder, deleted with everything in it when disposed.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("statementdrafting-tests-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finished test host: the OS temp cleaner will get it.
        }
    }
}

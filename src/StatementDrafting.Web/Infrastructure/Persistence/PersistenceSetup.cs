using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using StatementDrafting.Web.Infrastructure.Demo;
using StatementDrafting.Web.Infrastructure.Identity;
using StatementDrafting.Web.Infrastructure.Persistence.Postgres;
using StatementDrafting.Web.Infrastructure.Persistence.Sqlite;

namespace StatementDrafting.Web.Infrastructure.Persistence;

public static class PersistenceSetup
{
    /// <summary>
    /// Registers the configured database (<see cref="DatabaseOptions"/>), one context per operation: SQLite at the
    /// configured path, or PostgreSQL at the configured connection string. Returns where it is.
    /// </summary>
    public static DatabaseLocation AddPersistence(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var path = options.ResolvePath(environment.ContentRootPath);
        var dataFolder = Path.GetDirectoryName(path)!;
        DatabaseLocation location;
        if (options.Provider == DatabaseProvider.Postgres)
        {
            var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
            location = new DatabaseLocation(DatabaseProvider.Postgres, Describe(connectionString), dataFolder)
            {
                Problem = string.IsNullOrWhiteSpace(connectionString)
                    ? $"Database:Provider is Postgres but ConnectionStrings:{DatabaseOptions.ConnectionStringName} is not set"
                    : null,
            };

            // Several nodes may write at once: contended rows carry concurrency tokens and unique keys instead of a gate.
            services.AddSingleton(new DatabaseWriteGate(serialises: false));
            services.AddPooledDbContextFactory<PostgresDraftingDbContext>(o => o
                .UseNpgsql(connectionString ?? string.Empty, npgsql => npgsql.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)));
            services.AddSingleton<IDbContextFactory<DraftingDbContext>, ProviderContextFactory<PostgresDraftingDbContext>>();
        }
        else
        {
            location = new DatabaseLocation(DatabaseProvider.Sqlite, path, dataFolder);
            var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
            services.AddSingleton(new DatabaseWriteGate(serialises: true));
            services.AddPooledDbContextFactory<SqliteDraftingDbContext>(o => o
                .UseSqlite(connectionString, sqlite => sqlite.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery))
                .AddInterceptors(new SqliteConnectionSetup()));
            services.AddSingleton<IDbContextFactory<DraftingDbContext>, ProviderContextFactory<SqliteDraftingDbContext>>();
        }

        services.AddSingleton(location);
        return location;
    }

    /// <summary>
    /// Creates the database's folder (SQLite), applies migrations, moves data-protection keys kept in files by earlier
    /// versions into the database and, in demo mode, seeds an empty database. Returns false, after writing one line to
    /// standard error, when the database cannot be created or opened.
    /// </summary>
    public static async Task<bool> TryPrepareDatabaseAsync(this WebApplication app, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        var location = app.Services.GetRequiredService<DatabaseLocation>();
        try
        {
            if (location.Problem is { } problem)
            {
                await Console.Error.WriteLineAsync($"StatementDrafting cannot open its database: {problem}.");
                return false;
            }

            if (location.Provider == DatabaseProvider.Sqlite)
            {
                Directory.CreateDirectory(location.DataFolder);
            }

            var factory = app.Services.GetRequiredService<IDbContextFactory<DraftingDbContext>>();
            await using (var db = await factory.CreateDbContextAsync(ct))
            {
                await db.Database.MigrateAsync(ct);
                if (db.Database.IsSqlite())
                {
                    await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
                }

                await KeyFiles.ImportAsync(db, Path.Combine(location.DataFolder, "keys"), ct);
            }

            // The key ring is read, and a key created if there is none, now: never first inside a transaction (the demo
            // seed's), where storing a new key would wait for the very write lock that transaction holds on SQLite.
            app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("StatementDrafting.Startup").Protect([]);

            if (app.Services.GetRequiredService<DemoOptions>().Enabled
                && await app.Services.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(ct) is { } credentials)
            {
                Directory.CreateDirectory(location.DataFolder);
                DemoCredentialsNotice.ShowWhenStarted(app, credentials, location.DataFolder);
            }
            else if (await FirstAdministrator.IssueSetupTokenIfNoAccountsAsync(
                app.Services.GetRequiredService<IDbContextFactory<DraftingDbContext>>(), app.Services.GetRequiredService<TimeProvider>(), ct) is { } secret)
            {
                FirstAdministrator.ShowWhenStarted(app, secret);
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException or NpgsqlException or NotSupportedException)
        {
            await Console.Error.WriteLineAsync($"StatementDrafting cannot create or open its database at '{location.Description}': {OneLine(e.Message)}");
            return false;
        }
    }

    /// <summary>Where a PostgreSQL database is, for messages: host, port and database, never the password.</summary>
    internal static string Describe(string? connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"PostgreSQL database '{builder.Database}' on {builder.Host}:{builder.Port}";
        }
        catch (ArgumentException)
        {
            return "PostgreSQL (the connection string cannot be read)";
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}

/// <summary>
/// The database in use: its provider, where it is (the SQLite file's full path, or the PostgreSQL server and database
/// without credentials), and the app's data folder (beside the SQLite file; <c>data/</c> under the content root by
/// default), where the demo's sign-in file is written. <see cref="Problem"/> says why it cannot be used, if so.
/// </summary>
public sealed record DatabaseLocation(DatabaseProvider Provider, string Description, string DataFolder)
{
    public string? Problem { get; init; }
}

/// <summary>Hands out a provider's derived context as the provider-neutral <see cref="DraftingDbContext"/>.</summary>
internal sealed class ProviderContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<DraftingDbContext>
    where TContext : DraftingDbContext
{
    public DraftingDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<DraftingDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Web.Infrastructure.Demo;
using StatementDrafting.Web.Infrastructure.Identity;
using StatementDrafting.Web.Infrastructure.Persistence.Sqlite;

namespace StatementDrafting.Web.Infrastructure.Persistence;

public static class PersistenceSetup
{
    /// <summary>Registers the database: SQLite at the configured path, one context per operation. Returns the database's full path.</summary>
    public static string AddPersistence(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var path = options.ResolvePath(environment.ContentRootPath);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();

        services.AddSingleton(new DatabaseLocation(path));
        services.AddSingleton<DatabaseWriteGate>();
        services.AddPooledDbContextFactory<SqliteDraftingDbContext>(o => o
            .UseSqlite(connectionString, sqlite => sqlite.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery))
            .AddInterceptors(new SqliteConnectionSetup()));
        services.AddSingleton<IDbContextFactory<DraftingDbContext>, ProviderContextFactory<SqliteDraftingDbContext>>();
        return path;
    }

    /// <summary>
    /// Creates the database's folder, applies migrations and, in demo mode, seeds an empty database.
    /// Returns false, after writing one line to standard error, when the database cannot be created or opened.
    /// </summary>
    public static async Task<bool> TryPrepareDatabaseAsync(this WebApplication app, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        var location = app.Services.GetRequiredService<DatabaseLocation>();
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(location.Path)!);
            var factory = app.Services.GetRequiredService<IDbContextFactory<DraftingDbContext>>();
            await using (var db = await factory.CreateDbContextAsync(ct))
            {
                await db.Database.MigrateAsync(ct);
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            }

            if (app.Services.GetRequiredService<DemoOptions>().Enabled
                && await app.Services.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(ct) is { } credentials)
            {
                DemoCredentialsNotice.ShowWhenStarted(app, credentials, Path.GetDirectoryName(location.Path)!);
            }
            else if (await FirstAdministrator.IssueSetupTokenIfNoAccountsAsync(
                app.Services.GetRequiredService<IDbContextFactory<DraftingDbContext>>(), app.Services.GetRequiredService<TimeProvider>(), ct) is { } secret)
            {
                FirstAdministrator.ShowWhenStarted(app, secret);
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException or NotSupportedException)
        {
            await Console.Error.WriteLineAsync($"StatementDrafting cannot create or open its database at '{location.Path}': {OneLine(e.Message)}");
            return false;
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}

/// <summary>The full path of the database file in use.</summary>
public sealed record DatabaseLocation(string Path);

/// <summary>Hands out a provider's derived context as the provider-neutral <see cref="DraftingDbContext"/>.</summary>
internal sealed class ProviderContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<DraftingDbContext>
    where TContext : DraftingDbContext
{
    public DraftingDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<DraftingDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}

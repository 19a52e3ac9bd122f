using System.Globalization;
using Npgsql;

namespace StatementDrafting.Web.Tests;

/// <summary>
/// A throwaway PostgreSQL database for one test app, when the environment variable <see cref="Variable"/> names a
/// server (a connection string without a database: <c>Host=127.0.0.1;Port=55432;Username=postgres</c>). Created
/// empty (the app migrates it) and dropped when disposed. Without the variable, tests run on SQLite files.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public const string Variable = "STATEMENTDRAFTING_TEST_POSTGRES";

    private readonly string _server;
    private readonly string _name;

    private TestDatabase(string server)
    {
        _server = server;
        _name = "sd_test_" + Guid.NewGuid().ToString("N");
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = _name }.ToString();
        Execute($"CREATE DATABASE \"{_name}\"");
    }

    /// <summary>The server tests run against, or null for SQLite.</summary>
    public static string? Server =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } server ? server : null;

    public static bool OnPostgres => Server is not null;

    /// <summary>The connection string of this database, for the app's <c>ConnectionStrings:Drafting</c>.</summary>
    public string ConnectionString { get; }

    /// <summary>A new database on the configured server; null when tests run on SQLite.</summary>
    public static TestDatabase? CreateIfConfigured() => Server is { } server ? new TestDatabase(server) : null;

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        Execute($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
    }

    private void Execute(string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(_server) { Database = "postgres", Pooling = false };
        try
        {
            using var connection = new NpgsqlConnection(builder.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"{Variable} names a PostgreSQL server ({builder.Host}:{builder.Port}) that did not answer '{sql}': {e.Message}"), e);
        }
    }
}

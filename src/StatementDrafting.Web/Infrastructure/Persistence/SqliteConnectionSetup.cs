using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace StatementDrafting.Web.Infrastructure.Persistence;

/// <summary>
/// Every SQLite connection waits for the write lock through SQLite's own busy handler (woken as soon as the lock is
/// free) rather than the client library's retry, which sleeps 150 ms and blocks a thread-pool thread meanwhile.
/// </summary>
internal sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    // secure_delete = FAST: what a write frees inside a page is overwritten with zeros (no extra I/O), so that an
    // updated row leaves no old copy behind, such as an open poll's secret (ADR 0011); closing a poll asks for ON.
    private const string Pragmas = "PRAGMA busy_timeout = 10000; PRAGMA secure_delete = FAST;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

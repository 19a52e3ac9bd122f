using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace StatementDrafting.Web.Infrastructure.Persistence;

/// <summary>What a failed write means, whichever provider reported it.</summary>
public static class DatabaseErrors
{
    // SQLite's extended result codes for a unique index or primary key refusing a row.
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    // A write transaction that began by reading, after another connection committed: its snapshot is out of date.
    private const int SqliteBusySnapshot = 517;

    /// <summary>A unique index or primary key refused the write: SQLite's constraint codes, PostgreSQL's 23505.</summary>
    public static bool IsUniqueViolation(Exception exception) =>
        exception?.GetBaseException() switch
        {
            SqliteException { SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey } => true,
            PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => true,
            _ => false,
        };

    /// <summary>
    /// Another writer got there first: a concurrency token or a unique key refused the write, SQLite found the
    /// transaction's snapshot out of date, or PostgreSQL gave up a transaction that collided with another (serialisation
    /// failure, deadlock). Reading again and retrying may succeed. Raw SQL reports PostgreSQL's own exception, not
    /// Entity Framework's, so any exception is looked into.
    /// </summary>
    public static bool IsConflict(Exception exception) =>
        exception is DbUpdateConcurrencyException
        || IsUniqueViolation(exception)
        || exception?.GetBaseException() is SqliteException { SqliteExtendedErrorCode: SqliteBusySnapshot }
            or PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected };

    /// <summary>
    /// The database could not be reached or went away (PostgreSQL stopped or restarting, the network to it down, SQLite's
    /// file busy or unreadable): nothing was stored, and the same request may succeed in a moment.
    /// </summary>
    public static bool IsUnreachable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case NpgsqlException { IsTransient: true }:
                case NpgsqlException { InnerException: System.Net.Sockets.SocketException or IOException or TimeoutException }:
                case SqliteException { SqliteErrorCode: SqliteBusy or SqliteIoError or SqliteCannotOpen }:
                case System.Net.Sockets.SocketException:
                    return true;
            }
        }

        return false;
    }

    private const int SqliteBusy = 5;
    private const int SqliteIoError = 10;
    private const int SqliteCannotOpen = 14;
}

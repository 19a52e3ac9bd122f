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
    public static bool IsUniqueViolation(DbUpdateException exception) =>
        exception?.GetBaseException() switch
        {
            SqliteException { SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey } => true,
            PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => true,
            _ => false,
        };

    /// <summary>
    /// Another writer got there first: a concurrency token or a unique key refused the write, SQLite found the
    /// transaction's snapshot out of date, or PostgreSQL gave up a transaction that collided with another (serialisation
    /// failure, deadlock). Reading again and retrying may succeed.
    /// </summary>
    public static bool IsConflict(DbUpdateException exception) =>
        exception is DbUpdateConcurrencyException
        || IsUniqueViolation(exception)
        || exception?.GetBaseException() is SqliteException { SqliteExtendedErrorCode: SqliteBusySnapshot }
            or PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected };
}

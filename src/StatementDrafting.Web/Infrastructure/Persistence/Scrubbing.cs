using Microsoft.EntityFrameworkCore;

namespace StatementDrafting.Web.Infrastructure.Persistence;

/// <summary>
/// Deleting so that the deleted rows do not stay in the database files, as far as the provider allows (ADR 0011).
/// On SQLite: full secure deletion (freed content and freed pages are overwritten with zeros; every connection already
/// zeroes what it frees inside a page, <see cref="SqliteConnectionSetup"/>) for the deleting connection, then, after
/// the commit, a checkpoint that copies the write-ahead log into the database and truncates the log. On PostgreSQL:
/// after the commit, a <c>VACUUM</c> of the tables scrubbed, which removes the dead row versions (deleted rows, and
/// the old versions of updated ones) from their heap at once rather than when autovacuum comes by. Their bytes may
/// remain in the pages' free space until it is reused, and in the write-ahead log until it is recycled.
/// </summary>
public static class Scrubbing
{
    public static async Task BeforeDeleteAsync(DraftingDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA secure_delete = ON;", cancellationToken);
        }
    }

    /// <summary>After the commit that deleted or cleared rows of the entity types given (their tables on PostgreSQL).</summary>
    public static async Task AfterCommitAsync(DraftingDbContext db, IEnumerable<Type> scrubbed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scrubbed);
        if (db.Database.IsSqlite())
        {
            // The log's frames still hold the rows as they were; the checkpoint writes the scrubbed pages over the
            // database's and empties the log (it waits for readers that still need older frames).
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA secure_delete = FAST;", cancellationToken);
        }
        else if (db.Database.IsNpgsql())
        {
            // VACUUM runs outside any transaction, and removes only row versions no open transaction may still read.
            var tables = scrubbed.Select(t => db.Model.FindEntityType(t)?.GetTableName()
                ?? throw new ArgumentException($"{t.Name} is not stored in a table of its own.", nameof(scrubbed)));
            var sql = "VACUUM " + string.Join(", ", tables.Distinct(StringComparer.Ordinal).Select(t => $"\"{t}\"")) + ";";
            await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
        }
    }
}

using Microsoft.EntityFrameworkCore;

namespace StatementDrafting.Web.Infrastructure.Persistence;

/// <summary>
/// Deleting so that the deleted bytes do not stay in the database files, as far as the provider allows (ADR 0011). On
/// SQLite: full secure deletion (freed content and freed pages are overwritten with zeros; every connection already
/// zeroes what it frees inside a page, <see cref="SqliteConnectionSetup"/>) for the deleting connection, then, after
/// the commit, a checkpoint that copies the write-ahead log into the database and truncates the log.
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

    public static async Task AfterCommitAsync(DraftingDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.IsSqlite())
        {
            // The log's frames still hold the rows as they were; the checkpoint writes the scrubbed pages over the
            // database's and empties the log (it waits for readers that still need older frames).
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA secure_delete = FAST;", cancellationToken);
        }
    }
}

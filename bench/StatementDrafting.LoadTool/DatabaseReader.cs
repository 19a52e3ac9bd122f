using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace StatementDrafting.LoadTool;

/// <summary>A statement's text as read from the database file, and how it was read.</summary>
internal sealed record StoredStatement(int StatementId, string Source, int? Revision, Document Document);

/// <summary>The app's database: a SQLite file (opened read-only) or a PostgreSQL database (an Npgsql connection string).</summary>
internal sealed record StoredDatabase(string? SqlitePath, string? PostgresConnection)
{
    public static StoredDatabase Sqlite(string path) => new(path, null);

    public static StoredDatabase Postgres(string connectionString) => new(null, connectionString);

    public DbConnection Open()
    {
        DbConnection db = SqlitePath is { } path
            ? new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString())
            : new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresConnection) { Pooling = false }.ToString());
        db.Open();
        return db;
    }
}

/// <summary>
/// Reads statements straight from the app's database (a SQLite file, read-only, or PostgreSQL), with nothing but SQL:
/// the one place the load tool knows the storage (table and column names, not code; the names are quoted, which both
/// databases accept and PostgreSQL needs). Two readings: the live <c>Blocks</c> table, and the latest snapshot with
/// the change log replayed over it (text operations only).
/// </summary>
internal static class DatabaseReader
{
    /// <summary>The common statements' ids by cluster number, from a SQLite file.</summary>
    public static IReadOnlyList<int> CommonStatements(string path) => CommonStatements(StoredDatabase.Sqlite(path));

    /// <summary>The common statements' ids by cluster number.</summary>
    public static IReadOnlyList<int> CommonStatements(StoredDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        using var db = database.Open();
        using var command = db.CreateCommand();
        command.CommandText = """SELECT "Id" FROM "Statements" WHERE "Kind" = 'Common' ORDER BY "ClusterNumber" """;
        using var reader = command.ExecuteReader();
        var ids = new List<int>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt32(0));
        }

        return ids;
    }

    /// <summary>The statement's stored revision.</summary>
    public static int StoredRevision(StoredDatabase database, int statementId)
    {
        ArgumentNullException.ThrowIfNull(database);
        using var db = database.Open();
        using var command = db.CreateCommand();
        command.CommandText = """SELECT "Revision" FROM "Statements" WHERE "Id" = @id""";
        AddParameter(command, "@id", statementId);
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Every reading of the statement the database allows; problems are returned as text, not thrown.</summary>
    public static (IReadOnlyList<StoredStatement> Readings, IReadOnlyList<string> Problems) Read(StoredDatabase database, int statementId)
    {
        ArgumentNullException.ThrowIfNull(database);
        var readings = new List<StoredStatement>();
        var problems = new List<string>();
        using var db = database.Open();
        try
        {
            readings.Add(ReadTable(db, statementId));
        }
        catch (DbException e)
        {
            problems.Add($"statement {statementId}, Blocks table: {e.Message}");
        }

        try
        {
            if (ReadLog(db, statementId) is { } replayed)
            {
                readings.Add(replayed);
            }
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or JsonException or FormatException)
        {
            problems.Add($"statement {statementId}, snapshot + log: {e.Message}");
        }

        return (readings, problems);
    }

    private static void AddParameter(DbCommand command, string name, int value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static StoredStatement ReadTable(DbConnection db, int statementId)
    {
        int? revision = null;
        using (var command = db.CreateCommand())
        {
            command.CommandText = """SELECT "Revision" FROM "Statements" WHERE "Id" = @id""";
            AddParameter(command, "@id", statementId);
            try
            {
                revision = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (DbException)
            {
                // No Revision column: the table is read without one.
            }
        }

        using var blocks = db.CreateCommand();
        blocks.CommandText = """SELECT "Id", "Kind", "HeadingLevel", "Text" FROM "Blocks" WHERE "StatementId" = @id ORDER BY "Position" """;
        AddParameter(blocks, "@id", statementId);
        using var reader = blocks.ExecuteReader();
        var list = new List<DocBlock>();
        while (reader.Read())
        {
            list.Add(new DocBlock(reader.GetString(0), KindName(reader.GetString(1)), reader.GetInt32(2), reader.GetString(3)));
        }

        return new StoredStatement(statementId, "blocks-table", revision, new Document(list));
    }

    private static StoredStatement? ReadLog(DbConnection db, int statementId)
    {
        int start;
        Document document;
        using (var snapshot = db.CreateCommand())
        {
            snapshot.CommandText = """SELECT "Revision", "BlocksJson" FROM "StatementSnapshots" WHERE "StatementId" = @id ORDER BY "Revision" DESC LIMIT 1""";
            AddParameter(snapshot, "@id", statementId);
            using var reader = snapshot.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            start = reader.GetInt32(0);
            using var json = JsonDocument.Parse(reader.GetString(1));
            document = Document.FromJson(json.RootElement);
        }

        using var changes = db.CreateCommand();
        changes.CommandText = """SELECT "Revision", "AppliedJson" FROM "StatementChanges" WHERE "StatementId" = @id AND "Revision" > @from ORDER BY "Revision" """;
        AddParameter(changes, "@id", statementId);
        AddParameter(changes, "@from", start);
        using var rows = changes.ExecuteReader();
        var revision = start;
        while (rows.Read())
        {
            var next = rows.GetInt32(0);
            if (next != revision + 1)
            {
                throw new InvalidOperationException($"the log jumps from revision {revision} to {next}");
            }

            using var json = JsonDocument.Parse(rows.GetString(1));
            foreach (var op in EditOp.ParseList(json.RootElement))
            {
                document.Apply(op);
            }

            revision = next;
        }

        return new StoredStatement(statementId, "snapshot+log", revision, document);
    }

    /// <summary>The protocol's kind names for the names the database stores (enum names), whichever it holds.</summary>
    private static string KindName(string stored) => stored switch
    {
        "Heading" => "heading",
        "NumberedParagraph" => "numbered",
        "UnnumberedParagraph" => "unnumbered",
        _ => stored.ToLowerInvariant(),
    };
}

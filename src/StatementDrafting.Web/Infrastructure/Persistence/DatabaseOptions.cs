namespace StatementDrafting.Web.Infrastructure.Persistence;

/// <summary>
/// Which database the app uses, and where. <c>Database:Provider</c> is <c>Sqlite</c> (the default) or <c>Postgres</c>.
/// SQLite: <c>Database:Path</c> (environment variable <c>Database__Path</c>, or <c>--Database:Path=...</c> on the
/// command line); by default <c>data/statementdrafting.db</c> under the app's content root. PostgreSQL: the connection
/// string <c>ConnectionStrings:Drafting</c> (environment variable <c>ConnectionStrings__Drafting</c>).
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>The name of the PostgreSQL connection string under <c>ConnectionStrings</c>.</summary>
    public const string ConnectionStringName = "Drafting";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    public string? Path { get; set; }

    public string ResolvePath(string contentRoot) =>
        System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(Path)
            ? System.IO.Path.Combine(contentRoot, "data", "statementdrafting.db")
            : System.IO.Path.Combine(contentRoot, Path));
}

/// <summary>The database engines the app runs on; each has its own context type and migrations (ADR 0002).</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

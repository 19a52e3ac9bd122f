namespace StatementDrafting.Web.Infrastructure.Persistence;

/// <summary>
/// Where the database lives. <c>Database:Path</c> in configuration (environment variable <c>Database__Path</c>,
/// or <c>--Database:Path=...</c> on the command line); by default <c>data/statementdrafting.db</c> under the app's content root.
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public string? Path { get; set; }

    public string ResolvePath(string contentRoot) =>
        System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(Path)
            ? System.IO.Path.Combine(contentRoot, "data", "statementdrafting.db")
            : System.IO.Path.Combine(contentRoot, Path));
}

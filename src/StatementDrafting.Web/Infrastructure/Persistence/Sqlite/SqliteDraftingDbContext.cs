using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace StatementDrafting.Web.Infrastructure.Persistence.Sqlite;

/// <summary>The SQLite flavour of the database; its migrations live in <c>Sqlite/Migrations</c>.</summary>
public sealed class SqliteDraftingDbContext(DbContextOptions<SqliteDraftingDbContext> options) : DraftingDbContext(options);

/// <summary>Lets <c>dotnet ef migrations add X --context SqliteDraftingDbContext</c> build the model without starting the app.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteDraftingDbContext>
{
    public SqliteDraftingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteDraftingDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

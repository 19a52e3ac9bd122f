using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using StatementDrafting.Web.Infrastructure.Persistence;
using StatementDrafting.Web.Infrastructure.Persistence.Postgres;
using StatementDrafting.Web.Infrastructure.Persistence.Sqlite;

namespace StatementDrafting.Web.Tests.Infrastructure.Persistence;

/// <summary>
/// Each provider keeps its own migrations (ADR 0002): both must describe the same model (entities, columns, keys,
/// indexes, concurrency tokens, relationships), and each provider's migrations must be up to date with it, so that a
/// migration added for one provider and forgotten for the other fails here. No database is opened.
/// </summary>
public sealed class ProviderModelTests
{
    [Fact]
    public void Both_providers_map_the_same_model()
    {
        using var sqlite = Sqlite();
        using var postgres = Postgres();

        var (onSqlite, onPostgres) = (Describe(sqlite), Describe(postgres));

        var differences = onSqlite.Except(onPostgres, StringComparer.Ordinal).Select(l => "only on SQLite: " + l)
            .Concat(onPostgres.Except(onSqlite, StringComparer.Ordinal).Select(l => "only on PostgreSQL: " + l)).ToList();
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
        Assert.True(onSqlite.Count > 300, "the description covers the model");
    }

    [Fact]
    public void The_sqlite_migrations_are_up_to_date_with_the_model()
    {
        using var db = Sqlite();
        Assert.False(db.Database.HasPendingModelChanges(), "the model changed: add a migration for SQLite (docs/decisions/0002)");
    }

    [Fact]
    public void The_postgres_migrations_are_up_to_date_with_the_model()
    {
        using var db = Postgres();
        Assert.False(db.Database.HasPendingModelChanges(), "the model changed: add a migration for PostgreSQL (docs/decisions/0002)");
    }

    [Fact]
    public void Both_providers_have_migrated_the_same_tables()
    {
        using var sqlite = Sqlite();
        using var postgres = Postgres();
        Assert.Equal(Tables(sqlite), Tables(postgres));
    }

    private static SqliteDraftingDbContext Sqlite() =>
        new(new DbContextOptionsBuilder<SqliteDraftingDbContext>().UseSqlite("Data Source=:memory:").Options);

    private static PostgresDraftingDbContext Postgres() =>
        new(new DbContextOptionsBuilder<PostgresDraftingDbContext>().UseNpgsql("Host=localhost;Database=model_only").Options);

    /// <summary>The tables the provider's migrations snapshot knows.</summary>
    private static List<string> Tables(DbContext db)
    {
        var snapshot = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsAssembly>().ModelSnapshot!.Model;
        return [.. snapshot.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().Order(StringComparer.Ordinal)];
    }

    /// <summary>Everything about the model that both providers must agree on, one line each, in a stable order.</summary>
    private static List<string> Describe(DbContext db)
    {
        var lines = new List<string>();
        foreach (var entity in db.Model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var table = StoreObjectIdentifier.Create(entity, StoreObjectType.Table);
            var where = $"{entity.Name} [{entity.GetTableName()}]";
            lines.Add(where);
            foreach (var property in entity.GetProperties().OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{where} property {property.Name}: {property.ClrType.Name} column={(table is { } t ? property.GetColumnName(t) : "-")} nullable={property.IsNullable} max={property.GetMaxLength()} token={property.IsConcurrencyToken} generated={Generated(property)}"));
            }

            foreach (var key in entity.GetKeys())
            {
                lines.Add($"{where} key {(key.IsPrimaryKey() ? "primary" : "alternate")} ({Names(key.Properties)})");
            }

            foreach (var index in entity.GetIndexes())
            {
                lines.Add($"{where} index {index.GetDatabaseName()} ({Names(index.Properties)}) unique={index.IsUnique} filter={index.GetFilter()}");
            }

            foreach (var foreignKey in entity.GetForeignKeys())
            {
                lines.Add($"{where} foreign key ({Names(foreignKey.Properties)}) -> {foreignKey.PrincipalEntityType.Name} on delete {foreignKey.DeleteBehavior}");
            }
        }

        return [.. lines.Order(StringComparer.Ordinal)];
    }

    /// <summary>How the value is generated; not for the ordinal of a JSON collection's items, which each provider keeps its own way.</summary>
    private static string Generated(IProperty property) =>
        property.DeclaringType is IEntityType { } owner && owner.IsMappedToJson() && property.IsShadowProperty() && property.IsKey()
            ? "json-ordinal"
            : property.ValueGenerated.ToString();

    private static string Names(IEnumerable<IReadOnlyProperty> properties) => string.Join(", ", properties.Select(p => p.Name));
}

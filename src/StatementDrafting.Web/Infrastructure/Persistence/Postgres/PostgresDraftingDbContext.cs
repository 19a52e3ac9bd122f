using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace StatementDrafting.Web.Infrastructure.Persistence.Postgres;

/// <summary>The PostgreSQL flavour of the database; its migrations live in <c>Postgres/Migrations</c>.</summary>
public sealed class PostgresDraftingDbContext(DbContextOptions<PostgresDraftingDbContext> options) : DraftingDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        base.ConfigureConventions(configurationBuilder);

        // timestamptz holds instants: Npgsql writes only offset zero, so every instant is stored as UTC (read back as UTC).
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcConverter>();

        // The model's DateTime values are wall-clock times in a consultation's zone (a registration deadline), not instants.
        configurationBuilder.Properties<DateTime>().HaveColumnType("timestamp without time zone");
        configurationBuilder.Properties<DateTime?>().HaveColumnType("timestamp without time zone");
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RoundInstants();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RoundInstants();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// PostgreSQL keeps instants to the microsecond, .NET to a tenth of one: what is written is rounded down here, in
    /// the entities too, so that what a handler answers after saving is what a later read returns.
    /// </summary>
    private void RoundInstants()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            foreach (var property in entry.Properties)
            {
                if (property.CurrentValue is DateTimeOffset instant && instant.UtcTicks % TimeSpan.TicksPerMicrosecond != 0)
                {
                    property.CurrentValue = instant.AddTicks(-(instant.UtcTicks % TimeSpan.TicksPerMicrosecond));
                }
            }
        }
    }

    /// <summary>Any offset in, the same instant at offset zero out; values read are UTC already.</summary>
    private sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);
}

/// <summary>
/// Lets <c>dotnet ef migrations add X --context PostgresDraftingDbContext</c> build the model without starting the app
/// (no server is contacted to add a migration).
/// </summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresDraftingDbContext>
{
    public PostgresDraftingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresDraftingDbContext>().UseNpgsql("Host=localhost;Database=statementdrafting_design").Options);
}

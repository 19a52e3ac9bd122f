using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Web.Infrastructure.Persistence;

/// <summary>
/// The application's database, provider-neutral. Each database provider derives its own context type
/// (<see cref="Sqlite.SqliteDraftingDbContext"/>, later PostgreSQL) so that each keeps its own set of migrations.
/// Handlers use <c>IDbContextFactory&lt;DraftingDbContext&gt;</c> and one context per operation.
/// </summary>
public abstract class DraftingDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Consultation> Consultations => Set<Consultation>();

    public DbSet<Statement> Statements => Set<Statement>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(DraftingDbContext).Assembly);
    }
}

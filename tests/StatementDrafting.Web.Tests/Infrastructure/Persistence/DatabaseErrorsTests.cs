using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Tests.Infrastructure.Persistence;

/// <summary>
/// What the handlers' retries and "someone was faster" answers rest on: a unique key refusing a row is told apart from
/// other failures on whichever provider the tests run (SQLite's constraint codes, PostgreSQL's 23505).
/// </summary>
public sealed class DatabaseErrorsTests(DemoApp world) : IClassFixture<DemoApp>
{
    private AppFactory App => world.App;

    [Fact]
    public async Task A_second_row_with_the_same_unique_key_is_a_unique_violation_and_a_conflict()
    {
        var consultationId = await App.QueryAsync(db => db.Consultations.Select(c => c.Id).FirstAsync());
        await AddStartAsync(consultationId, "unique-twice");

        var refused = await Assert.ThrowsAnyAsync<DbUpdateException>(() => AddStartAsync(consultationId, "unique-twice"));

        Assert.True(DatabaseErrors.IsUniqueViolation(refused), refused.GetBaseException().Message);
        Assert.True(DatabaseErrors.IsConflict(refused));
    }

    [Fact]
    public async Task A_row_naming_no_parent_is_neither_a_unique_violation_nor_a_conflict()
    {
        var refused = await Assert.ThrowsAnyAsync<DbUpdateException>(() => AddStartAsync(consultationId: 987_654, "orphan"));

        Assert.False(DatabaseErrors.IsUniqueViolation(refused), refused.GetBaseException().Message);
        Assert.False(DatabaseErrors.IsConflict(refused));
    }

    [Fact]
    public async Task A_stale_concurrency_token_is_a_conflict_but_no_unique_violation()
    {
        var statementId = await App.QueryAsync(db => db.Statements.Select(s => s.Id).FirstAsync());
        var factory = App.Services.GetRequiredService<IDbContextFactory<DraftingDbContext>>();
        await using var stale = await factory.CreateDbContextAsync();
        var statement = await stale.Statements.FirstAsync(s => s.Id == statementId);
        await App.QueryAsync(db => db.Database.ExecuteSqlInterpolatedAsync(
            $"""UPDATE "Statements" SET "Revision" = "Revision" + 1 WHERE "Id" = {statementId}"""));
        stale.Entry(statement).Property(s => s.Revision).CurrentValue = statement.Revision + 1;

        var refused = await Assert.ThrowsAnyAsync<DbUpdateException>(() => stale.SaveChangesAsync());

        Assert.IsType<DbUpdateConcurrencyException>(refused);
        Assert.True(DatabaseErrors.IsConflict(refused));
        Assert.False(DatabaseErrors.IsUniqueViolation(refused));
    }

    /// <summary>
    /// Plain SQL (the change writer's typing path) reports PostgreSQL's own exception, not Entity Framework's: a deadlock
    /// or a serialisation failure between two nodes' writes is a conflict to retry, not a database out of reach.
    /// </summary>
    [Theory]
    [InlineData(Npgsql.PostgresErrorCodes.DeadlockDetected)]
    [InlineData(Npgsql.PostgresErrorCodes.SerializationFailure)]
    public void A_deadlock_or_serialisation_failure_from_plain_SQL_is_a_conflict(string sqlState)
    {
        var raw = new Npgsql.PostgresException("two writers collided", "ERROR", "ERROR", sqlState);

        Assert.True(DatabaseErrors.IsConflict(raw));
        Assert.True(DatabaseErrors.IsConflict(new DbUpdateException("wrapped", raw)));
        Assert.False(DatabaseErrors.IsConflict(new Npgsql.PostgresException("no such column", "ERROR", "ERROR", Npgsql.PostgresErrorCodes.UndefinedColumn)));
    }

    private Task<int> AddStartAsync(int consultationId, string key) =>
        App.QueryAsync(db =>
        {
            db.AgendaItemStarts.Add(new AgendaItemStart { ConsultationId = consultationId, AgendaItemKey = key, StartedAt = DateTimeOffset.UtcNow });
            return db.SaveChangesAsync();
        });
}

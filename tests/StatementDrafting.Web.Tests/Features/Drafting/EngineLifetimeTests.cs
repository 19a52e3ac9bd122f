using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Tests.Features.Drafting;

/// <summary>
/// The engine's statements live in memory only while used: an idle statement is evicted once its writes are stored and
/// read again from storage when next needed, with stale submissions still carried over the log. On shutdown the writer
/// stores every change it was given, and refuses new ones plainly.
/// </summary>
public sealed class EngineLifetimeTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly AppFactory _app;

    public EngineLifetimeTests()
    {
        _app = new AppFactory(demo: true, clock: _clock);
        _app.CreateClient().Dispose();
    }

    private DraftingEngine Engine => _app.Services.GetRequiredService<DraftingEngine>();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task An_idle_statement_leaves_memory_and_a_stale_change_after_it_comes_back_is_carried_over_the_log()
    {
        var statementId = (await StoredStatement.OfClusterAsync(_app, 1)).Id;
        var start = (await Engine.SnapshotAsync(statementId))!;
        var paragraph = start.Blocks[1];
        var first = await Engine.SubmitAsync(statementId, "lifetime", "first", start.Revision, Prepend(paragraph, "[one] "));
        Assert.True(Engine.IsLoaded(statementId));

        // Used within the idle time: stays.
        _clock.Advance(TimeSpan.FromMinutes(6));
        await Engine.EvictIdleAsync();
        Assert.True(Engine.IsLoaded(statementId));

        _clock.Advance(TimeSpan.FromMinutes(11));
        await Eventually.Until(() => !Engine.IsLoaded(statementId), "the idle statement to be evicted by the engine's timer");

        // Made against the revision before "first": transformed over it, read back from the log.
        var second = await Engine.SubmitAsync(statementId, "lifetime", "second", start.Revision, Prepend(paragraph, "[two] "));
        Assert.Equal(first.Revision + 1, second.Revision);
        var text = (await StoredStatement.LoadAsync(_app, statementId)).Blocks.Single(b => b.Id == paragraph.Id.Value).Text;
        Assert.StartsWith("[one] [two] ", text, StringComparison.Ordinal); // at a tie, what was stored first comes first

        // A resend of the first, long after its answer: answered as before, applied once.
        var again = await Engine.SubmitAsync(statementId, "lifetime", "first", start.Revision, Prepend(paragraph, "[one] "));
        Assert.Equal(("duplicate", first.Revision), (again.Status, again.Revision));
    }

    [Fact]
    public async Task Stopping_stores_every_change_already_given_and_refuses_later_ones_plainly()
    {
        var statementId = (await StoredStatement.OfClusterAsync(_app, 2)).Id;
        var start = (await Engine.SnapshotAsync(statementId))!;
        var paragraph = start.Blocks[1];
        var writer = _app.Services.GetRequiredService<ChangeWriter>();
        var gate = _app.Services.GetRequiredService<DatabaseWriteGate>();
        var answers = new List<Task<StatementDrafting.Web.Features.Drafting.SubmitResult>>();
        Task stopping;
        using (await gate.HoldAsync(CancellationToken.None))
        {
            for (var i = 0; i < 10; i++)
            {
                answers.Add(Engine.SubmitAsync(statementId, "lifetime", $"queued-{i}", start.Revision, Prepend(paragraph, $"[q{i}] ")));
            }

            await Eventually.Until(() => Engine.PendingWrites == 10, "every change queued");
            stopping = writer.StopAsync(CancellationToken.None);
            var late = await Assert.ThrowsAsync<DraftingRefusedException>(() =>
                Engine.SubmitAsync(statementId, "lifetime", "late", start.Revision, Prepend(paragraph, "[late] ")));
            Assert.Equal("unavailable", late.Code);
            Assert.False(stopping.IsCompleted, "the writer is still storing what it was given");
        }

        await stopping;
        Assert.All(await Task.WhenAll(answers), a => Assert.Equal("applied", a.Status));
        var stored = await StoredStatement.LoadAsync(_app, statementId);
        Assert.Equal(start.Revision + 10, stored.Revision);
        var text = stored.Blocks.Single(b => b.Id == paragraph.Id.Value).Text;
        Assert.All(Enumerable.Range(0, 10), i => Assert.Contains($"[q{i}] ", text, StringComparison.Ordinal));
        Assert.DoesNotContain("[late]", text, StringComparison.Ordinal);
    }

    private static TextEdit Prepend(DraftBlock paragraph, string text) =>
        new(paragraph.Id, TextOperation.InsertAt(paragraph.Text.Length, 0, text));
}

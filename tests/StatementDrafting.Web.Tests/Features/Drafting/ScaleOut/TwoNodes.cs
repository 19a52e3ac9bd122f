using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.ScaleOut;

namespace StatementDrafting.Web.Tests.Features.Drafting.ScaleOut;

/// <summary>
/// Two app nodes in one test process (two <see cref="AppFactory"/>s) sharing one SQLite file (WAL) and one Redis of
/// the test's own, as a deployment of several nodes shares its database and Redis.
/// </summary>
public sealed class TwoNodes : IAsyncLifetime
{
    private readonly TempFolder _shared = new();

    public RedisServer Redis { get; } = new();

    public AppFactory A { get; private set; } = null!;

    public AppFactory B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Redis.StartAsync();
        var database = Path.Combine(_shared.Path, "shared.db");
        var settings = new Dictionary<string, string>
        {
            ["Redis:Configuration"] = Redis.Configuration,
            ["Redis:CatchUpEvery"] = "00:00:01",
        };
        A = new AppFactory(demo: true, databasePath: database, settings: settings);
        _ = A.Server; // the first node creates and seeds the database
        B = new AppFactory(demo: true, settings: settings, sameDatabaseAs: A); // the same file, or on PostgreSQL the same database
        _ = B.Server;
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        await Redis.DisposeAsync();
        _shared.Dispose();
    }

    public static RedisLink LinkOf(AppFactory node) => node.Services.GetRequiredService<RedisLink>();

    public static CrossNodeFollower FollowerOf(AppFactory node) => node.Services.GetRequiredService<CrossNodeFollower>();

    /// <summary>
    /// Listens to a statement on a node as a Blazor circuit does: subscribed to the node's bus, then joined (the node's
    /// engine shows the statement's stored revision).
    /// </summary>
    public static async Task<(BusRecorder Recorder, IDisposable Subscription, int Revision)> FollowAsync(AppFactory node, int statementId)
    {
        var recorder = new BusRecorder();
        var subscription = node.Services.GetRequiredService<IStatementBus>().Subscribe(statementId, recorder);
        var snapshot = await node.Services.GetRequiredService<DraftingEngine>().SnapshotAsync(statementId);
        return (recorder, subscription, snapshot!.Revision);
    }
}

/// <summary>Every event a bus subscription delivered, in order.</summary>
public sealed class BusRecorder : IStatementListener
{
    private readonly ConcurrentQueue<StatementEvent> _events = new();

    public IReadOnlyList<StatementEvent> Events => [.. _events];

    public IReadOnlyList<int> Revisions => [.. Events.OfType<StatementChanged>().Select(c => c.Revision)];

    public ValueTask OnEventsAsync(IReadOnlyList<StatementEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var statementEvent in events)
        {
            _events.Enqueue(statementEvent);
        }

        return ValueTask.CompletedTask;
    }
}

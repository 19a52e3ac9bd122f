namespace StatementDrafting.Web.Infrastructure.Persistence;

/// <summary>
/// One writer at a time for the live editor's transactions in this process, on SQLite. SQLite has a single write lock
/// for the whole file; queueing here (asynchronously, in arrival order) is far cheaper than colliding there. On
/// PostgreSQL writers do not queue here (row locks, unique keys and concurrency tokens settle what collides), but
/// <see cref="HoldAsync"/> still stops them, so tests can pile changes up behind a held writer on either provider.
/// </summary>
public sealed class DatabaseWriteGate(bool serialises) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Whether writers take turns (SQLite) or only wait while the gate is held (PostgreSQL).</summary>
    public bool Serialises { get; } = serialises;

    /// <summary>Waits for the writer's turn; dispose the result to let the next one in.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        if (Serialises)
        {
            return new Release(_gate);
        }

        // Not a turn, only a check that nobody holds the gate: let the next writer through at once.
        _gate.Release();
        return new Release(null);
    }

    /// <summary>Keeps every writer waiting until the result is disposed, on either provider.</summary>
    public async Task<IDisposable> HoldAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Release(_gate);
    }

    public void Dispose() => _gate.Dispose();

    private sealed class Release(SemaphoreSlim? gate) : IDisposable
    {
        private SemaphoreSlim? _gate = gate;

        public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Release();
    }
}

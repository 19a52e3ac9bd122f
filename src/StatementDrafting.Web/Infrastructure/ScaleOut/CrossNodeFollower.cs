using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Features.Nominations;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Infrastructure.ScaleOut;

/// <summary>
/// Keeps this node's listeners up to date with what the other nodes store (ADR 0017). A signal that a statement moved
/// makes the engine read the changes it missed from the change log and announce them in order; amendment, poll and
/// slate signals are passed on to this node's listeners, who read again what they show. Nothing depends on a signal
/// arriving: every <see cref="ScaleOutOptions.CatchUpEvery"/> one query compares the stored revision and lock of every
/// statement this node has shown with what it announced (and one more the versions of their polls, so that a poll's
/// shown counts follow too), and when the link to Redis comes back every listener is told
/// it may have missed news (<see cref="StatementFellBehind"/>) and every slate page reads again.
/// </summary>
public sealed partial class CrossNodeFollower(
    RedisLink link,
    DraftingEngine engine,
    StatementFeed feed,
    SlateBus slates,
    IDbContextFactory<DraftingDbContext> contexts,
    IOptions<ScaleOutOptions> options,
    ILogger<CrossNodeFollower> logger) : IHostedService, IDisposable
{
    /// <summary>How many statements one catch-up query asks about.</summary>
    private const int QueryChunk = 500;

    private readonly Channel<int> _checks = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<int, byte> _waiting = new();
    private readonly ConcurrentDictionary<int, int> _pollVersions = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _stopped;
    private readonly List<Task> _loops = [];
    private long _signalsHeard;

    /// <summary>Signals heard from other nodes since this node started (for tests that the link carries them).</summary>
    internal long SignalsHeard => Interlocked.Read(ref _signalsHeard);

    /// <summary>Catch-up rounds completed since this node started.</summary>
    internal long Rounds { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        link.Restored += OnRestored;
        _loops.Add(Task.Run(() => link.SubscribeAsync(OnSignal, _stopping.Token), CancellationToken.None));
        _loops.Add(Task.Run(CheckLoopAsync, CancellationToken.None));
        _loops.Add(Task.Run(CatchUpLoopAsync, CancellationToken.None));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return; // stopped already (a test, then the host): the second stop has nothing to do
        }

        link.Restored -= OnRestored;
        _checks.Writer.TryComplete();
        await _stopping.CancelAsync();
        await Task.WhenAll(_loops).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => _stopping.Dispose();

    /// <summary>Asks the engine to look at a statement as stored; several asks while one waits are one look.</summary>
    internal void Check(int statementId)
    {
        if (_waiting.TryAdd(statementId, 0))
        {
            _checks.Writer.TryWrite(statementId);
        }
    }

    /// <summary>One catch-up round: the statements whose stored revision or lock differs from what was announced.</summary>
    internal async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        var shown = engine.ShownStatements;
        foreach (var chunk in shown.Chunk(QueryChunk))
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var stored = await db.Statements.AsNoTracking().Where(s => chunk.Contains(s.Id))
                .Select(s => new { s.Id, s.Revision, s.IsLocked }).ToListAsync(cancellationToken);
            foreach (var statement in stored)
            {
                if (engine.ShownOf(statement.Id) is { } known && (known.Revision < statement.Revision || known.Locked != statement.IsLocked))
                {
                    Check(statement.Id);
                }
            }

            // A poll moved (a response, its close) whatever node took it: its panels read what they may see again.
            var polls = await db.Polls.AsNoTracking().Where(p => p.StatementId != null && chunk.Contains(p.StatementId.Value))
                .Select(p => new { p.Id, p.StatementId, p.Version }).ToListAsync(cancellationToken);
            foreach (var poll in polls)
            {
                if (_pollVersions.TryGetValue(poll.Id, out var version) && version == poll.Version)
                {
                    continue;
                }

                _pollVersions[poll.Id] = poll.Version;
                feed.Publish(new PollChanged(poll.StatementId!.Value, poll.Id) { Relayed = true });
            }
        }

        Rounds++;
    }

    private void OnSignal(NodeSignal signal)
    {
        Interlocked.Increment(ref _signalsHeard);
        switch (signal.Kind)
        {
            case NodeSignal.Changed when engine.ShownOf(signal.Id) is { } known && known.Revision < signal.Number:
            case NodeSignal.Lock when engine.ShownOf(signal.Id) is not null:
                Check(signal.Id);
                break;
            case NodeSignal.Amendments:
                feed.Publish(new AmendmentsChanged(signal.Id, signal.Numbers ?? [], signal.Flag) { Relayed = true });
                break;
            case NodeSignal.Poll:
                feed.Publish(new PollChanged(signal.Id, signal.Number) { Relayed = true });
                break;
            case NodeSignal.Slate:
                slates.Publish(signal.Id);
                break;
        }
    }

    private void OnRestored(object? sender, EventArgs e)
    {
        foreach (var statementId in engine.ShownStatements)
        {
            feed.Publish(new StatementFellBehind(statementId) { Relayed = true });
            Check(statementId);
        }

        foreach (var consultationId in slates.Followed)
        {
            slates.Publish(consultationId);
        }
    }

    private async Task CheckLoopAsync()
    {
        await foreach (var statementId in _checks.Reader.ReadAllAsync(CancellationToken.None))
        {
            _waiting.TryRemove(statementId, out _);
            try
            {
                await engine.FollowStorageAsync(statementId, _stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The loop must outlive any failure (the database away for a moment); the next round tries again.
            catch (Exception failure)
#pragma warning restore CA1031
            {
                LogCheckFailed(logger, failure.GetType().Name, statementId);
            }
        }
    }

    private async Task CatchUpLoopAsync()
    {
        using var timer = new PeriodicTimer(options.Value.CatchUpEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                try
                {
                    await CatchUpAsync(_stopping.Token);
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // As above: a failed round is logged and the next one tries again.
                catch (Exception failure)
#pragma warning restore CA1031
                {
                    LogRoundFailed(logger, failure.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not catch up statement {StatementId} from storage ({Failure}); the next round tries again.")]
    private static partial void LogCheckFailed(ILogger logger, string failure, int statementId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A catch-up round failed ({Failure}); the next one tries again.")]
    private static partial void LogRoundFailed(ILogger logger, string failure);
}

using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Amendments;

/// <summary>
/// Keeps open amendments on the live text (ADR 0009). It listens to every statement's stored changes; when a change
/// touches a paragraph that has pending amendments, the statement is queued, and a background loop merges those
/// amendments onto the paragraph's stored text (or marks them as needing an update, or obsolete when the paragraph is
/// gone), saves them and announces them. The feed is never held up: which paragraphs have pending amendments is kept
/// in memory, and the merging happens off the feed's pump, several changes at once when typing is fast.
/// </summary>
public sealed partial class AmendmentFollower(
    IStatementBus feed,
    DraftingEngine engine,
    IDbContextFactory<DraftingDbContext> contexts,
    DatabaseWriteGate writeGate,
    TimeProvider clock,
    ILogger<AmendmentFollower> logger) : IStatementListener, IHostedService
{
    private readonly ConcurrentDictionary<int, Task<HashSet<string>>> _watched = new();
    private readonly ConcurrentDictionary<int, ConcurrentDictionary<string, byte>> _touched = new();
    private readonly ConcurrentDictionary<int, ConcurrentDictionary<int, byte>> _recheck = new();
    private readonly Channel<int> _queue = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<int, int> _heard = new();
    private IDisposable? _subscription;
    private Task? _loop;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = feed.SubscribeAll(this);
        _loop = Task.Run(LoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async ValueTask OnEventsAsync(IReadOnlyList<StatementEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var statementEvent in events)
        {
            await OnEventAsync(statementEvent);
        }
    }

    private async ValueTask OnEventAsync(StatementEvent statementEvent)
    {
        switch (statementEvent)
        {
            case AmendmentsChanged { StatusChanged: true } changed:
                // Proposals and decisions change which paragraphs are watched: read them again when next needed. (Its
                // own "followed the text" news changes nothing here, so typing never costs the feed a query.)
                _watched.TryRemove(changed.StatementId, out _);

                // A proposal made against a revision whose change was announced before it was stored (so before its
                // paragraph was watched) would otherwise wait for the paragraph's next change: check those now.
                var recheck = _recheck.GetOrAdd(changed.StatementId, _ => new());
                foreach (var number in changed.Numbers)
                {
                    recheck[number] = 0;
                }

                _queue.Writer.TryWrite(changed.StatementId);
                break;
            case StatementChanged { Relayed: true } or StatementFellBehind { Relayed: true }:
                // Stored by another node, whose own follower merges the amendments onto it.
                break;
            case StatementChanged changed:
                Touch(changed.StatementId, changed.Blocks, await WatchedOfAsync(changed.StatementId));
                _heard[changed.StatementId] = changed.Revision;
                break;
            case StatementFellBehind behind:
                // Changes were dropped before this follower heard of them: every watched paragraph may have changed.
                var watched = await WatchedOfAsync(behind.StatementId);
                Touch(behind.StatementId, watched, watched);
                break;
        }
    }

    /// <summary>The last revision of the statement this follower has heard of (its queue is its own).</summary>
    internal int HeardRevision(int statementId) => _heard.GetValueOrDefault(statementId);

    private async Task<HashSet<string>> WatchedOfAsync(int statementId)
    {
        try
        {
            return await _watched.GetOrAdd(statementId, WatchedAsync);
        }
        catch
        {
            _watched.TryRemove(statementId, out _);
            throw;
        }
    }

    private void Touch(int statementId, IEnumerable<string> blocks, HashSet<string> watched)
    {
        var hits = blocks.Where(watched.Contains).ToList();
        if (hits.Count > 0)
        {
            var touched = _touched.GetOrAdd(statementId, _ => new());
            hits.ForEach(b => touched[b] = 0);
            _queue.Writer.TryWrite(statementId);
        }
    }

    /// <summary>Merges the pending amendments of the touched paragraphs onto their stored text; returns the numbers changed.</summary>
    internal async Task<IReadOnlyList<int>> FollowAsync(int statementId, IReadOnlyCollection<string> blocks, CancellationToken cancellationToken)
    {
        var snapshot = await engine.SnapshotAsync(statementId, cancellationToken);
        if (snapshot is null || blocks.Count == 0)
        {
            return [];
        }

        var texts = snapshot.Blocks.ToDictionary(b => b.Id.Value, b => b.Text, StringComparer.Ordinal);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pending = await db.Amendments.Include(a => a.History)
            .Where(a => a.StatementId == statementId && blocks.Contains(a.BlockId)
                && (a.Status == AmendmentStatus.Open || a.Status == AmendmentStatus.NeedsUpdate))
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var budget = WorkBudget.Default();
        var before = pending.ToDictionary(a => a.Id, a => a.Status);
        var changed = pending
            .Where(a => texts.TryGetValue(a.BlockId, out var text)
                ? a.FollowText(text, snapshot.Revision, now, budget)
                : a.ParagraphDeleted(snapshot.Revision, now))
            .Select(a => a.Number)
            .ToList();
        var statusChanged = pending.Any(a => a.Status != before[a.Id]);
        if (changed.Count > 0)
        {
            // Through the app's one writer gate: the engine writes right before this, and SQLite's busy handler would
            // otherwise sleep on the lock it holds.
            using (await writeGate.EnterAsync(cancellationToken))
            {
                await db.SaveChangesAsync(cancellationToken);
            }

            feed.Publish(new AmendmentsChanged(statementId, changed, statusChanged));
        }

        return changed;
    }

    private async Task LoopAsync()
    {
        await foreach (var statementId in _queue.Reader.ReadAllAsync())
        {
            var blocks = new List<string>();
            if (_touched.TryGetValue(statementId, out var touched))
            {
                blocks.AddRange(touched.Keys);
                blocks.ForEach(b => touched.TryRemove(b, out _));
            }

            var numbers = new List<int>();
            if (_recheck.TryGetValue(statementId, out var recheck))
            {
                numbers.AddRange(recheck.Keys);
                numbers.ForEach(n => recheck.TryRemove(n, out _));
            }

            if (blocks.Count == 0 && numbers.Count == 0)
            {
                continue;
            }

            for (var attempt = 1; attempt <= 3; attempt++)
            {
                try
                {
                    if (numbers.Count > 0)
                    {
                        blocks = [.. blocks.Union(await BlocksOfAsync(statementId, numbers))];
                    }

                    await FollowAsync(statementId, blocks, CancellationToken.None);
                    break;
                }
                catch (DbUpdateConcurrencyException) when (attempt < 3)
                {
                    // A proposer or co-host changed one of them meanwhile: read them again.
                }
#pragma warning disable CA1031 // The loop must outlive any failure; the next change of the paragraph tries again.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    LogFollowFailed(logger, e, statementId);
                    break;
                }
            }
        }
    }

    private async Task<List<string>> BlocksOfAsync(int statementId, List<int> numbers)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.Amendments.AsNoTracking()
            .Where(a => a.StatementId == statementId && numbers.Contains(a.Number)
                && (a.Status == AmendmentStatus.Open || a.Status == AmendmentStatus.NeedsUpdate))
            .Select(a => a.BlockId)
            .Distinct()
            .ToListAsync();
    }

    private async Task<HashSet<string>> WatchedAsync(int statementId)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var blocks = await db.Amendments.AsNoTracking()
            .Where(a => a.StatementId == statementId && (a.Status == AmendmentStatus.Open || a.Status == AmendmentStatus.NeedsUpdate))
            .Select(a => a.BlockId)
            .Distinct()
            .ToListAsync();
        return new HashSet<string>(blocks, StringComparer.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Amendments of statement {StatementId} could not follow its text; the next change will try again.")]
    private static partial void LogFollowFailed(ILogger logger, Exception exception, int statementId);
}

using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Drafting;

/// <summary>
/// Sequences the changes of every statement (ADR 0008): one writer per statement in this process, a change made against
/// an older revision is transformed over the ones it missed, and it is stored (change row, block rows, revision, a
/// snapshot every so often) in one transaction before anyone hears of it. Unique (statement, revision) and
/// (statement, author, change id) guard against a second writer and against resends; the revision is also a
/// concurrency token, so a writer on another node makes this one reload and try again.
/// The hub and the Blazor editor both call this; listeners hear of stored changes through the statement bus.
/// </summary>
public sealed partial class DraftingEngine(
    IDbContextFactory<DraftingDbContext> contexts,
    IStatementBus feed,
    TimeProvider clock,
    IOptions<DraftingOptions> options,
    DatabaseWriteGate writeGate,
    ILogger<DraftingEngine> logger)
{
    /// <summary>How many recent changes per statement are kept in memory for transforming stale submissions.</summary>
    private const int RecentChanges = 2_000;

    /// <summary>The most changes one catch-up returns.</summary>
    public const int CatchUpLimit = 500;

    /// <summary>How often a change is applied again after the statement moved under it before its answer is an error.</summary>
    private const int MaxAttempts = 10;

    /// <summary>The most changes one group commit writes.</summary>
    private const int MaxBatch = 64;

    private readonly ConcurrentDictionary<int, Slot> _slots = new();
    private readonly Channel<StoreRequest> _writes = Channel.CreateUnbounded<StoreRequest>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _writer;
    private int _pendingWrites;

    /// <summary>Changes applied in memory and not yet stored (or failed).</summary>
    internal int PendingWrites => Volatile.Read(ref _pendingWrites);

    public async Task<LiveSnapshot?> SnapshotAsync(int statementId, CancellationToken cancellationToken = default)
    {
        var slot = SlotOf(statementId);
        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            var state = await LoadAsync(slot, statementId, cancellationToken);

            // Changes still on their way to the disk are not shown to anyone: the snapshot is the last stored revision.
            var stored = slot.Stored!;
            return state is null
                ? null
                : new LiveSnapshot(statementId, state.Title, stored.Revision, state.Locked, [.. stored.Document.Blocks]);
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    /// <summary>
    /// Applies a change and answers once it is stored. The statement's lock is held only while the change is
    /// transformed and applied in memory, not while it waits for the disk, so a statement's next change can join the
    /// same group commit; the writer stores changes in revision order and announces each only after its commit.
    /// </summary>
    public async Task<SubmitResult> SubmitAsync(
        int statementId, string authorId, string changeId, int baseRevision, EditOp op, CancellationToken cancellationToken = default) =>
        await SubmitAsync(statementId, authorId, changeId, baseRevision, op, null, cancellationToken);

    /// <summary>
    /// Applies a change with <paramref name="extras"/>: a label for the history, and work stored in the same
    /// transaction as the change (if that work throws, the change is not stored and the caller gets the exception).
    /// </summary>
    public async Task<SubmitResult> SubmitAsync(
        int statementId, string authorId, string changeId, int baseRevision, EditOp op, ChangeExtras? extras, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(op);
        var slot = SlotOf(statementId);
        for (var attempt = 1; ; attempt++)
        {
            var (state, answer) = await ApplyAsync(slot, statementId, authorId, changeId, baseRevision, op, extras, cancellationToken);
            try
            {
                return await answer.WaitAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever went wrong, the changes applied in memory after this one rest on it: start again from storage.
                await ForgetStateAsync(slot, state);

                // The unique (statement, author, change id) index caught a resend: answer as the first time.
                if (await FindDuplicateAsync(statementId, authorId, changeId, cancellationToken) is { } duplicate)
                {
                    return duplicate;
                }

                // The statement was not where this change was applied: a change queued before it failed, or another
                // node wrote first. Try again on what is stored. Any other failure is this change's own.
                if (e is not DbUpdateConcurrencyException || attempt >= MaxAttempts)
                {
                    throw;
                }

                LogWriteConflict(logger, e, statementId);
            }
        }
    }

    /// <summary>Transforms and applies a change under the statement's lock and queues it for storage.</summary>
    private async Task<(LiveState? State, Task<SubmitResult> Answer)> ApplyAsync(
        Slot slot, int statementId, string authorId, string changeId, int baseRevision, EditOp op, ChangeExtras? extras, CancellationToken cancellationToken)
    {
        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            LiveState state;
            List<IReadOnlyList<EditOp>>? missed;
            do
            {
                state = await LoadAsync(slot, statementId, cancellationToken)
                    ?? throw new DraftingRefusedException("not_found", "There is no such statement.");
                if (state.RecentChangeOf(authorId, changeId) is { } recent)
                {
                    return (state, AnswerAsync(recent.Stored, recent.Answer));
                }

                if (state.Locked)
                {
                    throw new DraftingRefusedException("locked", "The statement is locked: it takes no changes now.");
                }

                if (baseRevision > state.Revision)
                {
                    throw new DraftingRefusedException("future_revision", $"Revision {baseRevision} does not exist yet; the statement is at {state.Revision}.");
                }

                missed = await MissedAsync(slot, state, statementId, baseRevision, cancellationToken);
            }
            while (missed is null);

            TransformOutcome outcome;
            DraftDocument document;
            List<EditOp> applied;
            try
            {
                outcome = EditTransform.Rebase(op, missed);
                document = state.Document.Clone();
                applied = [.. outcome.Ops.Select(document.Apply)];
            }
            catch (EditRefusedException)
            {
                // A resend of a change stored before (its answer was lost) gets the stored answer, not an error.
                if (await FindDuplicateAsync(statementId, authorId, changeId, cancellationToken) is { } stored)
                {
                    return (null, Task.FromResult(stored));
                }

                throw;
            }

            var revision = state.Revision + 1;
            var opsJson = ToElement(applied);
            var result = new SubmitResult("applied", revision, opsJson, [.. outcome.Discarded.Select(DiscardedView.Of)]);
            var request = new StoreRequest(
                slot, statementId, state.Revision, document, revision, authorId, changeId, baseRevision, op, applied,
                outcome.Discarded, clock.GetUtcNow(), new StatementChanged(statementId, revision, changeId, applied, extras?.Label), extras);
            state.Document = document;
            state.Revision = revision;
            state.Remember(revision, applied, authorId, changeId, new RecentAnswer(request.Done.Task, result with { Status = "duplicate" }));
            slot.LastWrite = request.Done.Task;
            EnsureWriter();
            Interlocked.Increment(ref _pendingWrites);
            _writes.Writer.TryWrite(request);
            return (state, AnswerAsync(request.Done.Task, result));
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    private static async Task<SubmitResult> AnswerAsync(Task stored, SubmitResult result)
    {
        await stored;
        return result;
    }

    /// <summary>Drops the statement's cached state if it is still the one a failed change was applied to.</summary>
    private static async Task ForgetStateAsync(Slot slot, LiveState? state)
    {
        await slot.Gate.WaitAsync();
        try
        {
            if (state is not null && ReferenceEquals(slot.State, state))
            {
                slot.State = null;
            }
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    public async Task<CatchUpResult> CatchUpAsync(int statementId, int fromRevision, CancellationToken cancellationToken = default)
    {
        var changes = await ChangesSinceAsync(statementId, fromRevision, CatchUpLimit, cancellationToken);
        return new CatchUpResult(changes.Count == 0 ? fromRevision : changes[^1].Revision, [.. changes.Select(ChangedView.Of)]);
    }

    /// <summary>The stored changes after <paramref name="fromRevision"/>, oldest first, at most <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<StatementChanged>> ChangesSinceAsync(int statementId, int fromRevision, int max, CancellationToken cancellationToken = default)
    {
        var snapshot = await SnapshotAsync(statementId, cancellationToken)
            ?? throw new DraftingRefusedException("not_found", "There is no such statement.");
        if (fromRevision > snapshot.Revision)
        {
            throw new DraftingRefusedException("future_revision", $"Revision {fromRevision} does not exist yet; the statement is at {snapshot.Revision}.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.StatementChanges.AsNoTracking()
            .Where(c => c.StatementId == statementId && c.Revision > fromRevision && c.Revision <= snapshot.Revision)
            .OrderBy(c => c.Revision)
            .Take(max)
            .Select(c => new { c.Revision, c.ClientChangeId, c.AppliedJson, c.Label })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new StatementChanged(statementId, r.Revision, r.ClientChangeId, EditOpJson.DeserializeList(r.AppliedJson), r.Label))];
    }

    public async Task<bool> SetLockedAsync(int statementId, bool locked, CancellationToken cancellationToken = default)
    {
        var slot = SlotOf(statementId);
        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            var state = await LoadAsync(slot, statementId, cancellationToken)
                ?? throw new DraftingRefusedException("not_found", "There is no such statement.");

            // Changes accepted before the lock are stored and announced before it.
            await slot.DrainAsync();
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var statement = await db.Statements.FirstAsync(s => s.Id == statementId, cancellationToken);
            if (statement.IsLocked == locked)
            {
                return false;
            }

            if (locked)
            {
                statement.Lock();
            }
            else
            {
                statement.Unlock();
            }

            await db.SaveChangesAsync(cancellationToken);
            state.Locked = locked;
            feed.Publish(new StatementLockChanged(statementId, locked));
            return true;
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    /// <summary>Forgets what is cached (tests that change storage behind the engine's back).</summary>
    public void Forget(int statementId) => _slots.TryRemove(statementId, out _);

    private Slot SlotOf(int statementId) => _slots.GetOrAdd(statementId, _ => new Slot());

    private async Task<LiveState?> LoadAsync(Slot slot, int statementId, CancellationToken cancellationToken)
    {
        if (slot.State is { } cached)
        {
            return cached;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var statement = await db.Statements.AsNoTracking().Include(s => s.Blocks)
            .FirstOrDefaultAsync(s => s.Id == statementId, cancellationToken);
        if (statement is null)
        {
            return null;
        }

        statement.RestoreOrder();
        var document = new DraftDocument(statement.Blocks.Select(b => new DraftBlock(b.Id, b.Kind, b.HeadingLevel, b.Text)));
        if (!await db.StatementSnapshots.AnyAsync(s => s.StatementId == statementId, cancellationToken))
        {
            // The first time a statement is edited live, its text as it stands becomes the log's starting point.
            db.StatementSnapshots.Add(new StatementSnapshot
            {
                StatementId = statementId,
                Revision = statement.Revision,
                BlocksJson = BlocksJson(document),
                At = clock.GetUtcNow(),
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        slot.State = new LiveState(statement.Title, document, statement.Revision, statement.IsLocked);
        slot.MarkStored(statement.Revision, document.Clone());
        return slot.State;
    }

    private async Task<SubmitResult?> FindDuplicateAsync(int statementId, string authorId, string changeId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.StatementChanges.AsNoTracking()
            .Where(c => c.StatementId == statementId && c.AuthorId == authorId && c.ClientChangeId == changeId)
            .Select(c => new { c.Revision, c.AppliedJson, c.DiscardedJson })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null
            ? null
            : new SubmitResult("duplicate", row.Revision, Parse(row.AppliedJson), row.DiscardedJson is null ? [] : JsonSerializer.Deserialize<List<DiscardedView>>(row.DiscardedJson, Json.Options) ?? []);
    }

    /// <summary>
    /// The changes after <paramref name="baseRevision"/>, from memory or the log; null when a change queued on the
    /// cached state failed meanwhile (the cache is then dropped, to be loaded again from storage).
    /// </summary>
    private async Task<List<IReadOnlyList<EditOp>>?> MissedAsync(
        Slot slot, LiveState state, int statementId, int baseRevision, CancellationToken cancellationToken)
    {
        if (baseRevision == state.Revision)
        {
            return [];
        }

        if (state.TryRecent(baseRevision, out var recent))
        {
            return recent;
        }

        // Older than memory holds: read the log, once every queued change of the statement is in it.
        await slot.DrainAsync();
        if (slot.Stored!.Revision != state.Revision)
        {
            slot.State = null;
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.StatementChanges.AsNoTracking()
            .Where(c => c.StatementId == statementId && c.Revision > baseRevision)
            .OrderBy(c => c.Revision)
            .Select(c => c.AppliedJson)
            .ToListAsync(cancellationToken);
        if (rows.Count != state.Revision - baseRevision)
        {
            throw new DraftingRefusedException("stale_revision", $"Revision {baseRevision} is older than the history this server can replay; join again.");
        }

        return [.. rows.Select(EditOpJson.DeserializeList)];
    }

    /// <summary>
    /// Group commit: one loop writes whatever changes are waiting (of any statements) in one transaction, so that many
    /// typists cost one disk flush rather than one each. Changes arrive in revision order per statement and are written,
    /// then announced (feed, then the author's answer), in that order. If a batch fails, its changes are written one by
    /// one, so that only the change at fault fails, and with it the later changes of its statement (each write checks
    /// that the statement is still at the revision the change was applied to).
    /// </summary>
    private async Task WriteLoopAsync()
    {
        var reader = _writes.Reader;
        while (await reader.WaitToReadAsync())
        {
            var batch = new List<StoreRequest>();
            while (batch.Count < MaxBatch && reader.TryRead(out var request))
            {
                batch.Add(request);
            }

            try
            {
                await WriteBatchAsync(batch);
                batch.ForEach(Stored);
            }
#pragma warning disable CA1031 // The loop must outlive any failure; each failure goes back to its caller.
            catch (Exception) when (batch.Count > 1)
            {
                foreach (var request in batch)
                {
                    try
                    {
                        await WriteBatchAsync([request]);
                        Stored(request);
                    }
                    catch (Exception e)
                    {
                        Failed(request, e);
                    }
                }
            }
            catch (Exception e)
            {
                Failed(batch[0], e);
            }
#pragma warning restore CA1031
        }
    }

    private void Stored(StoreRequest request)
    {
        request.Slot.MarkStored(request.Revision, request.Document);
        feed.Publish(request.Changed);
        Interlocked.Decrement(ref _pendingWrites);
        request.Done.TrySetResult();
    }

    private void Failed(StoreRequest request, Exception e)
    {
        Interlocked.Decrement(ref _pendingWrites);
        request.Done.TrySetException(e);
    }

    private async Task WriteBatchAsync(IReadOnlyList<StoreRequest> batch)
    {
        using var writing = await writeGate.EnterAsync(CancellationToken.None);
        await using var db = await contexts.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        foreach (var request in batch)
        {
            await WriteAsync(db, request);
        }

        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    private async Task WriteAsync(DraftingDbContext db, StoreRequest request)
    {
        var (statementId, revision, document) = (request.StatementId, request.Revision, request.Document);
        db.StatementChanges.Add(new StatementChange
        {
            StatementId = statementId,
            Revision = revision,
            BaseRevision = request.BaseRevision,
            AuthorId = request.AuthorId,
            ClientChangeId = request.ChangeId,
            SubmittedJson = EditOpJson.Serialize([request.Submitted]),
            AppliedJson = EditOpJson.Serialize(request.Applied),
            DiscardedJson = request.Discarded.Count == 0 ? null : JsonSerializer.Serialize(request.Discarded.Select(DiscardedView.Of), Json.Options),
            Label = request.Extras?.Label,
            At = request.At,
        });
        for (var i = 0; i < request.Discarded.Count; i++)
        {
            // Typing into a block deleted meanwhile: kept for its author, who is shown it and can propose it again.
            var discarded = request.Discarded[i];
            db.UnappliedTexts.Add(new UnappliedText
            {
                StatementId = statementId,
                AuthorId = request.AuthorId,
                Key = UnappliedText.ServerKey(request.ChangeId, i),
                BlockId = discarded.Block.Value,
                Reason = discarded.Reason,
                Text = discarded.Text,
                At = request.At,
            });
        }

        if (request.Extras?.Alongside is { } alongside)
        {
            await alongside(db, revision);
        }

        if (request.Applied.All(o => o is TextEdit))
        {
            // Typing, the common case: touch only the blocks typed in, and move the revision on if nobody else has.
            foreach (var blockId in request.Applied.Select(o => o.Block).Distinct())
            {
                var text = document.Find(blockId)!.Text;
                var id = blockId.Value;
                await db.Database.ExecuteSqlInterpolatedAsync(
                    $"""UPDATE "Blocks" SET "Text" = {text} WHERE "StatementId" = {statementId} AND "Id" = {id}""");
            }

            var previous = request.PreviousRevision;
            var moved = await db.Database.ExecuteSqlInterpolatedAsync(
                $"""UPDATE "Statements" SET "Revision" = {revision} WHERE "Id" = {statementId} AND "Revision" = {previous}""");
            if (moved != 1)
            {
                throw new DbUpdateConcurrencyException($"Statement {statementId} is no longer at revision {previous}.");
            }
        }
        else
        {
            var statement = await db.Statements.Include(s => s.Blocks).FirstAsync(s => s.Id == statementId);
            if (statement.Revision != request.PreviousRevision)
            {
                throw new DbUpdateConcurrencyException($"Statement {statementId} is no longer at revision {request.PreviousRevision}.");
            }

            statement.Synchronise(document.Blocks.Select(b => (b.Id, b.Kind, b.Level, b.Text)), revision);

            // Written now and forgotten, so that a later change of this statement in the same batch, typing (plain
            // SQL) or not (a fresh read), sees these rows as they are.
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        if (revision % Math.Max(1, options.Value.SnapshotEvery) == 0)
        {
            db.StatementSnapshots.Add(new StatementSnapshot { StatementId = statementId, Revision = revision, BlocksJson = BlocksJson(document), At = request.At });
        }
    }

    private void EnsureWriter()
    {
        if (_writer is null)
        {
            lock (_writes)
            {
                _writer ??= Task.Run(WriteLoopAsync);
            }
        }
    }

    internal static string BlocksJson(DraftDocument document) =>
        JsonSerializer.Serialize(document.Blocks.Select(DraftBlockView.Of), Json.Options);

    private static JsonElement ToElement(IReadOnlyList<EditOp> ops) => Parse(EditOpJson.Serialize(ops));

    private static JsonElement Parse(string json)
    {
        using var parsed = JsonDocument.Parse(json);
        return parsed.RootElement.Clone();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Statement {StatementId}: a change could not be stored; reloading and trying again.")]
    private static partial void LogWriteConflict(ILogger logger, Exception exception, int statementId);

    private sealed record StoreRequest(
        Slot Slot,
        int StatementId,
        int PreviousRevision,
        DraftDocument Document,
        int Revision,
        string AuthorId,
        string ChangeId,
        int BaseRevision,
        EditOp Submitted,
        IReadOnlyList<EditOp> Applied,
        IReadOnlyList<DiscardedEdit> Discarded,
        DateTimeOffset At,
        StatementChanged Changed,
        ChangeExtras? Extras)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Slot
    {
        private StoredRevision? _stored;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>The statement as this process applies changes to it (ahead of storage by the changes queued).</summary>
        public LiveState? State { get; set; }

        /// <summary>The last revision known to be stored: what joiners are shown.</summary>
        public StoredRevision? Stored => Volatile.Read(ref _stored);

        /// <summary>The storage of the latest queued change (done or failed once it is written).</summary>
        public Task LastWrite { get; set; } = Task.CompletedTask;

        /// <summary>Moves the stored revision forward (never back: a reload may race the writer).</summary>
        public void MarkStored(int revision, DraftDocument document)
        {
            var next = new StoredRevision(revision, document);
            while (true)
            {
                var current = Volatile.Read(ref _stored);
                if ((current is not null && current.Revision >= revision)
                    || ReferenceEquals(Interlocked.CompareExchange(ref _stored, next, current), current))
                {
                    return;
                }
            }
        }

        /// <summary>Waits until every change queued so far is written (or has failed).</summary>
        public async Task DrainAsync() => await LastWrite.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>What a resend of a recent change is answered, once the change is stored.</summary>
    private sealed record RecentAnswer(Task Stored, SubmitResult Answer);

    /// <summary>A stored revision and the statement's text at it (never changed afterwards).</summary>
    private sealed record StoredRevision(int Revision, DraftDocument Document);

    private sealed class LiveState(string title, DraftDocument document, int revision, bool locked)
    {
        private readonly Queue<(int Revision, IReadOnlyList<EditOp> Ops)> _recent = new();
        private readonly Dictionary<(string Author, string ChangeId), RecentAnswer> _recentResults = [];
        private readonly Queue<(string Author, string ChangeId)> _recentKeys = new();

        public string Title { get; } = title;

        public DraftDocument Document { get; set; } = document;

        public int Revision { get; set; } = revision;

        public bool Locked { get; set; } = locked;

        public void Remember(int revision, IReadOnlyList<EditOp> ops, string author, string changeId, RecentAnswer duplicateAnswer)
        {
            _recent.Enqueue((revision, ops));
            while (_recent.Count > RecentChanges)
            {
                _recent.Dequeue();
            }

            _recentResults[(author, changeId)] = duplicateAnswer;
            _recentKeys.Enqueue((author, changeId));
            while (_recentKeys.Count > RecentChanges)
            {
                _recentResults.Remove(_recentKeys.Dequeue());
            }
        }

        /// <summary>The answer to a resend of a change this process applied recently (older ones: the index).</summary>
        public RecentAnswer? RecentChangeOf(string author, string changeId) =>
            _recentResults.GetValueOrDefault((author, changeId));

        /// <summary>The changes after <paramref name="baseRevision"/> when memory still holds all of them.</summary>
        public bool TryRecent(int baseRevision, out List<IReadOnlyList<EditOp>> changes)
        {
            changes = [.. _recent.Where(r => r.Revision > baseRevision).Select(r => r.Ops)];
            return changes.Count == Revision - baseRevision;
        }
    }
}

/// <summary>
/// More than a keystroke: <see cref="Label"/> names the change in the history ("A12"), and <see cref="Alongside"/> is
/// stored in the change's transaction, given the context and the change's revision (e.g. an amendment marked as
/// accepted by the change that applies it). If it throws, the change is not stored.
/// </summary>
public sealed record ChangeExtras(string? Label, Func<DraftingDbContext, int, Task>? Alongside);

/// <summary>The shared JSON settings of the drafting messages: camelCase, as in docs/protocol.md.</summary>
public static class Json
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}

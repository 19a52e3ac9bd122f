using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Drafting;

/// <summary>
/// Runs the domain's <see cref="DraftSequencer"/> for every statement being edited in this process (ADR 0008): one
/// sequencer per statement behind one lock, fed from storage when first needed and evicted when idle, with the stored
/// change log as its <see cref="IChangeLog"/>. A change is transformed and applied in memory under the lock, then
/// handed to the <see cref="ChangeWriter"/>, which stores it (change row, block rows, revision, a snapshot on the
/// sequencer's cadence) in one transaction before anyone hears of it; the answer waits for that commit. Unique
/// (statement, revision) and (statement, author, change id) guard against a second writer and against resends; the
/// revision is also a concurrency token, so a writer on another node makes this one reload and try again.
/// The hub and the Blazor editor both call this; listeners hear of stored changes through the statement bus.
/// Every revision after the last one this process showed or announced is announced, in order, before anything newer is
/// shown: changes another node stored are read from the log and published (<see cref="StatementEvent.Relayed"/>) when
/// this process reloads the statement or is told to look (<see cref="FollowStorageAsync"/>; ADR 0017).
/// </summary>
public sealed partial class DraftingEngine : IDisposable
{
    /// <summary>The most changes one catch-up returns.</summary>
    public const int CatchUpLimit = 500;

    /// <summary>How many recent changes per statement the sequencer keeps for transforming stale submissions.</summary>
    private const int Window = 2_000;

    private const string FutureRevision = "future_revision";

    /// <summary>How often a change is applied again after the statement moved under it before its answer is an error.</summary>
    private const int MaxAttempts = 10;

    private readonly ConcurrentDictionary<int, Slot> _slots = new();
    private readonly ConcurrentDictionary<int, Shown> _shown = new();
    private readonly IDbContextFactory<DraftingDbContext> _contexts;
    private readonly IStatementBus _bus;
    private readonly TimeProvider _clock;
    private readonly IOptions<DraftingOptions> _options;
    private readonly ChangeWriter _writer;
    private readonly ILogger<DraftingEngine> _logger;
    private readonly IStatementStewards? _stewards;
    private readonly ITimer _evictions;

    public DraftingEngine(
        IDbContextFactory<DraftingDbContext> contexts,
        IStatementBus bus,
        TimeProvider clock,
        IOptions<DraftingOptions> options,
        ChangeWriter writer,
        ILogger<DraftingEngine> logger,
        IStatementStewards? stewards = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        (_contexts, _bus, _clock, _options, _writer, _logger, _stewards) = (contexts, bus, clock, options, writer, logger, stewards);
        var every = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, options.Value.IdleAfter.Ticks / 2));
        _evictions = clock.CreateTimer(_ => _ = EvictIdleAsync(), null, every, every);
    }

    /// <summary>Changes applied in memory and not yet stored (or failed).</summary>
    internal int PendingWrites => _writer.Pending;

    /// <summary>Whether the statement's sequencer is in memory (for tests of eviction).</summary>
    internal bool IsLoaded(int statementId) => _slots.TryGetValue(statementId, out var slot) && slot.State is not null;

    public void Dispose() => _evictions.Dispose();

    public async Task<LiveSnapshot?> SnapshotAsync(int statementId, CancellationToken cancellationToken = default)
    {
        var slot = await EnterAsync(statementId, cancellationToken);
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
    /// Whether the statement holds the block now (changes on their way to the disk included: an editor may already be in
    /// a block it has just made); null when there is no such statement.
    /// </summary>
    public async Task<bool?> HasBlockAsync(int statementId, BlockId blockId, CancellationToken cancellationToken = default)
    {
        var slot = await EnterAsync(statementId, cancellationToken);
        try
        {
            var state = await LoadAsync(slot, statementId, cancellationToken);
            return state?.Sequencer.Blocks.Any(b => b.Id == blockId);
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
    /// With several nodes, a plain change (no extras) goes to the statement's steward, the one node that sequences it
    /// (ADR 0019); this node sequences it when it is the steward, or when the steward does not answer in time.
    /// </summary>
    public async Task<SubmitResult> SubmitAsync(
        int statementId, string authorId, string changeId, int baseRevision, EditOp op, ChangeExtras? extras, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(op);
        if (extras is null && _stewards is not null
            && await _stewards.ForwardAsync(statementId, authorId, changeId, baseRevision, op, cancellationToken) is { } answered)
        {
            return answered;
        }

        return await SequenceAsync(statementId, authorId, changeId, baseRevision, op, extras, cancellationToken);
    }

    /// <summary>
    /// Applies a plain change on this node, never sending it to another: how a steward runs what other nodes forward.
    /// </summary>
    public Task<SubmitResult> SubmitHereAsync(
        int statementId, string authorId, string changeId, int baseRevision, EditOp op, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(op);
        return SequenceAsync(statementId, authorId, changeId, baseRevision, op, null, cancellationToken);
    }

    private async Task<SubmitResult> SequenceAsync(
        int statementId, string authorId, string changeId, int baseRevision, EditOp op, ChangeExtras? extras, CancellationToken cancellationToken)
    {
        var followed = false;
        for (var attempt = 1; ; attempt++)
        {
            var slot = await EnterAsync(statementId, cancellationToken);
            LiveState? state = null;
            Task<SubmitResult>? answer = null;
            try
            {
                state = await LoadAsync(slot, statementId, cancellationToken)
                    ?? throw new DraftingRefusedException("not_found", "There is no such statement.");
                answer = await ApplyAsync(slot, state, statementId, authorId, changeId, baseRevision, op, extras, cancellationToken);
            }
            catch (StorageBehindException) when (attempt < MaxAttempts)
            {
                // A change queued before this one failed to store: the sequencer is ahead of storage. Start again.
                slot.State = null;
                continue;
            }
            catch (DraftingRefusedException refused) when (refused.Code == FutureRevision && _stewards is not null && !followed)
            {
                // With several nodes the client may know a revision another node stored that this one has not followed yet.
                followed = true;
            }
            finally
            {
                slot.Gate.Release();
            }

            if (answer is null)
            {
                await FollowStorageAsync(statementId, cancellationToken);
                continue;
            }

            try
            {
                return await answer.WaitAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException and not DraftingRefusedException)
            {
                // Whatever went wrong, the changes applied in memory after this one rest on it: start again from storage.
                await ForgetStateAsync(slot, state);

                // The unique (statement, author, change id) index caught a resend: answer as the first time.
                if (await FindDuplicateAsync(statementId, authorId, changeId, cancellationToken) is { } duplicate)
                {
                    return duplicate;
                }

                // The statement was not where this change was applied: a change queued before it failed, or another
                // node wrote first (its revision token, or the unique revision, refused this write). Try again on what
                // is stored. Any other failure is this change's own.
                var conflict = e is StorageBehindException || DatabaseErrors.IsConflict(e);
                if (!conflict)
                {
                    throw;
                }

                if (attempt >= MaxAttempts)
                {
                    // Other nodes kept storing changes first: a refusal the client can act on, not a server error.
                    throw new DraftingRefusedException(
                        "unavailable", "The statement kept changing under this change, so nothing was stored. Send it again (same changeId) in a moment.");
                }

                LogWriteConflict(_logger, statementId, e is StorageBehindException ? "a change before it was not stored" : "another node stored first");
            }
        }
    }

    /// <summary>Sequences a change under the statement's lock and hands it to the writer; the task is its answer.</summary>
    private async Task<Task<SubmitResult>> ApplyAsync(
        Slot slot, LiveState state, int statementId, string authorId, string changeId, int baseRevision, EditOp op, ChangeExtras? extras, CancellationToken cancellationToken)
    {
        if (state.Locked)
        {
            throw new DraftingRefusedException("locked", "The statement is locked: it takes no changes now.");
        }

        var previous = state.Sequencer.Revision;

        // A client knows only stored revisions (acknowledgements and broadcasts follow the commit). The sequencer may be
        // ahead by changes still on their way to the disk; a base among those is one nobody can have seen, and taking it
        // would skip transforming the change over them.
        var storedRevision = slot.Stored?.Revision ?? previous;
        if (baseRevision > storedRevision)
        {
            throw new DraftingRefusedException("future_revision", $"Revision {baseRevision} does not exist yet; the statement is at {storedRevision}.");
        }

        Domain.Editing.SubmitResult sequenced;
        try
        {
            sequenced = await state.Sequencer.SubmitAsync(baseRevision, ChangeKeys.Of(authorId, changeId), op, cancellationToken);
        }
        catch (EditRefusedException refused)
        {
            if (refused.Code == EditError.FutureRevision)
            {
                throw new DraftingRefusedException(FutureRevision, $"Revision {baseRevision} does not exist yet; the statement is at {previous}.");
            }

            // A resend of a change stored before (its answer was lost) gets the stored answer, not an error.
            if (await FindDuplicateAsync(statementId, authorId, changeId, cancellationToken) is { } stored)
            {
                return Task.FromResult(stored);
            }

            throw;
        }

        var discarded = sequenced.Discarded.Select(DiscardedView.Of).ToList();
        if (sequenced.Status == SubmitStatus.Duplicate)
        {
            // Applied before by this process: answered once it is stored (it may still be on its way to the disk).
            return AnswerWhenStoredAsync(slot, sequenced.Revision, new SubmitResult("duplicate", sequenced.Revision, ToElement(sequenced.Ops), discarded));
        }

        var revision = sequenced.Revision;
        var document = state.Sequencer.CloneDocument();
        var changed = new StatementChanged(statementId, revision, changeId, sequenced.Ops, extras?.Label);
        var request = new StoreRequest(
            statementId, previous, state.LastWrite, document, revision, authorId, changeId, baseRevision, op, sequenced.Ops, sequenced.Discarded,
            state.Sequencer.IsSnapshotRevision(revision), _clock.GetUtcNow(), extras,
            () =>
            {
                slot.MarkStored(revision, document);
                ShownOf(statementId, revision, state.Locked).Advance(revision);
                _bus.Publish(changed);
            });
        if (!_writer.TryEnqueue(request))
        {
            slot.State = null; // the sequencer holds a change that will never be stored
            throw new DraftingRefusedException("unavailable", "The server is shutting down; send the change again in a moment.");
        }

        slot.LastWrite = request.Done.Task;
        state.LastWrite = request.Done.Task;
        return AnswerAsync(request.Done.Task, new SubmitResult("applied", revision, ToElement(sequenced.Ops), discarded));
    }

    private static async Task<SubmitResult> AnswerAsync(Task stored, SubmitResult result)
    {
        await stored;
        return result;
    }

    private static async Task<SubmitResult> AnswerWhenStoredAsync(Slot slot, int revision, SubmitResult result)
    {
        await slot.DrainAsync();
        return slot.Stored is { } stored && stored.Revision >= revision
            ? result
            : throw new StorageBehindException(); // the first time failed to store: the resend goes in anew
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
        if (fromRevision > snapshot.Revision && _stewards is not null)
        {
            // The client may have its acknowledgement from the statement's steward before this node followed it there.
            await FollowStorageAsync(statementId, cancellationToken);
            snapshot = await SnapshotAsync(statementId, cancellationToken) ?? snapshot;
        }

        if (fromRevision > snapshot.Revision)
        {
            throw new DraftingRefusedException(FutureRevision, $"Revision {fromRevision} does not exist yet; the statement is at {snapshot.Revision}.");
        }

        var rows = await ReadLogAsync(statementId, fromRevision, Math.Min(snapshot.Revision, fromRevision + max), cancellationToken);
        return [.. rows.Select(r => new StatementChanged(statementId, r.Revision, r.ChangeId, r.Ops, r.Label))];
    }

    public Task<bool> SetLockedAsync(int statementId, bool locked, CancellationToken cancellationToken = default) =>
        SetLockedAsync(statementId, locked, alongside: null, cancellationToken);

    /// <summary>
    /// Locks or unlocks a statement once every change accepted before is stored. <paramref name="alongside"/> runs in the
    /// same unit of work, with the statement as stored (e.g. opening its adoption poll at that revision); if it throws,
    /// nothing is stored. Returns whether the lock changed.
    /// </summary>
    public async Task<bool> SetLockedAsync(int statementId, bool locked, Func<DraftingDbContext, Statement, CancellationToken, Task>? alongside, CancellationToken cancellationToken)
    {
        var slot = await EnterAsync(statementId, cancellationToken);
        try
        {
            var state = await LoadAsync(slot, statementId, cancellationToken)
                ?? throw new DraftingRefusedException("not_found", "There is no such statement.");

            // Changes accepted before the lock are stored and announced before it.
            await slot.DrainAsync();
            await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
            var statement = await db.Statements.FirstAsync(s => s.Id == statementId, cancellationToken);
            var changed = statement.IsLocked != locked;
            if (locked)
            {
                statement.Lock();
            }
            else
            {
                statement.Unlock();
            }

            if (alongside is not null)
            {
                statement.RestoreOrder();
                await alongside(db, statement, cancellationToken);
            }
            else if (!changed)
            {
                return false;
            }

            await db.SaveChangesAsync(cancellationToken);
            if (changed)
            {
                state.Locked = locked;
                ShownOf(statementId, statement.Revision, locked).Locked = locked;
                _bus.Publish(new StatementLockChanged(statementId, locked));
            }

            return changed;
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    /// <summary>Forgets what is cached (tests that change storage behind the engine's back).</summary>
    public void Forget(int statementId)
    {
        _slots.TryRemove(statementId, out _);
        _shown.TryRemove(statementId, out _);
    }

    /// <summary>The statements this process has shown or announced (whose listeners must hear of what others store).</summary>
    internal IReadOnlyCollection<int> ShownStatements => [.. _shown.Keys];

    /// <summary>The last revision and lock this process showed or announced of a statement, if it ever did.</summary>
    internal (int Revision, bool Locked)? ShownOf(int statementId) =>
        _shown.TryGetValue(statementId, out var shown) ? (shown.Revision, shown.Locked) : null;

    /// <summary>
    /// Looks at the statement as stored and, if another node moved it on since this process last showed or announced
    /// it, announces what it missed: each stored change after that revision in order, then the lock if it changed (all
    /// marked <see cref="StatementEvent.Relayed"/>), and drops the cached sequencer so the next use reloads it. Nothing is
    /// done for a statement this process never showed. Safe to call at any time, as often as wanted.
    /// </summary>
    public async Task FollowStorageAsync(int statementId, CancellationToken cancellationToken = default)
    {
        if (!_shown.ContainsKey(statementId))
        {
            return;
        }

        var slot = await EnterAsync(statementId, cancellationToken);
        try
        {
            // Changes of this process still on their way to the disk are stored (and announced) first.
            await slot.DrainAsync();
            await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
            var stored = await db.Statements.AsNoTracking().Where(s => s.Id == statementId)
                .Select(s => new { s.Revision, s.IsLocked }).FirstOrDefaultAsync(cancellationToken);
            if (stored is null)
            {
                return;
            }

            // The sequencer in memory follows what the other node stored, rather than being loaded again (which would
            // also empty its window of recent changes, so that each later submission read its history from the log):
            // only when it holds exactly what was stored and announced, with nothing of its own that failed to store.
            var state = slot.State;
            var follower = state is not null && state.LastWrite.IsCompletedSuccessfully && !state.Locked && !stored.IsLocked
                && _shown.TryGetValue(statementId, out var shown) && shown.Revision == state.Sequencer.Revision
                ? new Follower(state.Sequencer)
                : null;
            if (await AnnounceMissedAsync(statementId, stored.Revision, stored.IsLocked, follower, cancellationToken))
            {
                if (follower is { Failed: false } && state!.Sequencer.Revision == stored.Revision)
                {
                    slot.MarkStored(stored.Revision, state.Sequencer.CloneDocument());
                }
                else
                {
                    slot.State = null;
                }
            }
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    private Shown ShownOf(int statementId, int revision, bool locked) => _shown.GetOrAdd(statementId, _ => new Shown(revision, locked));

    /// <summary>
    /// Publishes what this process has not announced of a statement now stored at <paramref name="revision"/>. Called
    /// under the statement's lock with nothing of this process waiting to be stored. Returns whether anything moved.
    /// </summary>
    private async Task<bool> AnnounceMissedAsync(int statementId, int revision, bool locked, Follower? follower, CancellationToken cancellationToken)
    {
        if (!_shown.TryGetValue(statementId, out var shown))
        {
            _shown[statementId] = new Shown(revision, locked);
            return false;
        }

        var moved = false;
        while (shown.Revision < revision)
        {
            var missed = await ReadLogAsync(statementId, shown.Revision, Math.Min(revision, shown.Revision + CatchUpLimit), cancellationToken);
            if (missed.Count == 0)
            {
                shown.Advance(revision); // revisions without a logged change (storage changed behind the engine's back)
                break;
            }

            foreach (var change in missed)
            {
                follower?.Follow(change);
                _bus.Publish(new StatementChanged(statementId, change.Revision, change.ChangeId, change.Ops, change.Label) { Relayed = true });
                shown.Advance(change.Revision);
            }

            moved = true;
        }

        if (shown.Locked != locked)
        {
            shown.Locked = locked;
            _bus.Publish(new StatementLockChanged(statementId, locked) { Relayed = true });
            moved = true;
        }

        return moved;
    }

    /// <summary>
    /// Takes the statement's lock. A slot evicted while this caller waited for it is not used: the caller takes the
    /// statement's current slot instead, so two slots never sequence one statement.
    /// </summary>
    private async Task<Slot> EnterAsync(int statementId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var slot = _slots.GetOrAdd(statementId, _ => new Slot());
            await slot.Gate.WaitAsync(cancellationToken);
            if (!slot.Evicted)
            {
                slot.LastUsed = _clock.GetUtcNow();
                return slot;
            }

            slot.Gate.Release();
        }
    }

    /// <summary>Statements nobody touched for <see cref="DraftingOptions.IdleAfter"/> leave memory once their writes are stored.</summary>
    internal async Task EvictIdleAsync()
    {
        var before = _clock.GetUtcNow() - _options.Value.IdleAfter;
        foreach (var (statementId, slot) in _slots)
        {
            if (slot.LastUsed > before || !slot.LastWrite.IsCompleted || !await slot.Gate.WaitAsync(0))
            {
                continue;
            }

            try
            {
                if (slot.LastUsed <= before && slot.LastWrite.IsCompleted)
                {
                    slot.Evicted = true;
                    _slots.TryRemove(new KeyValuePair<int, Slot>(statementId, slot));
                }
            }
            finally
            {
                slot.Gate.Release();
            }
        }
    }

    private async Task<LiveState?> LoadAsync(Slot slot, int statementId, CancellationToken cancellationToken)
    {
        if (slot.State is { } cached)
        {
            return cached;
        }

        // Whatever was queued on a state given up is stored (or failed) before storage is read again.
        await slot.DrainAsync();
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        // One query, so that the revision and the text are read at the same moment: split in two (the context's
        // default), another node's change could be stored between them, and this node would hold its text under the
        // revision before it, transforming later submissions wrongly.
        var statement = await db.Statements.AsNoTracking().Include(s => s.Blocks).AsSingleQuery()
            .FirstOrDefaultAsync(s => s.Id == statementId, cancellationToken);
        if (statement is null)
        {
            return null;
        }

        // What another node stored since this process last showed the statement is announced before anything newer.
        await AnnounceMissedAsync(statementId, statement.Revision, statement.IsLocked, follower: null, cancellationToken);
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
                At = _clock.GetUtcNow(),
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        var sequencer = new DraftSequencer(
            document, statement.Revision, new StoredChangeLog(this, slot, statementId), Math.Max(1, _options.Value.SnapshotEvery), Window);
        slot.State = new LiveState(statement.Title, statement.IsLocked, sequencer);
        slot.MarkStored(statement.Revision, document.Clone());
        return slot.State;
    }

    private async Task<SubmitResult?> FindDuplicateAsync(int statementId, string authorId, string changeId, CancellationToken cancellationToken)
    {
        var row = await FindStoredAsync(statementId, authorId, changeId, cancellationToken);
        return row is null
            ? null
            : new SubmitResult("duplicate", row.Revision, ToElement(row.Ops), [.. row.Discarded.Select(DiscardedView.Of)]);
    }

    private async Task<SequencedChange?> FindStoredAsync(int statementId, string authorId, string changeId, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.StatementChanges.AsNoTracking()
            .Where(c => c.StatementId == statementId && c.AuthorId == authorId && c.ClientChangeId == changeId)
            .Select(c => new { c.Revision, c.AppliedJson, c.DiscardedJson })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null
            ? null
            : new SequencedChange(row.Revision, ChangeKeys.Of(authorId, changeId), EditOpJson.DeserializeList(row.AppliedJson), Discarded(row.DiscardedJson));
    }

    private async Task<List<LoggedChange>> ReadLogAsync(int statementId, int afterRevision, int upToRevision, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.StatementChanges.AsNoTracking()
            .Where(c => c.StatementId == statementId && c.Revision > afterRevision && c.Revision <= upToRevision)
            .OrderBy(c => c.Revision)
            .Select(c => new { c.Revision, c.AuthorId, c.ClientChangeId, c.AppliedJson, c.DiscardedJson, c.Label })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new LoggedChange(r.Revision, r.AuthorId, r.ClientChangeId, EditOpJson.DeserializeList(r.AppliedJson), Discarded(r.DiscardedJson), r.Label))];
    }

    private static List<DiscardedEdit> Discarded(string? json) =>
        json is null
            ? []
            : [.. (JsonSerializer.Deserialize<List<DiscardedView>>(json, Json.Options) ?? []).Select(d => new DiscardedEdit(Domain.Statements.BlockId.Parse(d.Block), d.Reason, d.Text))];

    internal static string BlocksJson(DraftDocument document) =>
        JsonSerializer.Serialize(document.Blocks.Select(DraftBlockView.Of), Json.Options);

    private static JsonElement ToElement(IReadOnlyList<EditOp> ops)
    {
        using var parsed = JsonDocument.Parse(EditOpJson.Serialize(ops));
        return parsed.RootElement.Clone();
    }

    // Expected when several nodes edit one statement: no stack trace, which would cost more than the retry itself.
    [LoggerMessage(Level = LogLevel.Information, Message = "Statement {StatementId}: a change could not be stored; reloading and trying again ({Reason}).")]
    private static partial void LogWriteConflict(ILogger logger, int statementId, string reason);

    private sealed record LoggedChange(int Revision, string AuthorId, string ChangeId, IReadOnlyList<EditOp> Ops, IReadOnlyList<DiscardedEdit> Discarded, string? Label);

    /// <summary>
    /// The stored change log as the sequencer's port: read only for what its window no longer holds, once every change
    /// queued for the statement is stored (so the log is complete up to the sequencer's revision, or it is refused).
    /// </summary>
    private sealed class StoredChangeLog(DraftingEngine engine, Slot slot, int statementId) : IChangeLog
    {
        public async ValueTask<IReadOnlyList<SequencedChange>> ReadAsync(int afterRevision, int upToRevision, CancellationToken cancellationToken = default)
        {
            await slot.DrainAsync();
            if (slot.Stored is not { } stored || stored.Revision < upToRevision)
            {
                throw new StorageBehindException();
            }

            var rows = await engine.ReadLogAsync(statementId, afterRevision, upToRevision, cancellationToken);
            return [.. rows.Select(r => new SequencedChange(r.Revision, ChangeKeys.Of(r.AuthorId, r.ChangeId), r.Ops, r.Discarded))];
        }

        public async ValueTask<SequencedChange?> FindAsync(string changeKey, CancellationToken cancellationToken = default)
        {
            var (authorId, changeId) = ChangeKeys.Split(changeKey);
            return await engine.FindStoredAsync(statementId, authorId, changeId, cancellationToken);
        }
    }

    /// <summary>The sequencer is ahead of what is stored because a change queued before failed: reload and try again.</summary>
    private sealed class StorageBehindException() : Exception("The statement's storage is behind its sequencer.");

    private sealed class Slot
    {
        private StoredRevision? _stored;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>The statement as this process sequences it (ahead of storage by the changes queued).</summary>
        public LiveState? State { get; set; }

        /// <summary>Removed from memory: whoever waited for its lock takes a new slot.</summary>
        public bool Evicted { get; set; }

        public DateTimeOffset LastUsed { get; set; }

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

    /// <summary>What this process last showed or announced of a statement: listeners here know it up to this revision.</summary>
    private sealed class Shown(int revision, bool locked)
    {
        private int _revision = revision;

        public int Revision => Volatile.Read(ref _revision);

        public bool Locked { get; set; } = locked;

        /// <summary>Moves the revision forward (never back).</summary>
        public void Advance(int revision)
        {
            var current = Volatile.Read(ref _revision);
            while (revision > current)
            {
                var seen = Interlocked.CompareExchange(ref _revision, revision, current);
                if (seen == current)
                {
                    return;
                }

                current = seen;
            }
        }
    }

    /// <summary>A stored revision and the statement's text at it (never changed afterwards).</summary>
    private sealed record StoredRevision(int Revision, DraftDocument Document);

    /// <summary>Applies changes another node stored to a sequencer in memory, until one does not fit (then it is reloaded).</summary>
    private sealed class Follower(DraftSequencer sequencer)
    {
        public bool Failed { get; private set; }

        public void Follow(LoggedChange change)
        {
            if (Failed)
            {
                return;
            }

            try
            {
                sequencer.Follow(new SequencedChange(change.Revision, ChangeKeys.Of(change.AuthorId, change.ChangeId), change.Ops, change.Discarded));
            }
            catch (Exception e) when (e is ArgumentException or EditRefusedException)
            {
                Failed = true;
            }
        }
    }

    private sealed class LiveState(string title, bool locked, DraftSequencer sequencer)
    {
        public string Title { get; } = title;

        public bool Locked { get; set; } = locked;

        public DraftSequencer Sequencer { get; } = sequencer;

        /// <summary>
        /// The storage of the last change this state sequenced: the next change was applied on top of it, so if it
        /// fails the next must fail too (another node may have stored a different change at that revision meanwhile).
        /// </summary>
        public Task LastWrite { get; set; } = Task.CompletedTask;
    }
}

/// <summary>The sequencer's change key of a submission: who sent it and the change id they gave it.</summary>
internal static class ChangeKeys
{
    private const char Separator = '\u001f';

    public static string Of(string authorId, string changeId) => authorId + Separator + changeId;

    public static (string AuthorId, string ChangeId) Split(string key)
    {
        var at = key.IndexOf(Separator, StringComparison.Ordinal);
        return (key[..at], key[(at + 1)..]);
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

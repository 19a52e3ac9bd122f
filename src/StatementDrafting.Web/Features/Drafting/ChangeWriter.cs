using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Drafting;

/// <summary>One change applied in memory, waiting to be stored; <see cref="Stored"/> runs once it is committed.</summary>
/// <param name="Predecessor">The storage of the change this one was applied on top of (completed when that was stored before).</param>
internal sealed record StoreRequest(
    int StatementId,
    int PreviousRevision,
    Task Predecessor,
    DraftDocument Document,
    int Revision,
    string AuthorId,
    string ChangeId,
    int BaseRevision,
    EditOp Submitted,
    IReadOnlyList<EditOp> Applied,
    IReadOnlyList<DiscardedEdit> Discarded,
    bool Snapshot,
    DateTimeOffset At,
    ChangeExtras? Extras,
    Action Stored)
{
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// Group commit, as a hosted service: one loop writes whatever changes are waiting (of any statements) in one
/// transaction, so that many typists cost one disk flush rather than one each. Changes arrive in revision order per
/// statement and are written, then announced (<see cref="StoreRequest.Stored"/>, then the author's answer), in that
/// order. If a batch fails, its changes are written one by one, so that only the change at fault fails, and with it the
/// later changes of its statement (each write checks that the statement is still at the revision the change was applied
/// to). On shutdown it takes no more changes and stores every change it was given before the app stops.
/// </summary>
public sealed partial class ChangeWriter(
    IDbContextFactory<DraftingDbContext> contexts,
    DatabaseWriteGate writeGate,
    ILogger<ChangeWriter> logger) : IHostedService
{
    /// <summary>The most changes one group commit writes.</summary>
    private const int MaxBatch = 64;

    private readonly Channel<StoreRequest> _writes = Channel.CreateUnbounded<StoreRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _starting = new();
    private Task? _loop;
    private int _pending;

    /// <summary>Changes given to the writer and not yet stored (or failed).</summary>
    internal int Pending => Volatile.Read(ref _pending);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        EnsureStarted();
        return Task.CompletedTask;
    }

    /// <summary>Takes no more changes, then waits until every change given before is stored (or has failed).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _writes.Writer.TryComplete();
        if (_loop is { } loop)
        {
            LogDraining(logger, Pending);
            await loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Queues a change; false once the writer is stopping (the change must then be refused).</summary>
    internal bool TryEnqueue(StoreRequest request)
    {
        EnsureStarted();
        Interlocked.Increment(ref _pending);
        if (_writes.Writer.TryWrite(request))
        {
            return true;
        }

        Interlocked.Decrement(ref _pending);
        return false;
    }

    private void EnsureStarted()
    {
        if (_loop is null)
        {
            lock (_starting)
            {
                _loop ??= Task.Run(WriteLoopAsync);
            }
        }
    }

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
        try
        {
            request.Stored();
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
            request.Done.TrySetResult();
        }
    }

    private void Failed(StoreRequest request, Exception e)
    {
        Interlocked.Decrement(ref _pending);
        request.Done.TrySetException(e);
    }

    private async Task WriteBatchAsync(IReadOnlyList<StoreRequest> batch)
    {
        using var writing = await writeGate.EnterAsync(CancellationToken.None);
        await using var db = await contexts.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();

        // Statement by statement, in the order of their ids (each statement's own changes keep their order): two nodes'
        // batches then take the statements' row locks in the same order and never wait for each other in a circle.
        foreach (var request in batch.OrderBy(r => r.StatementId))
        {
            await WriteAsync(db, request);
        }

        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    private static async Task WriteAsync(DraftingDbContext db, StoreRequest request)
    {
        // Built on a change that failed to store: its previous revision may now hold another node's change, whose
        // number alone the check below cannot tell from the one this change was applied to.
        if (request.Predecessor.IsFaulted || request.Predecessor.IsCanceled)
        {
            throw new DbUpdateConcurrencyException($"Statement {request.StatementId}: the change before revision {request.Revision} was not stored.");
        }

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
            // Typing, the common case: move the revision on if nobody else has (nor locked the statement: another node
            // may have, and this one hears of it only after the fact), then touch only the blocks typed in. The
            // statement's row first: it is the lock two nodes' writes of one statement meet at, so the later one
            // waits there, then finds the revision moved and gives up before writing anything else.
            var previous = request.PreviousRevision;
            var moved = await db.Database.ExecuteSqlInterpolatedAsync(
                $"""UPDATE "Statements" SET "Revision" = {revision} WHERE "Id" = {statementId} AND NOT "IsLocked" AND "Revision" = {previous}""");
            if (moved != 1)
            {
                throw new DbUpdateConcurrencyException($"Statement {statementId} is no longer at revision {previous}.");
            }

            foreach (var blockId in request.Applied.Select(o => o.Block).Distinct())
            {
                var text = document.Find(blockId)!.Text;
                var id = blockId.Value;
                await db.Database.ExecuteSqlInterpolatedAsync(
                    $"""UPDATE "Blocks" SET "Text" = {text} WHERE "StatementId" = {statementId} AND "Id" = {id}""");
            }
        }
        else
        {
            var statement = await db.Statements.Include(s => s.Blocks).FirstAsync(s => s.Id == statementId);
            if (statement.Revision != request.PreviousRevision || statement.IsLocked)
            {
                throw new DbUpdateConcurrencyException($"Statement {statementId} is no longer at revision {request.PreviousRevision}, or was locked.");
            }

            statement.Synchronise(document.Blocks.Select(b => (b.Id, b.Kind, b.Level, b.Text)), revision);

            // Written now and forgotten, so that a later change of this statement in the same batch, typing (plain
            // SQL) or not (a fresh read), sees these rows as they are.
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        if (request.Snapshot)
        {
            db.StatementSnapshots.Add(new StatementSnapshot { StatementId = statementId, Revision = revision, BlocksJson = DraftingEngine.BlocksJson(document), At = request.At });
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: storing the {Pending} changes still waiting.")]
    private static partial void LogDraining(ILogger logger, int pending);
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Web.Features.Drafting;
using SubmitResult = StatementDrafting.Web.Features.Drafting.SubmitResult;

namespace StatementDrafting.Web.Infrastructure.ScaleOut;

/// <summary>
/// One sequencer per statement across nodes (ADR 0019). The key <c>{prefix}steward:{statementId}</c> names the node
/// that sequences the statement now; the first node that needs it takes it, for <see cref="ScaleOutOptions.StewardFor"/>,
/// and renews it while it sequences the statement. Another node sends its plain changes there on the steward's own
/// channel and waits for the answer; when there is none in time (or no Redis, or nobody listens) it sequences the
/// change itself, which is safe: storage takes each change once and answers a second try as a duplicate.
/// </summary>
public sealed partial class StatementStewards(RedisLink link, IOptions<ScaleOutOptions> options, ILogger<StatementStewards> logger)
    : IStatementStewards, IHostedService, IDisposable
{
    /// <summary>
    /// Returns the steward, taking the key when nobody holds it, or when it is held by ARGV[3] (a node that no longer
    /// listens); when this node holds it already, renews it (so that what a node knows of itself outlives its cache).
    /// </summary>
    private const string TakeScript = """
        local holder = redis.call('GET', KEYS[1])
        if holder == false or holder == ARGV[1] or holder == ARGV[3] then
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return ARGV[1]
        end
        return holder
        """;

    /// <summary>Renews the key only if this node (ARGV[1]) still holds it.</summary>
    private const string RenewScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
            return redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 0
        """;

    /// <summary>Deletes the key only if this node (ARGV[1]) still holds it.</summary>
    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
            return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    private readonly ConcurrentDictionary<int, Known> _known = new();
    private readonly ConcurrentDictionary<int, long> _held = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StewardMessage>> _waiting = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _stopped;
    private Task _renewals = Task.CompletedTask;
    private long _forwarded;
    private long _fellBack;

    /// <summary>Changes this node sent to another node's steward and got an answer for.</summary>
    internal long Forwarded => Interlocked.Read(ref _forwarded);

    /// <summary>Changes this node sent to a steward and then sequenced itself (no answer in time, nobody listening, a failure).</summary>
    internal long FellBack => Interlocked.Read(ref _fellBack);

    /// <summary>The statements this node is steward of, as far as it knows.</summary>
    internal IReadOnlyCollection<int> Held => [.. _held.Keys];

    private string Me => link.NodeId;

    private ScaleOutOptions Options => options.Value;

    public async Task<SubmitResult?> ForwardAsync(int statementId, string authorId, string changeId, int baseRevision, EditOp op, CancellationToken cancellationToken)
    {
        if (!link.IsConnected || _stopping.IsCancellationRequested)
        {
            return null;
        }

        string steward;
        try
        {
            steward = await StewardOfAsync(statementId, gone: null).WaitAsync(Options.ForwardTimeout, cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogNoSteward(logger, statementId, e.GetType().Name);
            return null;
        }

        if (steward == Me)
        {
            return null;
        }

        var request = new StewardMessage(StewardMessage.Submit, Guid.NewGuid().ToString("N"), Me)
        {
            StatementId = statementId,
            AuthorId = authorId,
            ChangeId = changeId,
            BaseRevision = baseRevision,
            Ops = EditOpJson.Serialize([op]),
        };
        var waiting = new TaskCompletionSource<StewardMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[request.Id] = waiting;
        StewardMessage answer;
        try
        {
            if (await link.PublishAsync(RedisLink.NodeChannel(steward), request.ToJson()) == 0)
            {
                // Nobody listens on the steward's channel: it stopped or died. Take the statement over and sequence here.
                LogStewardGone(logger, statementId);
                Interlocked.Increment(ref _fellBack);
                _known.TryRemove(statementId, out _);
                await StewardOfAsync(statementId, gone: steward);
                return null;
            }

            answer = await waiting.Task.WaitAsync(Options.ForwardTimeout, cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // No answer in time (the steward may be gone, or slow): sequence here. If the steward stored the change
            // after all, this node's write is refused and the change is answered as a duplicate.
            LogNoAnswer(logger, statementId, e.GetType().Name);
            Interlocked.Increment(ref _fellBack);
            _known.TryRemove(statementId, out _);
            return null;
        }
        finally
        {
            _waiting.TryRemove(request.Id, out _);
        }

        if (answer.Result is { } result)
        {
            Interlocked.Increment(ref _forwarded);
            return result;
        }

        if (answer.Code is { } code && code != "unavailable")
        {
            Interlocked.Increment(ref _forwarded);
            throw new DraftingRefusedException(code, answer.Message ?? string.Empty);
        }

        // The steward failed or is shutting down: this node sequences the change.
        Interlocked.Increment(ref _fellBack);
        return null;
    }

    /// <summary>A steward's answer arrived on this node's channel.</summary>
    internal void Answered(StewardMessage answer)
    {
        if (_waiting.TryRemove(answer.Id, out var waiting))
        {
            waiting.TrySetResult(answer);
        }
    }

    /// <summary>This node sequenced a change of the statement (its own or forwarded): it renews the key while it holds it.</summary>
    internal void Sequenced(int statementId) => _held[statementId] = Environment.TickCount64;

    /// <summary>Forgets what this node knew of a statement's steward (tests that move stewardship).</summary>
    internal void Forget(int statementId) => _known.TryRemove(statementId, out _);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _renewals = Task.Run(RenewLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops renewing and gives up every statement this node holds, so that another node takes it at once.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return; // stopped already (a test, then the host): the second stop has nothing to do
        }

        await _stopping.CancelAsync();
        await _renewals.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!link.IsConnected)
        {
            return;
        }

        foreach (var statementId in _held.Keys)
        {
            try
            {
                await link.EvaluateAsync(ReleaseScript, KeyOf(statementId), Me).WaitAsync(cancellationToken);
            }
            catch (Exception e) when (e is RedisException or TimeoutException or OperationCanceledException)
            {
                LogReleaseFailed(logger, e.GetType().Name);
                return; // the rest lapse on their own
            }
        }

        _held.Clear();
    }

    public void Dispose() => _stopping.Dispose();

    /// <summary>The statement's steward: from what this node learnt recently, else from Redis (taking it if free).</summary>
    private async Task<string> StewardOfAsync(int statementId, string? gone)
    {
        var now = Environment.TickCount64;
        if (gone is null && _known.TryGetValue(statementId, out var known) && known.Until > now)
        {
            if (known.Node == Me)
            {
                Sequenced(statementId);
            }

            return known.Node;
        }

        var steward = (string?)await link.EvaluateAsync(TakeScript, KeyOf(statementId), Me, (long)Options.StewardFor.TotalMilliseconds, gone ?? string.Empty)
            ?? Me;
        _known[statementId] = new Known(steward, now + (long)Options.StewardKnownFor.TotalMilliseconds);
        if (steward == Me)
        {
            Sequenced(statementId);
        }

        return steward;
    }

    private RedisKey KeyOf(int statementId) => link.Key("steward:" + statementId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Renews the statements sequenced here lately; lets the others lapse.</summary>
    private async Task RenewLoopAsync()
    {
        using var timer = new PeriodicTimer(Options.StewardFor / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                var idleSince = Environment.TickCount64 - (long)(Options.StewardFor / 2).TotalMilliseconds;
                foreach (var (statementId, used) in _held)
                {
                    if (used < idleSince)
                    {
                        _held.TryRemove(new KeyValuePair<int, long>(statementId, used));
                        continue;
                    }

                    if (!link.IsConnected)
                    {
                        continue;
                    }

                    try
                    {
                        if ((long)await link.EvaluateAsync(RenewScript, KeyOf(statementId), Me, (long)Options.StewardFor.TotalMilliseconds) == 0)
                        {
                            // Another node holds it now (it found this node's channel silent, or the key lapsed).
                            _held.TryRemove(statementId, out _);
                            _known.TryRemove(statementId, out _);
                        }
                    }
                    catch (Exception e) when (e is RedisException or TimeoutException)
                    {
                        LogRenewFailed(logger, e.GetType().Name);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private sealed record Known(string Node, long Until);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Statement {StatementId}: its steward is unknown ({Failure}); sequencing here.")]
    private static partial void LogNoSteward(ILogger logger, int statementId, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Statement {StatementId}: its steward no longer listens; taking it over.")]
    private static partial void LogStewardGone(ILogger logger, int statementId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Statement {StatementId}: no answer from its steward ({Failure}); sequencing the change here.")]
    private static partial void LogNoAnswer(ILogger logger, int statementId, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew a statement's stewardship ({Failure}); it lapses unless renewed next time.")]
    private static partial void LogRenewFailed(ILogger logger, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not give up this node's stewardships on stopping ({Failure}); they lapse on their own.")]
    private static partial void LogReleaseFailed(ILogger logger, string failure);
}

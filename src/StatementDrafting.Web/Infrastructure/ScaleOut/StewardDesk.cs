using StackExchange.Redis;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Web.Features.Drafting;

namespace StatementDrafting.Web.Infrastructure.ScaleOut;

/// <summary>
/// Listens on this node's own channel (ADR 0019): a change another node forwarded is sequenced here, never forwarded
/// again (even if this node has just lost the statement's stewardship), and answered with the acknowledgement or the
/// refusal's code and message; an answer to a change this node forwarded goes to <see cref="StatementStewards"/>.
/// The requesting node authorised the change before it reached its engine: forwarded changes are trusted.
/// </summary>
public sealed partial class StewardDesk(RedisLink link, DraftingEngine engine, StatementStewards stewards, ILogger<StewardDesk> logger)
    : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private int _stopped;
    private Action<RedisChannel, RedisValue>? _handler;
    private Task _subscribing = Task.CompletedTask;
    private long _sequenced;

    /// <summary>Changes other nodes forwarded that this node sequenced.</summary>
    internal long Sequenced => Interlocked.Read(ref _sequenced);

    /// <summary>For tests: sequence forwarded changes but send no answer (as if it were lost).</summary>
    internal bool DropAnswers { get; set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _handler = (_, value) =>
        {
            switch (StewardMessage.Parse(value))
            {
                case { Kind: StewardMessage.Answer } answer:
                    stewards.Answered(answer);
                    break;
                case { Kind: StewardMessage.Submit } request:
                    Start(request);
                    break;
            }
        };
        _subscribing = Task.Run(() => link.SubscribeAsync(RedisLink.NodeChannel(link.NodeId), _handler, _stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops listening: changes forwarded from now on find nobody here, and their nodes sequence them.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return; // stopped already (a test, then the host): the second stop has nothing to do
        }

        await _stopping.CancelAsync();
        await _subscribing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_handler is not null && link.IsConnected)
        {
            try
            {
                await link.Connection.Result.GetSubscriber().UnsubscribeAsync(RedisLink.NodeChannel(link.NodeId), _handler).WaitAsync(cancellationToken);
            }
            catch (Exception e) when (e is RedisException or TimeoutException or OperationCanceledException)
            {
                // The connection closes with the node anyway.
            }
        }
    }

    public void Dispose() => _stopping.Dispose();

    /// <summary>Sequences a forwarded change away from Redis's message loop.</summary>
    private void Start(StewardMessage request) => _ = Task.Run(() => SequenceAsync(request), CancellationToken.None);

    private async Task SequenceAsync(StewardMessage request)
    {
        stewards.Sequenced(request.StatementId);
        var answer = new StewardMessage(StewardMessage.Answer, request.Id, link.NodeId);
        try
        {
            var ops = EditOpJson.DeserializeList(request.Ops ?? "[]");
            if (ops.Count != 1 || request.AuthorId is null || request.ChangeId is null)
            {
                throw new DraftingRefusedException("malformed", "A submission carries one operation.");
            }

            var result = await engine.SubmitHereAsync(request.StatementId, request.AuthorId, request.ChangeId, request.BaseRevision, ops[0], _stopping.Token);
            Interlocked.Increment(ref _sequenced);
            answer = answer with { Result = result };
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            answer = answer with { Code = "unavailable", Message = "The steward is stopping." }; // the requester sequences it
        }
#pragma warning disable CA1031 // Whatever went wrong is answered: a refusal as on one node, anything else as a failure (the requester sequences the change).
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (DraftingErrors.Describe(e) is { } error)
            {
                answer = answer with { Code = error.Code, Message = error.Message };
            }
            else
            {
                LogFailed(logger, request.StatementId, e.GetType().Name);
            }
        }

        if (DropAnswers)
        {
            return;
        }

        try
        {
            await link.PublishAsync(RedisLink.NodeChannel(request.From), answer.ToJson());
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogAnswerLost(logger, request.StatementId, e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Statement {StatementId}: a forwarded change failed ({Failure}); its node sequences it.")]
    private static partial void LogFailed(ILogger logger, int statementId, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Statement {StatementId}: could not answer a forwarded change ({Failure}); its node sequences it after a while.")]
    private static partial void LogAnswerLost(ILogger logger, int statementId, string failure);
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using StatementDrafting.Web.Features.Drafting;

namespace StatementDrafting.Web.Infrastructure.ScaleOut;

/// <summary>
/// Presence across app nodes (ADR 0017). A node tells the others, on Redis's presence channel, who is in a statement on
/// it (public names and blocks only, <see cref="NodePresence"/>) whenever that changed here, and again every
/// <see cref="ScaleOutOptions.CatchUpEvery"/> for every statement where someone is, so that a node that missed a message
/// (Redis away for a while) converges. What the others say is listed beside this node's own people. A node's people
/// vanish when it says it left (it stops gracefully) or when it has not repeated them for <see cref="ExpiryPeriods"/>
/// periods (it was killed, or lost Redis). Messages it does not understand are ignored.
/// </summary>
public sealed partial class CrossNodePresence : IPresenceElsewhere, IHostedService, IDisposable
{
    /// <summary>How many announcement periods another node's people are kept without hearing of them again.</summary>
    public const int ExpiryPeriods = 3;

    private static readonly TimeSpan GoodbyePatience = TimeSpan.FromSeconds(2);

    private readonly RedisLink _link;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _period;
    private readonly ILogger<CrossNodePresence> _logger;
    private readonly OtherNodesPresence _others;
    private readonly ConcurrentDictionary<int, NodePresence> _mine = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _stopped;
    private readonly List<Task> _loops = [];
    private long _sequence;
    private long _ignored;
    private volatile bool _silent;
    private volatile bool _listening;

    public CrossNodePresence(RedisLink link, TimeProvider clock, IOptions<ScaleOutOptions> options, ILogger<CrossNodePresence> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _link = link;
        _clock = clock;
        _period = options.Value.CatchUpEvery;
        _logger = logger;
        _others = new OtherNodesPresence(clock, _period * ExpiryPeriods);
    }

    public event EventHandler<int>? Changed;

    /// <summary>Messages on the presence channel that were not understood and were ignored (for tests).</summary>
    internal long Ignored => Interlocked.Read(ref _ignored);

    /// <summary>Whether this node hears the other nodes' presence yet (for tests: a node that was not listening missed it).</summary>
    internal bool Listening => _listening;

    /// <summary>
    /// For tests: a silent node says nothing more (no announcement, no goodbye), as if it had been killed; when it
    /// speaks again it repeats its people at the next period.
    /// </summary>
    internal bool Silent
    {
        get => _silent;
        set => _silent = value;
    }

    public void Announce(int statementId, IReadOnlyList<PresenceEntry> here)
    {
        ArgumentNullException.ThrowIfNull(here);
        var message = NodePresence.Of(_link.NodeId, Interlocked.Increment(ref _sequence), statementId, here);
        if (here.Count == 0)
        {
            _mine.TryRemove(statementId, out _);
        }
        else
        {
            _mine[statementId] = message;
        }

        Send(message);
    }

    public IReadOnlyList<PresenceEntry> PeopleIn(int statementId) => _others.In(statementId);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _link.Restored += OnRestored;
        _loops.Add(Task.Run(ListenAsync, CancellationToken.None));
        _loops.Add(Task.Run(RepeatLoopAsync, CancellationToken.None));
        return Task.CompletedTask;
    }

    /// <summary>Stops announcing and says goodbye, so the other nodes drop this node's people at once.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return; // stopped already (a test, then the host): the second stop has nothing to do
        }

        _link.Restored -= OnRestored;
        await _stopping.CancelAsync();
        await Task.WhenAll(_loops).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!_silent)
        {
            _silent = true; // whatever leaves after this is not announced: the goodbye said everyone did
            await _link.SendAsync(NodePresence.Goodbye(_link.NodeId, Interlocked.Increment(ref _sequence)), GoodbyePatience);
        }
    }

    public void Dispose() => _stopping.Dispose();

    /// <summary>One period: this node's people again, where there are any, and the others' that expired go.</summary>
    private void Repeat()
    {
        RepeatMine();
        foreach (var statementId in _others.Expire())
        {
            Changed?.Invoke(this, statementId);
        }
    }

    private void Send(NodePresence message)
    {
        if (!_silent)
        {
            _link.Send(message);
        }
    }

    private void OnHeard(string? json)
    {
        if (NodePresence.Parse(json) is not { } message)
        {
            Interlocked.Increment(ref _ignored);
            LogIgnored(_logger);
            return;
        }

        if (message.Node == _link.NodeId)
        {
            return;
        }

        if (message.Left)
        {
            foreach (var statementId in _others.Forget(message.Node))
            {
                Changed?.Invoke(this, statementId);
            }
        }
        else if (_others.Hear(message.Node, message.Sequence, message.Statement, message.Entries()))
        {
            Changed?.Invoke(this, message.Statement);
        }
    }

    private void OnRestored(object? sender, EventArgs e) => RepeatMine();

    /// <summary>This node's people again, where there are any, as last announced (the same sequence numbers).</summary>
    private void RepeatMine()
    {
        foreach (var message in _mine.Values)
        {
            Send(message);
        }
    }

    private async Task ListenAsync()
    {
        await _link.SubscribePresenceAsync(OnHeard, _stopping.Token);
        _listening = true;
    }

    private async Task RepeatLoopAsync()
    {
        using var timer = new PeriodicTimer(_period, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                try
                {
                    Repeat();
                }
#pragma warning disable CA1031 // The loop must outlive any failure; the next period tries again.
                catch (Exception failure)
#pragma warning restore CA1031
                {
                    LogRepeatFailed(_logger, failure.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "A message on the presence channel was not understood; ignored.")]
    private static partial void LogIgnored(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Announcing presence to the other nodes failed ({Failure}); the next period tries again.")]
    private static partial void LogRepeatFailed(ILogger logger, string failure);
}

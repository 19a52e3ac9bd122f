using System.Collections.Concurrent;

namespace StatementDrafting.Web.Features.Nominations;

/// <summary>
/// Tells the open pages of a consultation's nominations (and its projector) that nominations, the slate or the slate's
/// poll changed; each page reads again what its reader may see. A signal carries no data, so it can never leak any.
/// </summary>
public interface ISlateBus
{
    void Publish(int consultationId);

    IDisposable Subscribe(int consultationId, Func<Task> changed);
}

/// <summary>The in-process slate bus. A listener that fails is logged and skipped; publishing never waits for one.</summary>
public sealed partial class SlateBus(ILogger<SlateBus> logger) : ISlateBus
{
    private readonly ConcurrentDictionary<int, ConcurrentDictionary<object, Func<Task>>> _listeners = new();

    public void Publish(int consultationId)
    {
        if (!_listeners.TryGetValue(consultationId, out var listeners))
        {
            return;
        }

        foreach (var listener in listeners.Values)
        {
            _ = NotifyAsync(listener);
        }
    }

    /// <summary>The consultations whose slate some page of this process follows now.</summary>
    internal IReadOnlyList<int> Followed => [.. _listeners.Where(l => !l.Value.IsEmpty).Select(l => l.Key)];

    public IDisposable Subscribe(int consultationId, Func<Task> changed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        var key = new object();
        _listeners.GetOrAdd(consultationId, _ => new ConcurrentDictionary<object, Func<Task>>())[key] = changed;
        return new Subscription(() =>
        {
            if (_listeners.TryGetValue(consultationId, out var listeners))
            {
                listeners.TryRemove(key, out _);
            }
        });
    }

    private async Task NotifyAsync(Func<Task> listener)
    {
        try
        {
            await Task.Yield();
            await listener();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogListenerFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A slate listener failed; it is skipped.")]
    private partial void LogListenerFailed(Exception exception);

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}

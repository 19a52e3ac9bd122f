using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace StatementDrafting.Web.Features.Drafting;

/// <summary>
/// One Blazor circuit's presence: one key for the whole circuit (whatever components show the statement), and the
/// places it was last set in, so that the circuit's entries leave when the circuit closes or its connection drops and
/// come back when the connection does. The hub's connections have their own key and leave on disconnect.
/// </summary>
public sealed class CircuitPresence(PresenceTracker tracker)
{
    private readonly ConcurrentDictionary<int, (string Name, string? Block)> _places = new();
    private readonly Lock _ordering = new();
    private long _lastArrival;

    public string Key { get; } = "circuit:" + Guid.NewGuid().ToString("N");

    public void Set(int statementId, string name, string? block)
    {
        _places[statementId] = (name, block);
        tracker.Set(statementId, Key, name, block);
    }

    /// <summary>
    /// As <see cref="Set(int, string, string?)"/>, unless a presence request made after this one (a larger
    /// <paramref name="arrival"/>) was applied already: the browser's calls overlap, and the last one made is where it is.
    /// </summary>
    public void Set(int statementId, string name, string? block, long arrival)
    {
        lock (_ordering)
        {
            if (arrival < _lastArrival)
            {
                return;
            }

            _lastArrival = arrival;
            Set(statementId, name, block);
        }
    }

    /// <summary>Leaves one statement (the component showing it was disposed).</summary>
    public void Leave(int statementId)
    {
        _places.TryRemove(statementId, out _);
        tracker.Leave(statementId, Key);
    }

    /// <summary>The browser is gone for now: leave everywhere, but remember where to come back.</summary>
    public void Suspend() => tracker.LeaveEverywhere(Key);

    /// <summary>The browser is back: show the circuit where it was.</summary>
    public void Resume()
    {
        foreach (var (statementId, place) in _places)
        {
            tracker.Set(statementId, Key, place.Name, place.Block);
        }
    }

    /// <summary>The circuit closed: leave everywhere for good.</summary>
    public void Close()
    {
        _places.Clear();
        tracker.LeaveEverywhere(Key);
    }
}

/// <summary>Removes a circuit's presence when its connection drops or it closes (browser tab closed, navigation away).</summary>
internal sealed class PresenceCircuitHandler(CircuitPresence presence) : CircuitHandler
{
    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        presence.Suspend();
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        presence.Resume();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        presence.Close();
        return Task.CompletedTask;
    }
}

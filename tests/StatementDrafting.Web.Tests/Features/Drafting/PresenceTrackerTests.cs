using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using StatementDrafting.Web.Features.Drafting;

namespace StatementDrafting.Web.Tests.Features.Drafting;

/// <summary>
/// The presence tracker with other nodes beside it: it lists their people beside its own, announces only its own (when
/// they changed, at the throttled flush, ending with the true state), and publishes the other nodes' news through the
/// same throttle, marked relayed. Alone (one node) it publishes exactly its own people.
/// </summary>
public sealed class PresenceTrackerTests
{
    private const int Statement = 7;
    private const string BlockA = "k3m9q2w7x4ab";
    private const string BlockB = "p2q3r4s5t6u7";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
    private readonly RecordingBus _bus = new();
    private readonly Elsewhere _elsewhere = new();

    [Fact]
    public void Alone_it_publishes_its_own_people_once_per_interval_ending_with_the_true_state()
    {
        using var tracker = new PresenceTracker(_bus, _clock);

        tracker.Set(Statement, "hub:1", "Participant 4", BlockA);
        tracker.Set(Statement, "hub:1", "Participant 4", BlockB);
        tracker.Set(Statement, "hub:2", "Organiser", null);
        Assert.Empty(_bus.Published);

        _clock.Advance(PresenceTracker.Interval);

        var published = Assert.Single(_bus.Published);
        Assert.False(published.Relayed);
        Assert.Equal([new PresenceEntry("Organiser", null), new PresenceEntry("Participant 4", BlockB)], published.Presence);
    }

    [Fact]
    public void The_people_on_other_nodes_are_listed_beside_its_own_and_only_its_own_are_announced()
    {
        using var tracker = new PresenceTracker(_bus, _clock, _elsewhere);
        _elsewhere.People = [new("Participant 9", BlockA)];

        tracker.Set(Statement, "hub:1", "Participant 4", BlockA);
        tracker.Set(Statement, "circuit:2", "Organiser", BlockB);
        Assert.Empty(_elsewhere.Announced);

        _clock.Advance(PresenceTracker.Interval);

        var announced = Assert.Single(_elsewhere.Announced);
        Assert.Equal(Statement, announced.StatementId);
        Assert.Equal([new PresenceEntry("Organiser", BlockB), new PresenceEntry("Participant 4", BlockA)], announced.Here);
        var published = Assert.Single(_bus.Published);
        Assert.False(published.Relayed);
        Assert.Equal(["Organiser", "Participant 4", "Participant 9"], published.Presence.Select(p => p.Name));
        Assert.Equal(["Organiser", "Participant 4", "Participant 9"], tracker.In(Statement).Select(p => p.Name));
        Assert.Equal(["Participant 4", "Participant 9"], tracker.InExcept(Statement, "circuit:2").Select(p => p.Name));

        tracker.Leave(Statement, "hub:1");
        tracker.Leave(Statement, "circuit:2");
        _clock.Advance(PresenceTracker.Interval);

        Assert.Empty(_elsewhere.Announced[^1].Here);
        Assert.Equal(["Participant 9"], _bus.Published[^1].Presence.Select(p => p.Name));
    }

    [Fact]
    public void News_from_other_nodes_goes_out_through_the_throttle_as_relayed_and_is_not_announced_back()
    {
        using var tracker = new PresenceTracker(_bus, _clock, _elsewhere);
        tracker.Set(Statement, "hub:1", "Participant 4", BlockA);
        _clock.Advance(PresenceTracker.Interval);
        var announcements = _elsewhere.Announced.Count;
        var publications = _bus.Published.Count;

        _elsewhere.People = [new("Participant 9", BlockA)];
        _elsewhere.Raise(Statement);
        _elsewhere.People = [new("Participant 9", BlockB)];
        _elsewhere.Raise(Statement);
        Assert.Equal(publications, _bus.Published.Count);

        _clock.Advance(PresenceTracker.Interval);

        Assert.Equal(publications + 1, _bus.Published.Count);
        var published = _bus.Published[^1];
        Assert.True(published.Relayed);
        Assert.Equal([new PresenceEntry("Participant 4", BlockA), new PresenceEntry("Participant 9", BlockB)], published.Presence);
        Assert.Equal(announcements, _elsewhere.Announced.Count);
    }

    private sealed class RecordingBus : IStatementBus
    {
        private readonly ConcurrentQueue<StatementPresenceChanged> _published = new();

        public IReadOnlyList<StatementPresenceChanged> Published => [.. _published];

        public void Publish(StatementEvent statementEvent) => _published.Enqueue((StatementPresenceChanged)statementEvent);

        public IDisposable Subscribe(int statementId, IStatementListener listener) => throw new NotSupportedException();

        public IDisposable SubscribeAll(IStatementListener listener) => throw new NotSupportedException();
    }

    private sealed class Elsewhere : IPresenceElsewhere
    {
        private readonly ConcurrentQueue<(int StatementId, IReadOnlyList<PresenceEntry> Here)> _announced = new();

        public event EventHandler<int>? Changed;

        public IReadOnlyList<PresenceEntry> People { get; set; } = [];

        public IReadOnlyList<(int StatementId, IReadOnlyList<PresenceEntry> Here)> Announced => [.. _announced];

        public void Announce(int statementId, IReadOnlyList<PresenceEntry> here) => _announced.Enqueue((statementId, here));

        public IReadOnlyList<PresenceEntry> PeopleIn(int statementId) => statementId == Statement ? People : [];

        public void Raise(int statementId) => Changed?.Invoke(this, statementId);
    }
}

namespace StatementDrafting.Domain.Agenda;

/// <summary>Where a session stands: not begun yet, under way, or over.</summary>
public enum SessionPhase
{
    Upcoming,
    OnNow,
    Ended,
}

/// <summary>
/// A parallel session placed in time for its room: when it begins (its scheduled start, or an earlier press of
/// "Start"), where it stands at an instant, and the previous session of its cluster, whose end the room compares with
/// for those who were not there (day-to-day continuity).
/// </summary>
public sealed record SessionTimeline(BegunItem Beginning, SessionPhase Phase, ScheduledItem? Previous)
{
    public ScheduledItem Session => Beginning.Scheduled;

    /// <summary>The instant its changes are counted from: the scheduled start, or an earlier press of "Start".</summary>
    public DateTimeOffset BeganAt => Beginning.BeganAt;

    /// <summary>The instant its changes are counted until: its scheduled end.</summary>
    public DateTimeOffset EndsAt => Session.EndsAt;

    /// <summary>
    /// Whether the room opens with the changes since the previous session of the cluster ended: once that session is
    /// over and until this one is.
    /// </summary>
    public bool ShowsChangesSincePrevious(DateTimeOffset now) => Previous is { } previous && previous.EndsAt <= now && Phase != SessionPhase.Ended;

    /// <summary>Whether the previous session was on an earlier day ("changes since the end of day 1").</summary>
    public bool PreviousOnEarlierDay => Previous is { } previous && previous.Day.Number != Session.Day.Number;

    /// <summary>
    /// The session with this key on the schedule, at <paramref name="now"/>; null when there is no such item or it is
    /// not a parallel session.
    /// </summary>
    public static SessionTimeline? Of(
        IReadOnlyList<ScheduledItem> schedule, string agendaItemKey, IReadOnlyDictionary<string, DateTimeOffset> startedAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(startedAt);
        var session = schedule.FirstOrDefault(s => s.Item.Key == agendaItemKey);
        if (session is null || session.Item.Kind != AgendaItemKind.Parallel)
        {
            return null;
        }

        var beginning = ProjectorBaseline.Begun(session, startedAt);
        var phase = now >= session.EndsAt ? SessionPhase.Ended
            : beginning.BeganAt <= now ? SessionPhase.OnNow
            : SessionPhase.Upcoming;
        var previous = schedule
            .Where(s => s.Item.IsSessionOf(session.Item.ClusterNumber) && s.Item.Key != session.Item.Key && s.EndsAt <= session.StartsAt)
            .OrderBy(s => s.EndsAt)
            .LastOrDefault();
        return new SessionTimeline(beginning, phase, previous);
    }

    /// <summary>
    /// The other parallel sessions that overlap a session in time: a person follows one session of a time slot, so
    /// choosing one sets the others aside.
    /// </summary>
    public static IEnumerable<ScheduledItem> Overlapping(IReadOnlyList<ScheduledItem> schedule, ScheduledItem session)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(session);
        return schedule.Where(s => s.Item.Kind == AgendaItemKind.Parallel
            && s.Item.Key != session.Item.Key
            && s.StartsAt < session.EndsAt
            && session.StartsAt < s.EndsAt);
    }
}

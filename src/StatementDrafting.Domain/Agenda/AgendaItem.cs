using StatementDrafting.Domain.People;

namespace StatementDrafting.Domain.Agenda;

/// <summary>One item of a day's agenda, with local start and end times in the consultation's time zone.</summary>
public sealed class AgendaItem
{
    private readonly List<string> _coHosts = [];
    private readonly List<WorkingGroup> _workingGroups = [];

    private AgendaItem()
    {
        Key = string.Empty;
        Title = string.Empty;
    }

    internal AgendaItem(string key, AgendaItemKind kind, string title, TimeOnly start, TimeOnly end, int? clusterNumber, IEnumerable<string> coHosts)
    {
        Key = Text.Required(key, "agenda item key", MaxKeyLength);
        Title = string.Empty;
        Change(kind, title, start, end, clusterNumber, coHosts);
    }

    public const int MaxKeyLength = 40;

    public int Id { get; private set; }

    /// <summary>A key stable across re-imports of an agenda definition, e.g. "d1-2".</summary>
    public string Key { get; private set; }

    public AgendaItemKind Kind { get; private set; }

    public string Title { get; private set; }

    /// <summary>Local start time in the consultation's time zone.</summary>
    public TimeOnly Start { get; private set; }

    /// <summary>Local end time in the consultation's time zone.</summary>
    public TimeOnly End { get; private set; }

    /// <summary>The cluster a parallel session works on.</summary>
    public int? ClusterNumber { get; private set; }

    /// <summary>The co-host organisations, spelled as the organisers gave them.</summary>
    public IReadOnlyList<string> CoHosts => _coHosts;

    /// <summary>The session's working groups, by round (parallel sessions only).</summary>
    public IReadOnlyList<WorkingGroup> WorkingGroups => _workingGroups;

    /// <summary>Whether co-hosts can be seated here: a parallel session that names its co-host organisations.</summary>
    public bool SeatsCoHosts => Kind == AgendaItemKind.Parallel && _coHosts.Count > 0;

    /// <summary>Changes what the item is and when it runs (its key stays); the checks are those of a new item.</summary>
    internal void Change(AgendaItemKind kind, string title, TimeOnly start, TimeOnly end, int? clusterNumber, IEnumerable<string> coHosts)
    {
        ArgumentNullException.ThrowIfNull(coHosts);
        var name = Text.Required(title, "agenda item title", Text.MaxTitleLength);
        if (!Enum.IsDefined(kind))
        {
            throw new DomainException($"The agenda item '{name}' has an unknown kind.");
        }

        if (end <= start)
        {
            throw new DomainException($"The agenda item '{name}' ends before it starts (or at the same time): it must end within its day.");
        }

        if (kind == AgendaItemKind.Parallel && clusterNumber is null)
        {
            throw new DomainException($"The parallel session '{name}' needs a cluster.");
        }

        if (kind != AgendaItemKind.Parallel && clusterNumber is not null)
        {
            throw new DomainException($"Only a parallel session is linked to a cluster ('{name}' is a {kind.ToString().ToLowerInvariant()} item).");
        }

        var organisations = new List<string>();
        foreach (var coHost in coHosts)
        {
            var organisation = Text.Required(coHost, "co-host organisation", Text.MaxNameLength);
            if (!organisations.Contains(organisation, StringComparer.Ordinal))
            {
                organisations.Add(organisation);
            }
        }

        if (kind != AgendaItemKind.Parallel && organisations.Count > 0)
        {
            throw new DomainException($"Only a parallel session has co-hosts ('{name}' is a {kind.ToString().ToLowerInvariant()} item).");
        }

        (Kind, Title, Start, End, ClusterNumber) = (kind, name, start, end, clusterNumber);
        _coHosts.Clear();
        _coHosts.AddRange(organisations);
        if (kind != AgendaItemKind.Parallel)
        {
            _workingGroups.Clear();
        }
    }

    /// <summary>
    /// Replaces the session's working groups. Each works on some of <paramref name="clusterObjectives"/> (the objectives of
    /// the session's cluster) in one round; names are unique within a round.
    /// </summary>
    internal void SetWorkingGroups(IEnumerable<WorkingGroup> groups, IReadOnlyCollection<int> clusterObjectives)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(clusterObjectives);
        var list = groups.ToList();
        if (list.Count > 0 && Kind != AgendaItemKind.Parallel)
        {
            throw new DomainException($"Only a parallel session has working groups ('{Title}' is not one).");
        }

        foreach (var group in list)
        {
            var outside = group.ObjectiveNumbers.Where(n => !clusterObjectives.Contains(n)).ToList();
            if (outside.Count > 0)
            {
                throw new DomainException($"The working group '{group.Name}' of '{Title}' names objectives outside the session's cluster: {string.Join(", ", outside)}.");
            }
        }

        var twice = list.GroupBy(g => (g.Round, Name: g.Name.ToUpperInvariant())).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new DomainException($"'{Title}' has two working groups named '{twice.First().Name}' in round {twice.Key.Round}.");
        }

        _workingGroups.Clear();
        _workingGroups.AddRange(list.OrderBy(g => g.Round));
    }

    /// <summary>Whether this item and <paramref name="other"/> (on the same day) share any time.</summary>
    public bool Overlaps(AgendaItem other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Start < other.End && other.Start < End;
    }

    /// <summary>
    /// Whether this is one of the sessions that work on cluster <paramref name="clusterNumber"/> (and so draft its
    /// common statement): a parallel session on that cluster. No session works on "no cluster".
    /// </summary>
    public bool IsSessionOf(int? clusterNumber) => Kind == AgendaItemKind.Parallel && clusterNumber is not null && ClusterNumber == clusterNumber;

    /// <summary>
    /// A seat among this session's co-hosts for <paramref name="organisation"/>, spelled as the agenda spells it, or
    /// for the first organisation the agenda names when none is given. Co-hosts are seated in parallel sessions only.
    /// </summary>
    public CoHostSeat CoHostSeatFor(string? organisation)
    {
        if (Kind != AgendaItemKind.Parallel)
        {
            throw new DomainException("Co-hosts are seated in parallel sessions only.");
        }

        var named = organisation ?? (_coHosts.Count > 0 ? _coHosts[0] : null)
            ?? throw new DomainException("This session names no co-host organisation on the agenda.");
        return _coHosts.Contains(named, StringComparer.Ordinal)
            ? new CoHostSeat(Key, named)
            : throw new DomainException("Choose one of the co-host organisations the agenda names for this session.");
    }

    /// <summary>
    /// The agenda's spelling of a co-host organisation of this session, however <paramref name="organisation"/> is typed
    /// (<see cref="OrganisationName.Same"/>); null when the agenda does not name it for this session.
    /// </summary>
    public string? CoHostNamed(string? organisation) => _coHosts.FirstOrDefault(o => OrganisationName.Same(o, organisation));
}

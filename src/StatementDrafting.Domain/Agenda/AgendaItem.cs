using StatementDrafting.Domain.People;

namespace StatementDrafting.Domain.Agenda;

/// <summary>One item of a day's agenda, with local start and end times in the consultation's time zone.</summary>
public sealed class AgendaItem
{
    private readonly List<string> _coHosts = [];

    private AgendaItem()
    {
        Key = string.Empty;
        Title = string.Empty;
    }

    internal AgendaItem(string key, AgendaItemKind kind, string title, TimeOnly start, TimeOnly end, int? clusterNumber, IEnumerable<string> coHosts)
    {
        if (end <= start)
        {
            throw new DomainException($"The agenda item '{title}' ends before it starts.");
        }

        if (kind == AgendaItemKind.Parallel && clusterNumber is null)
        {
            throw new DomainException($"The parallel session '{title}' needs a cluster.");
        }

        if (kind != AgendaItemKind.Parallel && clusterNumber is not null)
        {
            throw new DomainException($"Only a parallel session is linked to a cluster ('{title}' is a {kind}).");
        }

        Key = Text.Required(key, "agenda item key", 40);
        Kind = kind;
        Title = Text.Required(title, "agenda item title", Text.MaxTitleLength);
        Start = start;
        End = end;
        ClusterNumber = clusterNumber;
        foreach (var coHost in coHosts)
        {
            var name = Text.Required(coHost, "co-host organisation", Text.MaxNameLength);
            if (!_coHosts.Contains(name, StringComparer.Ordinal))
            {
                _coHosts.Add(name);
            }
        }
    }

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

    /// <summary>Whether co-hosts can be seated here: a parallel session that names its co-host organisations.</summary>
    public bool SeatsCoHosts => Kind == AgendaItemKind.Parallel && _coHosts.Count > 0;

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

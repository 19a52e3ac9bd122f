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
}

using StatementDrafting.Domain.Agenda;

namespace StatementDrafting.Domain.Consultations;

/// <summary>
/// The event: its rules, its time zone, the objectives under review grouped into clusters, its days and agenda,
/// the lists participants register with, and the speaker slots its nominations fill.
/// </summary>
public sealed class Consultation
{
    private readonly List<Objective> _objectives = [];
    private readonly List<Cluster> _clusters = [];
    private readonly List<ConsultationDay> _days = [];
    private readonly List<SpeakerSlot> _speakerSlots = [];
    private readonly List<string> _stakeholderCategories = [];
    private readonly List<string> _regions = [];
    private readonly List<string> _balanceDimensions = [];

    private Consultation()
    {
        Title = string.Empty;
        TimeZoneId = string.Empty;
        Rules = ConsultationRules.Default;
    }

    public Consultation(string title, string timeZoneId, ConsultationRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Title = Text.Required(title, "title", Text.MaxTitleLength);
        TimeZoneId = ZonedTime.FindZone(timeZoneId).Id;
        Rules = rules.Checked();
    }

    public int Id { get; private set; }

    public string Title { get; private set; }

    /// <summary>The IANA id of the zone the agenda's local times are in (e.g. "Asia/Bangkok").</summary>
    public string TimeZoneId { get; private set; }

    public TimeZoneInfo TimeZone => ZonedTime.FindZone(TimeZoneId);

    public ConsultationRules Rules { get; private set; }

    /// <summary>What the consultation is, in the organisers' words (shown on its page).</summary>
    public string? About { get; private set; }

    /// <summary>A note on how the rules are meant (e.g. that one person per organisation is encouraged, not required).</summary>
    public string? RulesNote { get; private set; }

    /// <summary>When and how the statements are to be adopted (e.g. "by consensus, at the closing session of day 2").</summary>
    public string? AdoptionPlan { get; private set; }

    /// <summary>Where the list of regions comes from.</summary>
    public string? RegionsNote { get; private set; }

    public const int MaxNoteLength = 2_000;

    /// <summary>When registration closes, as the consultation's clocks show it.</summary>
    public DateTime? RegistrationClosesLocal { get; private set; }

    /// <summary>The instant registration closes.</summary>
    public DateTimeOffset? RegistrationClosesAt => RegistrationClosesLocal is { } local
        ? ZonedTime.ToInstant(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local), TimeZone)
        : null;

    public IReadOnlyList<Objective> Objectives => _objectives;

    public IReadOnlyList<Cluster> Clusters => _clusters;

    public IReadOnlyList<ConsultationDay> Days => _days;

    public IReadOnlyList<SpeakerSlot> SpeakerSlots => _speakerSlots;

    public IReadOnlyList<string> StakeholderCategories => _stakeholderCategories;

    public IReadOnlyList<string> Regions => _regions;

    /// <summary>What the plenary balances when it approves speaker nominations (e.g. region, gender, sector).</summary>
    public IReadOnlyList<string> BalanceDimensions => _balanceDimensions;

    public void ChangeRules(ConsultationRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = rules.Checked();
    }

    public void CloseRegistrationAt(DateTime local) =>
        RegistrationClosesLocal = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);

    public void AddObjective(int number, string title)
    {
        if (number < 1 || _objectives.Any(o => o.Number == number))
        {
            throw new DomainException($"Objective {number} is not a new positive number.");
        }

        _objectives.Add(new Objective(number, Text.Required(title, "objective title", Text.MaxTitleLength)));
        _objectives.Sort((a, b) => a.Number.CompareTo(b.Number));
    }

    public Cluster AddCluster(int number, string title, IEnumerable<int> objectiveNumbers)
    {
        ArgumentNullException.ThrowIfNull(objectiveNumbers);
        if (_clusters.Any(c => c.Number == number))
        {
            throw new DomainException($"Cluster {number} exists already.");
        }

        var objectives = objectiveNumbers.ToList();
        CheckObjectives(number, objectives, except: null);
        var cluster = new Cluster(number, title, objectives);
        _clusters.Add(cluster);
        _clusters.Sort((a, b) => a.Number.CompareTo(b.Number));
        return cluster;
    }

    public Cluster? FindCluster(int number) => _clusters.Find(c => c.Number == number);

    public IEnumerable<Objective> ObjectivesOf(Cluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return _objectives.Where(o => cluster.ObjectiveNumbers.Contains(o.Number));
    }

    public ConsultationDay AddDay(DateOnly date)
    {
        if (_days.Count > 0 && date <= _days[^1].Date)
        {
            throw new DomainException("Days are added in date order.");
        }

        var day = new ConsultationDay(_days.Count + 1, date);
        _days.Add(day);
        return day;
    }

    public AgendaItem AddAgendaItem(ConsultationDay day, string key, AgendaItemKind kind, string title, TimeOnly start, TimeOnly end, int? clusterNumber = null, IEnumerable<string>? coHosts = null)
    {
        ArgumentNullException.ThrowIfNull(day);
        if (!_days.Contains(day))
        {
            throw new DomainException("That day is not part of this consultation.");
        }

        if (clusterNumber is { } n && FindCluster(n) is null)
        {
            throw new DomainException($"There is no cluster {n}.");
        }

        if (_days.SelectMany(d => d.Items).Any(i => string.Equals(i.Key, key?.Trim(), StringComparison.Ordinal)))
        {
            throw new DomainException($"The agenda item key '{key}' is used already.");
        }

        var item = new AgendaItem(key!, kind, title, start, end, clusterNumber, coHosts ?? []);
        CheckClusterOverlap(day, item);
        day.Add(item);
        return item;
    }

    public void Rename(string title) => Title = Text.Required(title, "title", Text.MaxTitleLength);

    /// <summary>Sets the organisers' notes (blank clears one).</summary>
    public void Describe(string? about, string? rulesNote, string? adoptionPlan, string? regionsNote)
    {
        About = Note(about, "description");
        RulesNote = Note(rulesNote, "note on the rules");
        AdoptionPlan = Note(adoptionPlan, "adoption plan");
        RegionsNote = Note(regionsNote, "note on the regions");

        static string? Note(string? value, string what) =>
            string.IsNullOrWhiteSpace(value) ? null
            : value.Trim().Length > MaxNoteLength ? throw new DomainException($"The {what} is longer than {MaxNoteLength} characters.")
            : value.Trim();
    }

    /// <summary>Moves the consultation to another time zone: every item keeps its local time, so its instant changes.</summary>
    public void MoveToTimeZone(string timeZoneId)
    {
        var zone = Text.Required(timeZoneId, "time zone", 64);
        _ = ZonedTime.FindZone(zone);
        TimeZoneId = zone;
    }

    /// <summary>Changes a cluster's title and objectives (objectives stay with one cluster each).</summary>
    public void ChangeCluster(int number, string title, IEnumerable<int> objectiveNumbers)
    {
        ArgumentNullException.ThrowIfNull(objectiveNumbers);
        var cluster = FindCluster(number) ?? throw new DomainException($"There is no cluster {number}.");
        var objectives = objectiveNumbers.Distinct().Order().ToList();
        CheckObjectives(number, objectives, cluster);
        cluster.Change(title, objectives);
        foreach (var item in _days.SelectMany(d => d.Items).Where(i => i.ClusterNumber == number))
        {
            item.SetWorkingGroups([.. item.WorkingGroups.Where(g => g.ObjectiveNumbers.All(objectives.Contains))], objectives);
        }
    }

    /// <summary>Removes a cluster no session works on (its statement, if any, is the caller's to refuse or remove).</summary>
    public void RemoveCluster(int number)
    {
        var cluster = FindCluster(number) ?? throw new DomainException($"There is no cluster {number}.");
        var session = _days.SelectMany(d => d.Items).FirstOrDefault(i => i.ClusterNumber == number);
        if (session is not null)
        {
            throw new DomainException($"Cluster {number} cannot be removed: the session '{session.Title}' works on it.");
        }

        _clusters.Remove(cluster);
    }

    /// <summary>Removes the last day, which must have no agenda items left.</summary>
    public void RemoveLastDay()
    {
        if (_days.Count == 0)
        {
            throw new DomainException("There is no day to remove.");
        }

        if (_days[^1].Items.Count > 0)
        {
            throw new DomainException($"Day {_days[^1].Number} still has agenda items: remove or move them first.");
        }

        _days.RemoveAt(_days.Count - 1);
    }

    /// <summary>Finds an agenda item by its key, with its day.</summary>
    public (ConsultationDay Day, AgendaItem Item)? FindAgendaItem(string key) =>
        _days.SelectMany(d => d.Items.Select(i => (Day: d, Item: i))).Where(p => string.Equals(p.Item.Key, key, StringComparison.Ordinal))
            .Select(p => ((ConsultationDay, AgendaItem)?)p).FirstOrDefault();

    /// <summary>
    /// Changes an agenda item (or moves it to another day), with the checks of a new item; refused if a parallel session
    /// would overlap another session of the same cluster.
    /// </summary>
    public AgendaItem ChangeAgendaItem(string key, ConsultationDay day, AgendaItemKind kind, string title, TimeOnly start, TimeOnly end, int? clusterNumber, IEnumerable<string> coHosts)
    {
        ArgumentNullException.ThrowIfNull(day);
        var (from, item) = FindAgendaItem(key) ?? throw new DomainException($"There is no agenda item '{key}'.");
        if (!_days.Contains(day))
        {
            throw new DomainException("That day is not part of this consultation.");
        }

        if (clusterNumber is { } n && FindCluster(n) is null)
        {
            throw new DomainException($"There is no cluster {n}.");
        }

        var before = (item.Kind, item.Title, item.Start, item.End, item.ClusterNumber, CoHosts: item.CoHosts.ToList());
        item.Change(kind, title, start, end, clusterNumber, coHosts);
        try
        {
            CheckClusterOverlap(day, item);
        }
        catch (DomainException)
        {
            item.Change(before.Kind, before.Title, before.Start, before.End, before.ClusterNumber, before.CoHosts);
            throw;
        }

        if (from != day)
        {
            from.Remove(item);
            day.Add(item);
        }
        else
        {
            day.Reorder();
        }

        if (item.ClusterNumber is { } cluster)
        {
            item.SetWorkingGroups([.. item.WorkingGroups], FindCluster(cluster)!.ObjectiveNumbers);
        }

        return item;
    }

    public void RemoveAgendaItem(string key)
    {
        var (day, item) = FindAgendaItem(key) ?? throw new DomainException($"There is no agenda item '{key}'.");
        day.Remove(item);
    }

    /// <summary>Replaces a parallel session's working groups (each on some of its cluster's objectives, in a round).</summary>
    public void SetWorkingGroups(string key, IEnumerable<WorkingGroup> groups)
    {
        var (_, item) = FindAgendaItem(key) ?? throw new DomainException($"There is no agenda item '{key}'.");
        var objectives = item.ClusterNumber is { } n ? FindCluster(n)!.ObjectiveNumbers : [];
        item.SetWorkingGroups(groups, objectives);
    }

    public SpeakerSlot ChangeSpeakerSlot(int id, string kind, int count, int? minutesEach, string? note)
    {
        var slot = _speakerSlots.Find(s => s.Id == id) ?? throw new DomainException("There is no such speaker slot.");
        slot.Change(kind, count, minutesEach, note);
        return slot;
    }

    public void RemoveSpeakerSlot(int id)
    {
        var slot = _speakerSlots.Find(s => s.Id == id) ?? throw new DomainException("There is no such speaker slot.");
        _speakerSlots.Remove(slot);
    }

    public SpeakerSlot AddSpeakerSlot(string kind, int count, int? minutesEach, string? note)
    {
        var slot = new SpeakerSlot(kind, count, minutesEach, note);
        _speakerSlots.Add(slot);
        return slot;
    }

    public void SetStakeholderCategories(IEnumerable<string> categories) => ReplaceList(_stakeholderCategories, categories, "stakeholder category");

    public void SetRegions(IEnumerable<string> regions) => ReplaceList(_regions, regions, "region");

    public void SetBalanceDimensions(IEnumerable<string> dimensions) => ReplaceList(_balanceDimensions, dimensions, "balance dimension");

    /// <summary>Moves every day to a new date, keeping each item's local time. Dates are given in day order.</summary>
    public void RescheduleDays(IReadOnlyList<DateOnly> dates)
    {
        ArgumentNullException.ThrowIfNull(dates);
        if (dates.Count != _days.Count || dates.Zip(dates.Skip(1)).Any(p => p.Second <= p.First))
        {
            throw new DomainException("Give one date per day, in increasing order.");
        }

        for (var i = 0; i < _days.Count; i++)
        {
            _days[i].MoveTo(dates[i]);
        }
    }

    /// <summary>Every agenda item placed in time, in order of start.</summary>
    public IReadOnlyList<ScheduledItem> Schedule()
    {
        var zone = TimeZone;
        return [.. _days
            .SelectMany(d => d.Items.Select(i => new ScheduledItem(
                d,
                i,
                ZonedTime.ToInstant(d.Date, i.Start, zone),
                ZonedTime.ToInstant(d.Date, i.End, zone))))
            .OrderBy(s => s.StartsAt)];
    }

    /// <summary>The items under way at <paramref name="now"/>, and those that start next (several when parallel).</summary>
    public AgendaMoment<ScheduledItem> MomentAt(DateTimeOffset now) => AgendaMoment.At(Schedule(), s => s.StartsAt, s => s.EndsAt, now);

    /// <summary>The parallel sessions that work on a cluster, in time order.</summary>
    public IEnumerable<ScheduledItem> SessionsOf(Cluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return Schedule().Where(s => s.Item.IsSessionOf(cluster.Number));
    }

    private void CheckObjectives(int number, IReadOnlyList<int> objectives, Cluster? except)
    {
        var unknown = objectives.Where(n => _objectives.All(o => o.Number != n)).ToList();
        if (unknown.Count > 0)
        {
            throw new DomainException($"Cluster {number} names unknown objectives: {string.Join(", ", unknown)}.");
        }

        var taken = objectives.Where(n => _clusters.Any(c => c != except && c.ObjectiveNumbers.Contains(n))).ToList();
        if (taken.Count > 0)
        {
            throw new DomainException($"Objectives {string.Join(", ", taken)} belong to another cluster already.");
        }
    }

    /// <summary>Two parallel sessions of one cluster at once would draft one statement in two rooms: refused.</summary>
    private static void CheckClusterOverlap(ConsultationDay day, AgendaItem item)
    {
        if (item.Kind != AgendaItemKind.Parallel)
        {
            return;
        }

        var other = day.Items.FirstOrDefault(i => i != item && i.IsSessionOf(item.ClusterNumber) && i.Overlaps(item));
        if (other is not null)
        {
            throw new DomainException($"'{item.Title}' and '{other.Title}' are sessions of cluster {item.ClusterNumber} at the same time on day {day.Number}: a cluster meets in one session at a time.");
        }
    }

    private static void ReplaceList(List<string> list, IEnumerable<string> values, string what)
    {
        ArgumentNullException.ThrowIfNull(values);
        var cleaned = values.Select(v => Text.Required(v, what, Text.MaxNameLength)).ToList();
        var duplicate = cleaned.GroupBy(v => v, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new DomainException($"The {what} '{duplicate.Key}' is listed twice.");
        }

        list.Clear();
        list.AddRange(cleaned);
    }
}

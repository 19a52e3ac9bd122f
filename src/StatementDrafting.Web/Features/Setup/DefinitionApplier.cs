using System.Globalization;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.Consultations;

namespace StatementDrafting.Web.Features.Setup;

/// <summary>
/// Makes a consultation what its definition says: on a new consultation, everything is added; on an existing one,
/// clusters are matched by number, days by their order, agenda items by id and speaker slots by kind, so that an export
/// re-imports without duplicating anything. Every problem is collected with its place in the JSON; if there is any, the
/// caller saves nothing.
/// </summary>
public sealed class DefinitionApplier(ConsultationDefinition definition, IReadOnlyDictionary<string, long> lines, IReadOnlyList<(int Number, string Title)> builtInObjectives)
{
    private readonly List<DefinitionProblem> _problems = [];

    /// <summary>The statements the definition expects (kind "common" with a cluster, or "opening").</summary>
    public IReadOnlyList<StatementDefinition> Statements => definition.ExpectedOutcomes?.Statements ?? [];

    public Consultation Create()
    {
        // Made with stand-ins; Apply sets the title and the zone, so that a problem with either names its field.
        var consultation = new Consultation("New consultation", "UTC", ConsultationRules.Default);
        Apply(consultation, clustersWithStatements: new HashSet<int>());
        return consultation;
    }

    /// <summary>
    /// Applies the definition to <paramref name="consultation"/>; a cluster the definition leaves out is removed only when
    /// it has no statement (<paramref name="clustersWithStatements"/>).
    /// </summary>
    public void Apply(Consultation consultation, IReadOnlySet<int> clustersWithStatements)
    {
        ArgumentNullException.ThrowIfNull(consultation);
        ArgumentNullException.ThrowIfNull(clustersWithStatements);
        Try("$.title", () => consultation.Rename(definition.Title));
        Try("$.timeZone", () => consultation.MoveToTimeZone(definition.TimeZone));
        Try("$.rules", () => consultation.ChangeRules(RulesOf(consultation.Rules)));
        Try("$", () => consultation.Describe(definition.About, definition.Rules.OnePersonPerOrganizationNote, definition.ExpectedOutcomes?.Adoption, definition.Regions?.Note));
        if (definition.RegistrationClosesLocal is { } closes)
        {
            Try("$.registrationClosesLocal", () => consultation.CloseRegistrationAt(
                DateTime.TryParseExact(closes, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
                    ? at
                    : throw new DomainException($"\"{closes}\" is not a local date and time such as 2021-03-01T15:00.")));
        }

        ApplyObjectives(consultation);
        ApplyClusters(consultation, clustersWithStatements);
        ApplyAgenda(consultation);
        ApplySpeakerSlots(consultation);
        Try("$.stakeholderCategories", () => consultation.SetStakeholderCategories(definition.StakeholderCategories ?? []));
        Try("$.regions", () => consultation.SetRegions(definition.Regions?.List ?? []));
        Try("$.balanceDimensions", () => consultation.SetBalanceDimensions(definition.BalanceDimensions ?? []));
        CheckStatements(consultation);
        if (_problems.Count > 0)
        {
            Throw();
        }
    }

    private ConsultationRules RulesOf(ConsultationRules current) => current with
    {
        ChathamHouse = definition.Rules.ChathamHouse,
        Recorded = definition.Rules.Recorded,
        OnePersonPerOrganisation = definition.Rules.OnePersonPerOrganization,
        Adoption = definition.Rules.Adoption,
    };

    private void ApplyObjectives(Consultation consultation)
    {
        var wanted = definition.Objectives?.Select((o, i) => (Path: $"$.objectives[{i}]", o.Number, o.Title)).ToList()
            ?? (consultation.Objectives.Count == 0 ? [.. builtInObjectives.Select(o => (Path: "$", o.Number, o.Title))] : []);
        foreach (var (path, number, title) in wanted.Where(w => consultation.Objectives.All(o => o.Number != w.Number)))
        {
            Try(path, () => consultation.AddObjective(number, title));
        }
    }

    private void ApplyClusters(Consultation consultation, IReadOnlySet<int> clustersWithStatements)
    {
        var clusters = definition.Clusters.Select((c, i) => (Path: $"$.clusters[{i}]", Cluster: c)).ToList();
        foreach (var twice in clusters.GroupBy(c => c.Cluster.Number).Where(g => g.Count() > 1))
        {
            Problem(twice.Last().Path, $"Cluster {twice.Key} is defined twice.");
        }

        // Objectives may move between clusters: first each keeps only what it keeps, then each takes what it gets.
        foreach (var (path, cluster) in clusters.Where(c => consultation.FindCluster(c.Cluster.Number) is not null))
        {
            var kept = consultation.FindCluster(cluster.Number)!.ObjectiveNumbers.Intersect(cluster.Objectives).ToList();
            Try(path, () => consultation.ChangeCluster(cluster.Number, cluster.Title, kept));
        }

        foreach (var number in consultation.Clusters.Select(c => c.Number).Except(clusters.Select(c => c.Cluster.Number)).ToList())
        {
            if (clustersWithStatements.Contains(number))
            {
                Problem("$.clusters", $"Cluster {number} has a statement and cannot be left out of the definition.");
            }
            else
            {
                Try("$.clusters", () => RemoveCluster(consultation, number));
            }
        }

        foreach (var (path, cluster) in clusters)
        {
            Try(path, () =>
            {
                if (consultation.FindCluster(cluster.Number) is null)
                {
                    consultation.AddCluster(cluster.Number, cluster.Title, cluster.Objectives);
                }
                else
                {
                    consultation.ChangeCluster(cluster.Number, cluster.Title, cluster.Objectives);
                }
            });
        }
    }

    private static void RemoveCluster(Consultation consultation, int number)
    {
        foreach (var item in consultation.Days.SelectMany(d => d.Items).Where(i => i.ClusterNumber == number).Select(i => i.Key).ToList())
        {
            consultation.RemoveAgendaItem(item);
        }

        consultation.RemoveCluster(number);
    }

    private void ApplyAgenda(Consultation consultation)
    {
        var items = definition.Days
            .SelectMany((d, di) => d.Items.Select((item, ii) => (Path: $"$.days[{di}].items[{ii}]", DayIndex: di, Item: item)))
            .ToList();
        foreach (var twice in items.GroupBy(i => i.Item.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            Problem(twice.Last().Path + ".id", $"The agenda item id '{twice.Key}' is used twice.");
        }

        var keys = items.Select(i => i.Item.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var key in consultation.Days.SelectMany(d => d.Items).Select(i => i.Key).Where(k => !keys.Contains(k)).ToList())
        {
            consultation.RemoveAgendaItem(key);
        }

        var dates = definition.Days.Select((d, i) => (Path: $"$.days[{i}].date", Date: ParseDate(d.Date, $"$.days[{i}].date"))).ToList();
        if (dates.Any(d => d.Date is null))
        {
            return;
        }

        var existing = consultation.Days.Count;
        Try("$.days", () =>
        {
            if (dates.Count >= existing)
            {
                consultation.RescheduleDays([.. dates.Take(existing).Select(d => d.Date!.Value)]);
                foreach (var (_, date) in dates.Skip(existing))
                {
                    consultation.AddDay(date!.Value);
                }
            }
        });
        if (dates.Count < existing)
        {
            // Items still on the days that go are moved first (below); the days left over are removed at the end.
            Try("$.days", () => consultation.RescheduleDays([.. dates.Select(d => d.Date!.Value).Concat(Later(dates[^1].Date!.Value, existing - dates.Count))]));
        }

        foreach (var (path, dayIndex, item) in items)
        {
            if (dayIndex >= consultation.Days.Count)
            {
                continue;
            }

            var day = consultation.Days[dayIndex];
            var start = ParseTime(item.Start, path + ".start");
            var end = ParseTime(item.End, path + ".end");
            if (start is null || end is null)
            {
                continue;
            }

            Try(path, () =>
            {
                if (consultation.FindAgendaItem(item.Id) is null)
                {
                    consultation.AddAgendaItem(day, item.Id, item.Kind, item.Title, start.Value, end.Value, item.Cluster, item.CoHosts ?? []);
                }
                else
                {
                    consultation.ChangeAgendaItem(item.Id, day, item.Kind, item.Title, start.Value, end.Value, item.Cluster, item.CoHosts ?? []);
                }

                consultation.SetWorkingGroups(item.Id, (item.WorkingGroups ?? []).Select(g => new WorkingGroup(g.Name, g.Round, g.Objectives)));
            });
        }

        while (consultation.Days.Count > dates.Count)
        {
            Try("$.days", consultation.RemoveLastDay);
            if (consultation.Days.Count > dates.Count && consultation.Days[^1].Items.Count > 0)
            {
                break;
            }
        }
    }

    private static IEnumerable<DateOnly> Later(DateOnly after, int count) => Enumerable.Range(1, count).Select(after.AddDays);

    private void ApplySpeakerSlots(Consultation consultation)
    {
        var slots = (definition.SpeakerSlots ?? []).Select((s, i) => (Path: $"$.speakerSlots[{i}]", Slot: s)).ToList();
        foreach (var gone in consultation.SpeakerSlots.Where(s => slots.All(d => !Same(d.Slot.Kind, s.Kind))).ToList())
        {
            Try("$.speakerSlots", () => consultation.RemoveSpeakerSlot(gone.Id));
        }

        foreach (var (path, slot) in slots)
        {
            var current = consultation.SpeakerSlots.FirstOrDefault(s => Same(s.Kind, slot.Kind));
            Try(path, () =>
            {
                if (current is null)
                {
                    consultation.AddSpeakerSlot(slot.Kind, slot.Count, slot.MinutesEach, slot.Note);
                }
                else
                {
                    consultation.ChangeSpeakerSlot(current.Id, slot.Kind, slot.Count, slot.MinutesEach, slot.Note);
                }
            });
        }

        static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
    }

    private void CheckStatements(Consultation consultation)
    {
        var statements = Statements.Select((s, i) => (Path: $"$.expectedOutcomes.statements[{i}]", Statement: s)).ToList();
        foreach (var (path, statement) in statements)
        {
            switch (statement.Kind)
            {
                case "common" when statement.Cluster is { } n && consultation.FindCluster(n) is null:
                    Problem(path + ".cluster", $"There is no cluster {n}.");
                    break;
                case "common" when statement.Cluster is null:
                    Problem(path + ".cluster", "A common statement names its cluster.");
                    break;
                case "opening" when statement.Cluster is not null:
                    Problem(path + ".cluster", "The opening statement belongs to no cluster.");
                    break;
                case "common" or "opening":
                    break;
                default:
                    Problem(path + ".kind", $"\"{statement.Kind}\" is not a kind of statement: use \"common\" or \"opening\".");
                    break;
            }
        }

        foreach (var cluster in consultation.Clusters.Where(c => !statements.Any(s => s.Statement is { Kind: "common" } && s.Statement.Cluster == c.Number)))
        {
            Problem("$.expectedOutcomes.statements", $"Cluster {cluster.Number} has no statement: add {{ \"kind\": \"common\", \"cluster\": {cluster.Number} }}.");
        }
    }

    private DateOnly? ParseDate(string value, string path)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Problem(path, $"\"{value}\" is not a date such as 2021-03-02.");
        return null;
    }

    private TimeOnly? ParseTime(string value, string path)
    {
        if (TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        Problem(path, $"\"{value}\" is not a time such as 09:10 (24-hour clock, within the day).");
        return null;
    }

    private void Try(string path, Action action)
    {
        try
        {
            action();
        }
        catch (DomainException e)
        {
            Problem(path, e.Message);
        }
    }

    private void Problem(string path, string message) => _problems.Add(new DefinitionProblem(path, DefinitionReader.LineOf(lines, path), message));

    private void Throw() => throw new DefinitionException(_problems);
}

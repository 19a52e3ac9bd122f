using System.Globalization;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Agenda;

namespace StatementDrafting.Web.Features.Setup;

/// <summary>
/// One change an organiser makes on the setup page, as a change of the consultation's definition: the definition is
/// then applied like an uploaded one, with every check that brings (ADR 0015).
/// </summary>
public abstract record DefinitionEdit
{
    /// <summary>What the audit trail says was changed (no text).</summary>
    public abstract string Subject { get; }

    public abstract ConsultationDefinition Apply(ConsultationDefinition definition);

    protected static IReadOnlyList<DayDefinition> ReplaceDay(ConsultationDefinition definition, int dayIndex, Func<DayDefinition, DayDefinition> change)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return dayIndex < 0 || dayIndex >= definition.Days.Count
            ? throw new DomainException($"There is no day {dayIndex + 1}.")
            : [.. definition.Days.Select((d, i) => i == dayIndex ? change(d) : d)];
    }
}

/// <summary>The consultation's title, time zone and description.</summary>
public sealed record SetBasics(string Title, string TimeZone, string? About) : DefinitionEdit
{
    public override string Subject => "basics";

    public override ConsultationDefinition Apply(ConsultationDefinition definition) => definition with { Title = Title, TimeZone = TimeZone, About = About };
}

/// <summary>Adds a cluster (with its common statement) or changes one, by number.</summary>
public sealed record SaveCluster(int Number, string Title, IReadOnlyList<int> Objectives) : DefinitionEdit
{
    public override string Subject => $"cluster {Number}";

    public override ConsultationDefinition Apply(ConsultationDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var cluster = new ClusterDefinition(Number, Title, Objectives);
        var clusters = definition.Clusters.Any(c => c.Number == Number)
            ? definition.Clusters.Select(c => c.Number == Number ? cluster : c).ToList()
            : [.. definition.Clusters, cluster];
        var outcomes = definition.ExpectedOutcomes ?? new OutcomesDefinition([]);
        var statements = outcomes.Statements.Any(s => s.Kind == "common" && s.Cluster == Number)
            ? outcomes.Statements
            : [.. outcomes.Statements, new StatementDefinition("common", Number)];
        return definition with { Clusters = [.. clusters.OrderBy(c => c.Number)], ExpectedOutcomes = outcomes with { Statements = statements } };
    }
}

/// <summary>Removes a cluster that has no statement yet, and its sessions.</summary>
public sealed record RemoveCluster(int Number) : DefinitionEdit
{
    public override string Subject => $"cluster {Number} removed";

    public override ConsultationDefinition Apply(ConsultationDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition with { Clusters = [.. definition.Clusters.Where(c => c.Number != Number)] };
    }
}

/// <summary>Adds a day after the last.</summary>
public sealed record AddDay(string Date) : DefinitionEdit
{
    public override string Subject => "day added";

    public override ConsultationDefinition Apply(ConsultationDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition with { Days = [.. definition.Days, new DayDefinition(Date, [])] };
    }
}

/// <summary>Moves a day (0-based index) to another date; its items keep their local times.</summary>
public sealed record ChangeDayDate(int DayIndex, string Date) : DefinitionEdit
{
    public override string Subject => $"day {DayIndex + 1} date";

    public override ConsultationDefinition Apply(ConsultationDefinition definition) => definition with { Days = ReplaceDay(definition, DayIndex, d => d with { Date = Date }) };
}

/// <summary>Removes the last day, which must have no items left.</summary>
public sealed record RemoveLastDay : DefinitionEdit
{
    public override string Subject => "last day removed";

    public override ConsultationDefinition Apply(ConsultationDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Days.Count == 0)
        {
            throw new DomainException("There is no day to remove.");
        }

        return definition.Days[^1].Items.Count > 0
            ? throw new DomainException($"Day {definition.Days.Count} still has agenda items: remove or move them first.")
            : definition with { Days = [.. definition.Days.Take(definition.Days.Count - 1)] };
    }
}

/// <summary>
/// Adds an agenda item to a day (<paramref name="Key"/> null: a new id such as "d2-4" is made) or changes one, moving
/// it to <paramref name="DayIndex"/> if need be; its working groups stay.
/// </summary>
public sealed record SaveItem(string? Key, int DayIndex, AgendaItemKind Kind, string Title, string Start, string End, int? Cluster, IReadOnlyList<string> CoHosts) : DefinitionEdit
{
    public override string Subject => Key is null ? "agenda item added" : $"agenda item {Key}";

    public override ConsultationDefinition Apply(ConsultationDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var existing = Key is null ? null : definition.Days.SelectMany(d => d.Items).FirstOrDefault(i => i.Id == Key)
            ?? throw new DomainException($"There is no agenda item '{Key}'.");
        var key = Key ?? NewKey(definition, DayIndex);
        var item = new ItemDefinition(key, Start, End, Kind, Title, Kind == AgendaItemKind.Parallel ? Cluster : null,
            Kind == AgendaItemKind.Parallel && CoHosts.Count > 0 ? CoHosts : null,
            Kind == AgendaItemKind.Parallel ? existing?.WorkingGroups : null);
        var without = definition with { Days = [.. definition.Days.Select(d => d with { Items = [.. d.Items.Where(i => i.Id != key)] })] };
        return without with { Days = ReplaceDay(without, DayIndex, d => d with { Items = [.. d.Items, item] }) };
    }

    private static string NewKey(ConsultationDefinition definition, int dayIndex)
    {
        var taken = definition.Days.SelectMany(d => d.Items).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var n = 1;
        string key;
        do
        {
            key = string.Create(CultureInfo.InvariantCulture, $"d{dayIndex + 1}-{n++}");
        }
        while (taken.Contains(key));

        return key;
    }
}

public sealed record RemoveItem(string Key) : DefinitionEdit
{
    public override string Subject => $"agenda item {Key} removed";

    public override ConsultationDefinition Apply(ConsultationDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Days.SelectMany(d => d.Items).Any(i => i.Id == Key)
            ? definition with { Days = [.. definition.Days.Select(d => d with { Items = [.. d.Items.Where(i => i.Id != Key)] })] }
            : throw new DomainException($"There is no agenda item '{Key}'.");
    }
}

/// <summary>Replaces a parallel session's working groups.</summary>
public sealed record SetWorkingGroups(string Key, IReadOnlyList<WorkingGroupDefinition> Groups) : DefinitionEdit
{
    public override string Subject => $"working groups of {Key}";

    public override ConsultationDefinition Apply(ConsultationDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Days.SelectMany(d => d.Items).Any(i => i.Id == Key)
            ? definition with { Days = [.. definition.Days.Select(d => d with { Items = [.. d.Items.Select(i => i.Id == Key ? i with { WorkingGroups = Groups.Count > 0 ? Groups : null } : i)] })] }
            : throw new DomainException($"There is no agenda item '{Key}'.");
    }
}

/// <summary>Adds a speaker slot or changes the one of kind <paramref name="OriginalKind"/>.</summary>
public sealed record SaveSpeakerSlot(string? OriginalKind, string Kind, int Count, int? MinutesEach, string? Note) : DefinitionEdit
{
    public override string Subject => "speaker slot";

    public override ConsultationDefinition Apply(ConsultationDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var slots = (definition.SpeakerSlots ?? []).ToList();
        var slot = new SpeakerSlotDefinition(Kind, Count, MinutesEach, string.IsNullOrWhiteSpace(Note) ? null : Note);
        var at = OriginalKind is null ? -1 : slots.FindIndex(s => string.Equals(s.Kind, OriginalKind, StringComparison.OrdinalIgnoreCase));
        if (OriginalKind is not null && at < 0)
        {
            throw new DomainException($"There is no \"{OriginalKind}\" speaker slot.");
        }

        if (slots.Where((s, i) => i != at).Any(s => string.Equals(s.Kind.Trim(), Kind.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            throw new DomainException($"There is a \"{Kind.Trim()}\" speaker slot already.");
        }

        if (at < 0)
        {
            slots.Add(slot);
        }
        else
        {
            slots[at] = slot;
        }

        return definition with { SpeakerSlots = slots };
    }
}

public sealed record RemoveSpeakerSlot(string Kind) : DefinitionEdit
{
    public override string Subject => "speaker slot removed";

    public override ConsultationDefinition Apply(ConsultationDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition with { SpeakerSlots = [.. (definition.SpeakerSlots ?? []).Where(s => !string.Equals(s.Kind, Kind, StringComparison.OrdinalIgnoreCase))] };
    }
}

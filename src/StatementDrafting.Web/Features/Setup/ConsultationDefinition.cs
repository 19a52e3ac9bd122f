using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.Consultations;

namespace StatementDrafting.Web.Features.Setup;

/// <summary>
/// A consultation's definition as JSON (docs/consultation-definition.md): its rules, clusters, days and agenda (items keyed
/// by id, so that a definition re-imports onto the same consultation), speaker slots, lists and notes. The shape is that
/// of the reference file the demo is built from; working groups and objectives are optional additions.
/// </summary>
public sealed record ConsultationDefinition(
    string Title,
    string TimeZone,
    RulesDefinition Rules,
    IReadOnlyList<ClusterDefinition> Clusters,
    IReadOnlyList<DayDefinition> Days,
    string? About = null,
    string? RegistrationClosesLocal = null,
    OutcomesDefinition? ExpectedOutcomes = null,
    IReadOnlyList<SpeakerSlotDefinition>? SpeakerSlots = null,
    IReadOnlyList<string>? StakeholderCategories = null,
    IReadOnlyList<string>? BalanceDimensions = null,
    RegionsDefinition? Regions = null,
    IReadOnlyList<ObjectiveDefinition>? Objectives = null)
{
    /// <summary>The JSON conventions of definitions: camelCase, enums as camelCase strings, nulls left out.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Skip,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    /// <summary>The definition of a consultation as stored (what an export writes).</summary>
    public static ConsultationDefinition Of(Consultation consultation, IEnumerable<(string Kind, int? Cluster)> statements)
    {
        ArgumentNullException.ThrowIfNull(consultation);
        ArgumentNullException.ThrowIfNull(statements);
        var rules = consultation.Rules;
        return new ConsultationDefinition(
            consultation.Title,
            consultation.TimeZoneId,
            new RulesDefinition(rules.ChathamHouse, rules.Recorded, rules.OnePersonPerOrganisation, rules.Adoption, consultation.RulesNote),
            [.. consultation.Clusters.Select(c => new ClusterDefinition(c.Number, c.Title, [.. c.ObjectiveNumbers]))],
            [.. consultation.Days.Select(d => new DayDefinition(
                d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                [.. d.Items.Select(i => new ItemDefinition(
                    i.Key,
                    i.Start.ToString("HH:mm", CultureInfo.InvariantCulture),
                    i.End.ToString("HH:mm", CultureInfo.InvariantCulture),
                    i.Kind,
                    i.Title,
                    i.ClusterNumber,
                    i.CoHosts.Count > 0 ? [.. i.CoHosts] : null,
                    i.WorkingGroups.Count > 0 ? [.. i.WorkingGroups.Select(g => new WorkingGroupDefinition(g.Name, g.Round, [.. g.ObjectiveNumbers]))] : null))]))],
            consultation.About,
            consultation.RegistrationClosesLocal?.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
            new OutcomesDefinition([.. statements.Select(s => new StatementDefinition(s.Kind, s.Cluster))], consultation.AdoptionPlan),
            [.. consultation.SpeakerSlots.OrderBy(s => s.Id).Select(s => new SpeakerSlotDefinition(s.Kind, s.Count, s.MinutesEach, string.IsNullOrEmpty(s.Note) ? null : s.Note))],
            [.. consultation.StakeholderCategories],
            [.. consultation.BalanceDimensions],
            new RegionsDefinition([.. consultation.Regions], consultation.RegionsNote),
            [.. consultation.Objectives.Select(o => new ObjectiveDefinition(o.Number, o.Title))]);
    }
}

public sealed record RulesDefinition(
    bool ChathamHouse,
    bool Recorded,
    OnePersonPerOrganisation OnePersonPerOrganization,
    AdoptionRule Adoption,
    string? OnePersonPerOrganizationNote = null);

public sealed record ClusterDefinition(int Number, string Title, IReadOnlyList<int> Objectives);

public sealed record OutcomesDefinition(IReadOnlyList<StatementDefinition> Statements, string? Adoption = null);

/// <param name="Kind">"common" (a cluster's statement) or "opening".</param>
public sealed record StatementDefinition(string Kind, int? Cluster = null, string? DraftedBy = null);

public sealed record SpeakerSlotDefinition(string Kind, int Count, int? MinutesEach = null, string? Note = null);

public sealed record DayDefinition(string Date, IReadOnlyList<ItemDefinition> Items);

public sealed record ItemDefinition(
    string Id,
    string Start,
    string End,
    AgendaItemKind Kind,
    string Title,
    int? Cluster = null,
    IReadOnlyList<string>? CoHosts = null,
    IReadOnlyList<WorkingGroupDefinition>? WorkingGroups = null);

public sealed record WorkingGroupDefinition(string Name, int Round, IReadOnlyList<int> Objectives);

public sealed record RegionsDefinition(IReadOnlyList<string> List, string? Note = null);

public sealed record ObjectiveDefinition(int Number, string Title);

/// <summary>A problem with a definition, at a place in its JSON: the path and, when known, the line (1-based).</summary>
public sealed record DefinitionProblem(string Path, long? Line, string Message)
{
    public override string ToString() => Line is { } line ? $"Line {line} ({Path}): {Message}" : $"{Path}: {Message}";
}

/// <summary>The definition could not be used: every problem found, each with its place.</summary>
public sealed class DefinitionException(IReadOnlyList<DefinitionProblem> problems)
    : DomainException(string.Join(Environment.NewLine, problems.Select(p => p.ToString())))
{
    public IReadOnlyList<DefinitionProblem> Problems { get; } = problems;
}

using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Infrastructure.Demo;

/// <summary>
/// Seeds an empty database with the demo consultation: the facts of the fifth Asia-Pacific stakeholder consultation
/// (embedded in this assembly) with its days moved so that today or tomorrow is day 1, and five draft statements.
/// </summary>
public sealed partial class DemoSeeder(IDbContextFactory<DraftingDbContext> contexts, TimeProvider clock, ILogger<DemoSeeder> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>Seeds the demo consultation unless the database holds a consultation already. True when it seeded.</summary>
    public async Task<bool> SeedIfEmptyAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.Consultations.AnyAsync(ct))
        {
            return false;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var consultation = BuildConsultation(clock.GetUtcNow());
        db.Consultations.Add(consultation);
        await db.SaveChangesAsync(ct);
        db.Statements.AddRange(BuildStatements(consultation));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        LogSeeded(logger, consultation.Id, consultation.Days[0].Date);
        return true;
    }

    /// <summary>The demo consultation as of <paramref name="now"/>.</summary>
    public static Consultation BuildConsultation(DateTimeOffset now)
    {
        var source = Read<ConsultationSource>("Demo.fifth-consultation.json");
        var objectives = Read<ObjectivesSource>("Demo.gcm-objectives.json");

        var consultation = new Consultation(source.Title, source.TimeZone, new ConsultationRules(
            source.Rules.ChathamHouse,
            source.Rules.Recorded,
            source.Rules.OnePersonPerOrganization,
            source.Rules.Adoption));
        foreach (var objective in objectives.Objectives)
        {
            consultation.AddObjective(objective.Number, objective.Title);
        }

        foreach (var cluster in source.Clusters)
        {
            consultation.AddCluster(cluster.Number, cluster.Title, cluster.Objectives);
        }

        var zone = consultation.TimeZone;
        var dayOneEnds = source.Days[0].Items.Max(i => TimeOnly.Parse(i.End, CultureInfo.InvariantCulture));
        var dates = DemoSchedule.Shift([.. source.Days.Select(d => DateOnly.Parse(d.Date, CultureInfo.InvariantCulture))], dayOneEnds, zone, now);
        for (var i = 0; i < source.Days.Count; i++)
        {
            var day = consultation.AddDay(dates[i]);
            foreach (var item in source.Days[i].Items)
            {
                consultation.AddAgendaItem(
                    day,
                    item.Id,
                    item.Kind,
                    item.Title,
                    TimeOnly.Parse(item.Start, CultureInfo.InvariantCulture),
                    TimeOnly.Parse(item.End, CultureInfo.InvariantCulture),
                    item.Cluster,
                    item.CoHosts ?? []);
            }
        }

        // The demo's registration stays open until the end of its last day, so the registration form can be tried.
        consultation.CloseRegistrationAt(dates[^1].ToDateTime(new TimeOnly(23, 59)));

        foreach (var slot in source.SpeakerSlots)
        {
            consultation.AddSpeakerSlot(slot.Kind, slot.Count, slot.MinutesEach, slot.Note);
        }

        consultation.SetStakeholderCategories(source.StakeholderCategories);
        consultation.SetRegions(source.Regions.List);
        consultation.SetBalanceDimensions(source.BalanceDimensions);
        return consultation;
    }

    /// <summary>The five draft statements of the demo, for a consultation that has its id.</summary>
    public static IEnumerable<Statement> BuildStatements(Consultation consultation)
    {
        ArgumentNullException.ThrowIfNull(consultation);
        var source = Read<ConsultationSource>("Demo.fifth-consultation.json");
        foreach (var outcome in source.ExpectedOutcomes.Statements)
        {
            var text = StatementTextFormat.Parse(ReadText(outcome.Kind == "opening" ? "opening" : $"cluster-{outcome.Cluster}"));
            var statement = outcome.Kind == "opening"
                ? Statement.OpeningStatement(consultation.Id, text.Title)
                : Statement.CommonStatement(consultation.Id, outcome.Cluster!.Value, text.Title);
            foreach (var block in text.Blocks)
            {
                statement.Append(block.Kind, block.Text, block.HeadingLevel);
            }

            yield return statement;
        }
    }

    private static T Read<T>(string resource)
    {
        using var stream = Open(resource);
        return JsonSerializer.Deserialize<T>(stream, Json) ?? throw new InvalidOperationException($"The resource {resource} is empty.");
    }

    private static string ReadText(string name)
    {
        using var reader = new StreamReader(Open($"Demo.Statements.{name}.txt"));
        return reader.ReadToEnd();
    }

    private static Stream Open(string resource) =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
        ?? throw new InvalidOperationException($"The demo resource {resource} is missing from the build.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo consultation {ConsultationId}; day 1 is {DayOne}")]
    private static partial void LogSeeded(ILogger logger, int consultationId, DateOnly dayOne);

    private sealed record ObjectivesSource(IReadOnlyList<ObjectiveSource> Objectives);

    private sealed record ObjectiveSource(int Number, string Title);

    private sealed record ConsultationSource(
        string Title,
        string TimeZone,
        RulesSource Rules,
        IReadOnlyList<ClusterSource> Clusters,
        OutcomesSource ExpectedOutcomes,
        IReadOnlyList<SpeakerSlotSource> SpeakerSlots,
        IReadOnlyList<DaySource> Days,
        IReadOnlyList<string> StakeholderCategories,
        IReadOnlyList<string> BalanceDimensions,
        RegionsSource Regions);

    private sealed record RulesSource(bool ChathamHouse, bool Recorded, OnePersonPerOrganisation OnePersonPerOrganization, AdoptionRule Adoption);

    private sealed record ClusterSource(int Number, string Title, IReadOnlyList<int> Objectives);

    private sealed record OutcomesSource(IReadOnlyList<StatementSource> Statements);

    private sealed record StatementSource(string Kind, int? Cluster);

    private sealed record SpeakerSlotSource(string Kind, int Count, int? MinutesEach, string? Note);

    private sealed record DaySource(string Date, IReadOnlyList<ItemSource> Items);

    private sealed record ItemSource(string Id, string Start, string End, AgendaItemKind Kind, string Title, int? Cluster, IReadOnlyList<string>? CoHosts);

    private sealed record RegionsSource(IReadOnlyList<string> List);
}

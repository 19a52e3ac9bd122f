using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Web.Features.Consultations;

/// <summary>An agenda item as pages show it: local times in the consultation's zone and the instants they stand for.</summary>
public sealed record AgendaItemView(
    string Key,
    AgendaItemKind Kind,
    string Title,
    TimeOnly Start,
    TimeOnly End,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    int? ClusterNumber,
    string? ClusterTitle,
    int? StatementId,
    IReadOnlyList<string> CoHosts);

public sealed record AgendaDayView(int Number, DateOnly Date, IReadOnlyList<AgendaItemView> Items);

public static class AgendaViews
{
    /// <summary>The consultation's days with every item placed in time and linked to its cluster and statement.</summary>
    /// <remarks>
    /// An array, not a collection expression typed as the interface: the days are a parameter of the interactive
    /// <c>AgendaView</c>, and Blazor sends such a parameter to the circuit under its runtime type. The compiler's own
    /// read-only list type cannot be deserialized there, and the circuit refuses to start.
    /// </remarks>
    public static IReadOnlyList<AgendaDayView> DaysOf(Consultation consultation, IReadOnlyCollection<Statement> statements)
    {
        ArgumentNullException.ThrowIfNull(consultation);
        var zone = consultation.TimeZone;
        AgendaDayView[] days = [.. consultation.Days.Select(day => new AgendaDayView(
            day.Number,
            day.Date,
            [.. day.Items.Select(item => new AgendaItemView(
                item.Key,
                item.Kind,
                item.Title,
                item.Start,
                item.End,
                ZonedTime.ToInstant(day.Date, item.Start, zone),
                ZonedTime.ToInstant(day.Date, item.End, zone),
                item.ClusterNumber,
                item.ClusterNumber is { } n ? consultation.FindCluster(n)?.Title : null,
                item.ClusterNumber is { } c ? statements.FirstOrDefault(s => s.Kind == StatementKind.Common && s.ClusterNumber == c)?.Id : null,
                item.CoHosts))]))];
        return days;
    }
}

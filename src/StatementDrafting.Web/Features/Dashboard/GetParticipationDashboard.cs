using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Features.Consultations;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Dashboard;

// The Registration feature's namespace sits beside this one: name the domain type explicitly.
using Registration = StatementDrafting.Domain.People.Registration;

/// <summary>
/// Who registered, who was approved and who came, in all and by stakeholder category, country, region and gender,
/// so organisers see whether participation is balanced; and the list of people taking part with their presence per day.
/// Real names and e-mail addresses: organisers only.
/// </summary>
public sealed record GetParticipationDashboard(int ConsultationId) : IQuery<ParticipationDashboard?>, IAuthorisedRequest
{
    public Permission Permission => Permission.Organiser(ConsultationId);
}

public sealed record ParticipationDashboard(
    int ConsultationId,
    string Title,
    string TimeZoneId,
    DashboardTotals Totals,
    IReadOnlyList<DashboardDay> Days,
    string Summary,
    IReadOnlyList<Breakdown> Breakdowns,
    IReadOnlyList<DashboardPerson> People);

/// <summary>
/// Registered counts registrations not declined (pending and approved). Taking part counts people holding the participant
/// role, co-hosts included; present counts those of them who were present on at least one day.
/// </summary>
public sealed record DashboardTotals(int Registered, int Pending, int Approved, int Declined, int TakingPart, int PresentAnyDay);

/// <summary>A day, its agenda's local hours (none without items), and how many of the people taking part were present.</summary>
public sealed record DashboardDay(int Number, DateOnly Date, TimeOnly? Starts, TimeOnly? Ends, int Present);

/// <summary>Counts by one dimension (e.g. country), from registrations joined to participations.</summary>
public sealed record Breakdown(string Title, IReadOnlyList<BreakdownRow> Rows, int Registered, int Approved, int Present);

/// <summary>One value of a dimension; each percentage is a share of its column's total, rounded to a whole number.</summary>
public sealed record BreakdownRow(string Value, int Registered, int Approved, int Present, int RegisteredPercent, int ApprovedPercent, int PresentPercent)
{
    /// <summary>The share of approved participants, 0 to 1: the width of the row's bar.</summary>
    public double ApprovedShare { get; init; }
}

public sealed record DashboardPerson(
    int ParticipationId,
    int Number,
    string Pseudonym,
    string Name,
    string? Email,
    string? Organisation,
    string? StakeholderCategory,
    string? Country,
    bool IsCoHost,
    IReadOnlyList<PresenceOnDay> Days);

public sealed record PresenceOnDay(int DayNumber, PresenceSource? Source)
{
    public bool Present => Source is not null;
}

public sealed class GetParticipationDashboardValidator : IValidator<GetParticipationDashboard>
{
    public IEnumerable<ValidationError> Validate(GetParticipationDashboard message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Ids.Positive((nameof(message.ConsultationId), message.ConsultationId, "consultation"));
    }
}

public sealed class GetParticipationDashboardHandler(IDbContextFactory<DraftingDbContext> contexts)
    : IQueryHandler<GetParticipationDashboard, ParticipationDashboard?>
{
    public async ValueTask<ParticipationDashboard?> Handle(GetParticipationDashboard query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var consultation = await db.WithDaysAsync(query.ConsultationId, cancellationToken);
        if (consultation is null)
        {
            return null;
        }

        var registrations = await db.Registrations.AsNoTracking()
            .Where(r => r.ConsultationId == consultation.Id)
            .ToListAsync(cancellationToken);
        var takingPart = (await db.Participations.AsNoTracking()
            .Where(p => p.ConsultationId == consultation.Id)
            .OrderBy(p => p.Number)
            .ToListAsync(cancellationToken))
            .Where(p => p.Holds(ConsultationRole.Participant))
            .ToList();
        var userIds = takingPart.Select(p => p.UserId).ToList();
        var accounts = await db.Users.AsNoTracking()
            .Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email })
            .ToDictionaryAsync(u => u.Id, cancellationToken);

        var zone = consultation.TimeZone;
        var days = consultation.Days
            .Select(d => (Day: d, Window: AgendaWindow.Of(d.Number, d.Date, [.. d.Items.Select(i => (i.Start, i.End))], zone)))
            .Select(d => new DashboardDay(d.Day.Number, d.Day.Date, d.Window?.Starts, d.Window?.Ends, takingPart.Count(p => p.WasPresentOn(d.Day.Number))))
            .ToList();

        var live = registrations.Where(r => r.Status != RegistrationStatus.Declined).ToList();
        var approved = live.Where(r => r.Status == RegistrationStatus.Approved).ToList();
        var presentRegistrations = takingPart
            .Where(p => p.Presence.Count > 0 && p.RegistrationId is not null)
            .Select(p => p.RegistrationId!.Value)
            .ToHashSet();
        var counted = live.Select(r => new Counted(r, r.Status == RegistrationStatus.Approved, presentRegistrations.Contains(r.Id))).ToList();

        var registrationOf = registrations.ToDictionary(r => r.Id);
        var people = takingPart.Select(p =>
        {
            var registration = p.RegistrationId is { } id && registrationOf.TryGetValue(id, out var r) ? r : null;
            var account = accounts.GetValueOrDefault(p.UserId);
            return new DashboardPerson(
                p.Id,
                p.Number,
                p.Pseudonym,
                registration?.Name ?? account?.DisplayName ?? p.Pseudonym,
                account?.Email ?? registration?.Email,
                registration?.Organisation ?? (p.CoHostSeats.Count > 0 ? p.CoHostSeats[0].Organisation : null),
                registration?.StakeholderCategory,
                registration?.Country,
                p.IsCoHost,
                [.. consultation.Days.Select(d => new PresenceOnDay(d.Number, p.Presence.FirstOrDefault(m => m.DayNumber == d.Number)?.Source))]);
        }).ToList();

        return new ParticipationDashboard(
            consultation.Id,
            consultation.Title,
            consultation.TimeZoneId,
            new DashboardTotals(
                live.Count,
                live.Count(r => r.Status == RegistrationStatus.Pending),
                approved.Count,
                registrations.Count - live.Count,
                takingPart.Count,
                takingPart.Count(p => p.Presence.Count > 0)),
            days,
            ParticipationSummary.Of(approved, consultation.StakeholderCategories),
            [
                BreakdownBy("Stakeholder category", counted, r => r.StakeholderCategory, consultation.StakeholderCategories),
                BreakdownBy("Country", counted, r => r.Country, []),
                BreakdownBy("Region", counted, r => r.Region, consultation.Regions),
                BreakdownBy("Gender", counted, r => GenderWords.Of(r.Gender), GenderWords.All),
            ],
            people);
    }

    /// <summary>
    /// One row per value: first the listed values in their order (shown even at zero, since an empty row is what
    /// "balanced" asks about), then any other value met, most frequent first.
    /// </summary>
    private static Breakdown BreakdownBy(string title, IReadOnlyList<Counted> counted, Func<Registration, string> valueOf, IReadOnlyList<string> listed)
    {
        var groups = counted.GroupBy(c => valueOf(c.Registration).Trim(), StringComparer.OrdinalIgnoreCase).ToList();
        var registered = counted.Count;
        var approved = counted.Count(c => c.Approved);
        var present = counted.Count(c => c.Present);

        BreakdownRow Row(string value, IReadOnlyCollection<Counted> members)
        {
            var a = members.Count(c => c.Approved);
            var p = members.Count(c => c.Present);
            return new BreakdownRow(value, members.Count, a, p, Percent.Of(members.Count, registered), Percent.Of(a, approved), Percent.Of(p, present))
            {
                ApprovedShare = approved == 0 ? 0 : (double)a / approved,
            };
        }

        var rows = listed
            .Select(value => Row(value, groups.FirstOrDefault(g => string.Equals(g.Key, value, StringComparison.OrdinalIgnoreCase))?.ToList() ?? []))
            .ToList();
        rows.AddRange(groups
            .Where(g => !listed.Contains(g.Key, StringComparer.OrdinalIgnoreCase))
            .Select(g => Row(g.Key, [.. g]))
            .OrderByDescending(r => r.Approved).ThenByDescending(r => r.Registered).ThenBy(r => r.Value, StringComparer.CurrentCultureIgnoreCase));
        return new Breakdown(title, rows, registered, approved, present);
    }

    private sealed record Counted(Registration Registration, bool Approved, bool Present);
}

/// <summary>Whole percentages, rounded half away from zero; zero of nothing is zero.</summary>
public static class Percent
{
    public static int Of(int part, int whole) =>
        whole == 0 ? 0 : (int)Math.Round(100.0 * part / whole, MidpointRounding.AwayFromZero);
}

/// <summary>How pages name the gender answers, as a group of people.</summary>
public static class GenderWords
{
    public static IReadOnlyList<string> All { get; } = [.. Enum.GetValues<Gender>().Select(Of)];

    public static string Of(Gender gender) => gender switch
    {
        Gender.Woman => "Women",
        Gender.Man => "Men",
        Gender.AnotherGender => "Another gender",
        Gender.PreferNotToSay => "Prefer not to say",
        _ => gender.ToString(),
    };

    /// <summary>The answers as they describe one person (a nominee), in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> AllOfOne { get; } = [.. Enum.GetValues<Gender>().Select(OfOne)];

    public static string OfOne(Gender gender) => gender switch
    {
        Gender.Woman => "Woman",
        Gender.Man => "Man",
        _ => Of(gender),
    };
}

/// <summary>
/// The one-line description of participation that consultation reports open with, from the approved registrations:
/// "31 stakeholders from 18 countries; 60 per cent civil society; 55 per cent women".
/// </summary>
public static class ParticipationSummary
{
    public static string Of(IReadOnlyCollection<Registration> approved, IReadOnlyList<string> categoryOrder)
    {
        ArgumentNullException.ThrowIfNull(approved);
        ArgumentNullException.ThrowIfNull(categoryOrder);
        if (approved.Count == 0)
        {
            return "No approved stakeholders yet.";
        }

        var countries = approved.Select(r => r.Country.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count();
        var largest = approved
            .GroupBy(r => r.StakeholderCategory, StringComparer.OrdinalIgnoreCase)
            .Select(g => (Category: g.Key, Count: g.Count(), Order: IndexIn(categoryOrder, g.Key)))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Order).ThenBy(g => g.Category, StringComparer.Ordinal)
            .First();
        var women = approved.Count(r => r.Gender == Gender.Woman);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Plural(approved.Count, "stakeholder")} from {Plural(countries, "country", "countries")}; {Percent.Of(largest.Count, approved.Count)} per cent {largest.Category}; {Percent.Of(women, approved.Count)} per cent women");
    }

    private static int IndexIn(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    private static string Plural(int count, string one, string? many = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? one : many ?? one + "s")}");
}

using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Infrastructure.Identity;

namespace StatementDrafting.Web.Infrastructure.Demo;

/// <summary>One way into the demo: a role, an account, and its password or personal link.</summary>
public sealed record DemoCredential(string Role, string Email, string? Password, string? LinkPath);

/// <summary>
/// The demo's people: an organiser, a co-host account per parallel session, an observer and thirty participants
/// (fictional names and organisations), with random passwords generated for each new database.
/// </summary>
public static class DemoPeople
{
    public const int InvitedParticipants = 5;

    /// <summary>The last registrants nominate themselves as speakers (the demo's start on the slate).</summary>
    public const int SelfNominated = 4;

    /// <summary>Proposed as a speaker by another participant, by name and organisation, for an organiser to match (the 10th registrant).</summary>
    public static readonly (string Name, string Organisation) Proposed = ("Aroha Tipene", "Aotearoa Interfaith Hospitality Trust");

    /// <summary>Fictional registrants: name, organisation, stakeholder category, country, region, gender, preferred cluster.</summary>
    public static readonly (string Name, string Organisation, string Category, string Country, string Region, Gender Gender, int? Cluster)[] Registrants =
    [
        ("Anjali Ramaswamy", "Coastal Fishworkers Solidarity Network", "civil society", "India", "South and South-West Asia", Gender.Woman, 1),
        ("Tomasi Vainikolo", "Pacific Seasonal Workers Union", "trade unions", "Tonga", "Pacific", Gender.Man, 1),
        ("Mei-Ling Ong", "Harbour City Migrant Legal Clinic", "civil society", "Singapore", "South-East Asia", Gender.Woman, 2),
        ("Dilnoza Karimova", "Steppe Road Remittance Observatory", "academia", "Uzbekistan", "North and Central Asia", Gender.Woman, 4),
        ("Rizal Pangilinan", "Returnee Seafarers Cooperative", "migrant and diaspora organizations", "Philippines", "South-East Asia", Gender.Man, 3),
        ("Bishnu Adhikari", "Himalayan Recruitment Watch", "civil society", "Nepal", "South and South-West Asia", Gender.Man, 1),
        ("Sakura Tanabe", "Northern Prefecture Welcome Office", "local authorities", "Japan", "East and North-East Asia", Gender.Woman, 3),
        ("Hamid Qaderi", "Refugee Youth Voices Collective", "migrants", "Afghanistan", "South and South-West Asia", Gender.Man, 2),
        ("Ly Thi Hoa", "Mekong Domestic Workers Circle", "migrant and diaspora organizations", "Viet Nam", "South-East Asia", Gender.Woman, 1),
        ("Aroha Tipene", "Aotearoa Interfaith Hospitality Trust", "faith-based organizations", "New Zealand", "Pacific", Gender.Woman, 3),
        ("Chen Jianwei", "Delta Labour Mobility Research Centre", "academia", "China", "East and North-East Asia", Gender.Man, 4),
        ("Nurul Syafiqah", "Plantation Workers Health Alliance", "civil society", "Malaysia", "South-East Asia", Gender.Woman, 2),
        ("Kiran Baloch", "Desert Route Missing Persons Registry", "civil society", "Pakistan", "South and South-West Asia", Gender.AnotherGender, 2),
        ("Oyunchimeg Batbayar", "Grassland Herders Diaspora Fund", "diasporas", "Mongolia", "East and North-East Asia", Gender.Woman, 3),
        ("Sione Latu", "Island Climate Mobility Forum", "local communities", "Fiji", "Pacific", Gender.Man, 1),
        ("Pranee Sukjai", "Border Clinic Volunteers Association", "civil society", "Thailand", "South-East Asia", Gender.Woman, 2),
        ("Farhad Rahimi", "Caspian Shore Human Rights Commission", "national human rights institutions", "Kazakhstan", "North and Central Asia", Gender.Man, 2),
        ("Lakshmi Perera", "Tea Estate Returnee Network", "migrants", "Sri Lanka", "South and South-West Asia", Gender.Woman, 3),
        ("Joon-ho Baek", "Shipyard Interpreters Guild", "the private sector", "Republic of Korea", "East and North-East Asia", Gender.Man, 4),
        ("Maliha Sultana", "Garment Workers Remittance Watch", "trade unions", "Bangladesh", "South and South-West Asia", Gender.Woman, 1),
        ("Ekaterina Volkova", "Transit City Press Freedom Desk", "the media", "Kyrgyzstan", "North and Central Asia", Gender.PreferNotToSay, 4),
        ("Wayan Sudarsana", "Island Temple Shelter Foundation", "faith-based organizations", "Indonesia", "South-East Asia", Gender.Man, 3),
        ("Grace Kaupa", "Highlands Women Labour Mobility Group", "local communities", "Papua New Guinea", "Pacific", Gender.Woman, 1),
        ("Sokha Chhim", "Riverbank Child Rights Coalition", "civil society", "Cambodia", "South-East Asia", Gender.Woman, 2),
        ("Daniel Okafor", "Gulf Corridor Worker Welfare Desk", "other relevant stakeholders", "Nigeria", "Outside Asia and the Pacific", Gender.Man, 1),
        ("Parisa Moradi", "Data for Dignity Migration Lab", "academia", "Iran (Islamic Republic of)", "South and South-West Asia", Gender.Woman, 4),
        ("Tenzin Norbu", "Mountain Pass Legal Aid Forum", "civil society", "Bhutan", "South and South-West Asia", Gender.Man, 2),
        ("Ana Leota", "Ocean Villages Relocation Council", "local communities", "Samoa", "Pacific", Gender.Woman, 3),
        ("Arman Sadykov", "Winter Road Red Crescent Volunteers", "the International Red Cross and Red Crescent Movement", "Tajikistan", "North and Central Asia", Gender.Man, 2),
        ("Hina Shimizu", "Care Workers Voice Japan", "trade unions", "Japan", "East and North-East Asia", Gender.Woman, 3),
    ];

    /// <summary>Registrations waiting for an organiser's decision, so the review page has work on it.</summary>
    public static readonly (string Name, string Organisation, string Category, string Country, string Region, Gender Gender, int? Cluster)[] Pending =
    [
        ("Meera Nair", "Kerala Return Migration Desk", "civil society", "India", "South and South-West Asia", Gender.Woman, 1),
        ("Viliami Fonua", "Pacific Seasonal Workers Union", "trade unions", "Tonga", "Pacific", Gender.Man, 1),
        ("Bakhyt Omarov", "Silk Road Labour Exchange", "the private sector", "Kazakhstan", "North and Central Asia", Gender.Man, 4),
        ("Thandar Win", "Delta Fisheries Migrant Support", "migrant and diaspora organizations", "Myanmar", "South-East Asia", Gender.Woman, 2),
    ];

    public static string NewPassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return string.Join('-', Enumerable.Range(0, 4).Select(_ => RandomNumberGenerator.GetString(alphabet, 5)));
    }

    public static AppUser NewUser(string email, string displayName, DateTimeOffset now, ILookupNormalizer normalizer)
    {
        ArgumentNullException.ThrowIfNull(normalizer);
        return new AppUser
        {
            UserName = email,
            NormalizedUserName = normalizer.NormalizeName(email),
            Email = email,
            NormalizedEmail = normalizer.NormalizeEmail(email),
            EmailConfirmed = true,
            DisplayName = displayName,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            ConcurrencyStamp = Guid.NewGuid().ToString(),
            LockoutEnabled = true,
            CreatedAt = now,
        };
    }

    /// <summary>The parallel sessions, one per cluster: (cluster, every agenda item of that session, its co-host organisations).</summary>
    public static IEnumerable<(int Cluster, string Title, IReadOnlyList<AgendaItem> Items, IReadOnlyList<string> Organisations)> ParallelSessions(Consultation consultation)
    {
        ArgumentNullException.ThrowIfNull(consultation);
        return consultation.Days.SelectMany(d => d.Items)
            .Where(i => i.Kind == AgendaItemKind.Parallel)
            .GroupBy(i => i.ClusterNumber!.Value)
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, g.First().Title, (IReadOnlyList<AgendaItem>)[.. g], (IReadOnlyList<string>)[.. g.SelectMany(i => i.CoHosts).Distinct()]));
    }
}

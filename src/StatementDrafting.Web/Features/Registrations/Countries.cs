using System.Globalization;

namespace StatementDrafting.Web.Features.Registrations;

/// <summary>
/// The countries a registrant chooses from: the English names of the regions .NET knows through its specific cultures
/// (so the list follows the platform's ICU data rather than a table of our own), sorted, with "Other" last.
/// </summary>
public static class Countries
{
    public const string Other = "Other";

    public static IReadOnlyList<string> All { get; } = Build();

    /// <summary>The list's spelling of a country typed in any case, or null when it is not on the list.</summary>
    public static string? Find(string? name)
    {
        var trimmed = name?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : All.FirstOrDefault(c => string.Equals(c, trimmed, StringComparison.OrdinalIgnoreCase));
    }

    private static string[] Build()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            RegionInfo region;
            try
            {
                region = new RegionInfo(culture.Name);
            }
            catch (ArgumentException)
            {
                continue;
            }

            // Leave out areas that are not countries, such as "World" (001) or "Latin America" (419).
            if (region.TwoLetterISORegionName.Length == 2 && region.TwoLetterISORegionName.All(char.IsAsciiLetter))
            {
                names.Add(region.EnglishName);
            }
        }

        return [.. names.Order(StringComparer.InvariantCulture), Other];
    }
}

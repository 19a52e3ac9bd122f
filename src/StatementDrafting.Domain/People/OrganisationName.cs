using System.Globalization;
using System.Text;

namespace StatementDrafting.Domain.People;

/// <summary>
/// Compares organisation names as people type them: case, accents, spacing and punctuation do not count,
/// so "Migrant Forum in Asia", "migrant-forum in  Asia." and "MIGRANT FORUM IN ASIA" are one organisation.
/// </summary>
public static class OrganisationName
{
    public static string Normalise(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return string.Empty;
        }

        var decomposed = name.Normalize(NormalizationForm.FormD);
        var result = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && result.Length > 0)
                {
                    result.Append(' ');
                }

                result.Append(char.ToLowerInvariant(c));
                pendingSpace = false;
            }
            else if (c != '\'' && c != '\u2019')
            {
                pendingSpace = true;
            }
        }

        return result.ToString();
    }

    public static bool Same(string? a, string? b) =>
        Normalise(a) is { Length: > 0 } na && string.Equals(na, Normalise(b), StringComparison.Ordinal);
}

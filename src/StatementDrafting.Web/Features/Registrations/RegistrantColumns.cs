using System.Globalization;
using System.Text;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.People;

namespace StatementDrafting.Web.Features.Registrations;

/// <summary>The registration fields a CSV column can hold.</summary>
public enum RegistrantColumn
{
    Name,
    Email,
    Organisation,
    StakeholderCategory,
    Country,
    Region,
    Gender,
    PreferredCluster,
}

/// <summary>
/// Finds the registration fields among a CSV file's column headers, as common form tools name them: headers match
/// ignoring case, spaces and punctuation ("E-mail address" is "Email address"), with the usual aliases.
/// </summary>
public sealed class RegistrantColumns
{
    private static readonly Dictionary<RegistrantColumn, string[]> Aliases = new()
    {
        [RegistrantColumn.Name] = ["name", "fullname", "yourname", "yourfullname", "participantname", "nameandsurname"],
        [RegistrantColumn.Email] = ["email", "emailaddress", "youremail", "youremailaddress", "mail", "emailid"],
        [RegistrantColumn.Organisation] = ["organisation", "organization", "organisationname", "organizationname", "yourorganisation", "yourorganization", "affiliation"],
        [RegistrantColumn.StakeholderCategory] = ["stakeholdercategory", "category", "stakeholdergroup", "stakeholdertype", "constituency"],
        [RegistrantColumn.Country] = ["country", "yourcountry", "countryofresidence", "countryname"],
        [RegistrantColumn.Region] = ["region", "subregion", "yourregion"],
        [RegistrantColumn.Gender] = ["gender", "yourgender"],
        [RegistrantColumn.PreferredCluster] = ["preferredcluster", "cluster", "clusterpreference", "preferredthematiccluster"],
    };

    private static readonly RegistrantColumn[] Required =
    [
        RegistrantColumn.Name, RegistrantColumn.Email, RegistrantColumn.Organisation,
        RegistrantColumn.StakeholderCategory, RegistrantColumn.Country, RegistrantColumn.Region,
    ];

    private readonly Dictionary<RegistrantColumn, int> _index;

    private RegistrantColumns(Dictionary<RegistrantColumn, int> index, IReadOnlyList<string> ignored)
    {
        _index = index;
        Ignored = ignored;
    }

    /// <summary>Headers that name no registration field (a form tool's timestamp, say): their values are not imported.</summary>
    public IReadOnlyList<string> Ignored { get; }

    /// <summary>The columns of a header row; refused with a clear message when a required field has no column.</summary>
    public static RegistrantColumns Match(IReadOnlyList<string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var index = new Dictionary<RegistrantColumn, int>();
        var ignored = new List<string>();
        for (var i = 0; i < headers.Count; i++)
        {
            var key = Key(headers[i]);
            var column = Aliases.Where(a => a.Value.Contains(key, StringComparer.Ordinal)).Select(a => (RegistrantColumn?)a.Key).FirstOrDefault();
            if (column is { } c && !index.ContainsKey(c))
            {
                index[c] = i;
            }
            else if (headers[i].Length > 0)
            {
                ignored.Add(headers[i]);
            }
        }

        var missing = Required.Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            throw new CsvFormatException(
                $"The first row of the file must name the columns. No column was found for: {string.Join(", ", missing.Select(Label))}. "
                + "Accepted headers include \"Name\", \"Email\", \"Organisation\", \"Stakeholder category\", \"Country\", \"Region\", \"Gender\" and \"Preferred cluster\".");
        }

        return new RegistrantColumns(index, ignored);
    }

    public string ValueOf(CsvRow row, RegistrantColumn column)
    {
        ArgumentNullException.ThrowIfNull(row);
        return _index.TryGetValue(column, out var i) ? row[i].Trim() : string.Empty;
    }

    public static string Label(RegistrantColumn column) => column switch
    {
        RegistrantColumn.Email => "e-mail address",
        RegistrantColumn.StakeholderCategory => "stakeholder category",
        RegistrantColumn.PreferredCluster => "preferred cluster",
        _ => column.ToString().ToLowerInvariant(),
    };

    /// <summary>A gender as people write it in a form's answer; null when the answer is not one we know. Blank is "prefer not to say".</summary>
    public static Gender? GenderOf(string value) => Key(value) switch
    {
        "" or "prefernottosay" or "prefernottoanswer" or "prefernot" or "notsaid" or "notstated" => Gender.PreferNotToSay,
        "woman" or "female" or "f" or "w" => Gender.Woman,
        "man" or "male" or "m" => Gender.Man,
        "anothergender" or "another" or "nonbinary" or "other" or "diverse" => Gender.AnotherGender,
        _ => null,
    };

    /// <summary>
    /// A preferred cluster as written: blank for none, its number ("2", "Cluster 2", "Cluster 2: title") or its title.
    /// False when it names no cluster of the consultation.
    /// </summary>
    public static bool TryClusterOf(string value, IReadOnlyList<Cluster> clusters, out int? number)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        number = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        var digits = new string(value.SkipWhile(c => !char.IsAsciiDigit(c)).TakeWhile(char.IsAsciiDigit).ToArray());
        if (digits.Length is > 0 and < 4 && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && clusters.Any(c => c.Number == n))
        {
            number = n;
            return true;
        }

        var byTitle = clusters.FirstOrDefault(c => string.Equals(Key(c.Title), Key(value), StringComparison.Ordinal));
        number = byTitle?.Number;
        return byTitle is not null;
    }

    private static string Key(string header)
    {
        var result = new StringBuilder(header.Length);
        foreach (var c in header.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
            {
                result.Append(char.ToLowerInvariant(c));
            }
        }

        return result.ToString();
    }
}

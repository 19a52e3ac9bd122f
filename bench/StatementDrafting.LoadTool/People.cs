using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace StatementDrafting.LoadTool;

/// <summary>One account of the benchmark with its token, as <c>accounts create</c> wrote it.</summary>
internal sealed record Person(string Email, string Pseudonym, string Role, string Token)
{
    /// <summary>The cluster whose statement a typist co-hosts (from its address), or null for a watcher.</summary>
    public int? TypistCluster => Role.Contains("cohost", StringComparison.Ordinal) && People.TypistAddress().Match(Email) is { Success: true } m
        ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
        : null;
}

/// <summary>The benchmark's people: the input of <c>accounts create</c>, and reading its tokens back.</summary>
internal static partial class People
{
    [GeneratedRegex(@"^bench-pen-c(\d+)-\d+@")]
    public static partial Regex TypistAddress();

    /// <summary>
    /// The people.csv for <c>accounts create</c>: per cluster, <paramref name="typists"/> co-hosts of that cluster's
    /// parallel session (which makes them co-hosts of the cluster's statement); the rest participants, one in ten observers.
    /// </summary>
    public static string Csv(IReadOnlyList<(int Cluster, string Session)> sessions, int typists, int clients)
    {
        var csv = new StringBuilder("email,name,role,session\n");
        foreach (var (cluster, session) in sessions)
        {
            for (var k = 1; k <= typists; k++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"bench-pen-c{cluster}-{k}@example.org,Bench Typist {cluster}.{k},cohost,{session}\n");
            }
        }

        var watchers = clients - (sessions.Count * typists);
        for (var w = 1; w <= watchers; w++)
        {
            var role = w % 10 == 0 ? "observer" : "participant";
            csv.Append(CultureInfo.InvariantCulture, $"bench-watch-{w:000}@example.org,Bench Watcher {w},{role},\n");
        }

        return csv.ToString();
    }

    /// <summary>Reads tokens.csv (email,pseudonym,role,token).</summary>
    public static IReadOnlyList<Person> ReadTokens(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        var header = SplitCsv(lines[0]);
        int Column(string name) => header.IndexOf(name) is var i and >= 0 ? i : throw new InvalidOperationException($"{path} has no column '{name}'.");
        var (email, pseudonym, role, token) = (Column("email"), Column("pseudonym"), Column("role"), Column("token"));
        return [.. lines.Skip(1).Select(SplitCsv).Select(f => new Person(f[email], f[pseudonym], f[role], f[token]))];
    }

    /// <summary>The fields of one CSV line (quoted fields, doubled quotes inside them).</summary>
    public static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}

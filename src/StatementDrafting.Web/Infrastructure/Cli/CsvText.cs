using System.Text;

namespace StatementDrafting.Web.Infrastructure.Cli;

/// <summary>Reads and writes RFC 4180 CSV: comma-separated, fields quoted with double quotes, quotes doubled inside.</summary>
internal static class CsvText
{
    /// <summary>The records of a CSV text, each a list of fields. Blank lines are skipped. Throws <see cref="FormatException"/> on an unclosed quote.</summary>
    public static List<(int Line, List<string> Fields)> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<(int, List<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var line = 1;
        var recordLine = 1;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;

        void EndRecord()
        {
            fields.Add(field.ToString());
            field.Clear();
            if (fields.Count > 1 || fields[0].Length > 0)
            {
                records.Add((recordLine, fields));
            }

            fields = [];
        }

        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
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
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                EndRecord();
                line++;
                recordLine = line;
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new FormatException($"A quoted field that starts on line {recordLine} is never closed.");
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            EndRecord();
        }

        return records;
    }

    /// <summary>One record, each field quoted when it needs to be.</summary>
    public static string Line(IEnumerable<string> fields) =>
        string.Join(',', fields.Select(f => f.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : f));
}

using System.Globalization;
using System.Text;

namespace StatementDrafting.Web.Features.Registrations;

/// <summary>A record of a CSV file: its row number as a spreadsheet shows it (the header is row 1) and its fields.</summary>
public sealed record CsvRow(int Number, IReadOnlyList<string> Fields)
{
    public string this[int column] => column < Fields.Count ? Fields[column] : string.Empty;
}

/// <summary>A parsed CSV file: the header row's names and the data rows, blank rows left out.</summary>
public sealed record CsvTable(IReadOnlyList<string> Headers, IReadOnlyList<CsvRow> Rows, char Separator);

/// <summary>The file cannot be read as CSV; the message says why, in words the uploader can act on.</summary>
public sealed class CsvFormatException(string message) : Exception(message);

/// <summary>
/// Reads CSV files as registration tools export them: UTF-8 with or without a byte-order mark, a header row, comma or
/// semicolon separated (whichever the header row uses), fields optionally in double quotes with "" for a quote and with
/// separators and line breaks inside. Strict where guessing would be wrong: invalid UTF-8 and broken quoting are refused,
/// with the row where it happened, and so are files over the size and row limits.
/// </summary>
public static class CsvFile
{
    public const int MaxBytes = 2 * 1024 * 1024;
    public const int MaxDataRows = 5_000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static CsvTable Read(ReadOnlySpan<byte> content)
    {
        if (content.Length > MaxBytes)
        {
            throw new CsvFormatException($"The file is larger than {MaxBytes / (1024 * 1024)} MB. Split it into smaller files.");
        }

        if (content.StartsWith("\uFEFF"u8))
        {
            content = content[3..];
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            throw new CsvFormatException("The file is not UTF-8 text. Save it as \"CSV UTF-8\" (comma or semicolon separated) and upload it again.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new CsvFormatException("The file is empty.");
        }

        var separator = SeparatorOf(text);
        var headers = new List<string>();
        var rows = new List<CsvRow>();
        var number = 0;
        foreach (var fields in Records(text, separator))
        {
            number++;
            if (number == 1)
            {
                headers.AddRange(fields.Select(f => f.Trim()));
                continue;
            }

            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            if (rows.Count == MaxDataRows)
            {
                throw new CsvFormatException($"The file has more than {MaxDataRows.ToString("N0", CultureInfo.InvariantCulture)} rows of registrants. Split it into smaller files.");
            }

            rows.Add(new CsvRow(number, fields));
        }

        return new CsvTable(headers, rows, separator);
    }

    /// <summary>The separator the header row uses: a semicolon when it has more of them (outside quotes) than commas.</summary>
    private static char SeparatorOf(string text)
    {
        int commas = 0, semicolons = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && (c == '\n' || c == '\r'))
            {
                break;
            }
            else if (!quoted && c == ',')
            {
                commas++;
            }
            else if (!quoted && c == ';')
            {
                semicolons++;
            }
        }

        return semicolons > commas ? ';' : ',';
    }

    private static IEnumerable<List<string>> Records(string text, char separator)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var row = 1;
        var i = 0;
        while (i <= text.Length)
        {
            // At the start of a field.
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new CsvFormatException($"Row {row}: a field opens a quotation mark (\") that is never closed.");
                    }

                    var c = text[i];
                    if (c == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(c);
                    i++;
                }

                if (i < text.Length && text[i] != separator && text[i] != '\r' && text[i] != '\n')
                {
                    throw new CsvFormatException($"Row {row}: a quoted field has text after its closing quotation mark. Inside quotes, write a quotation mark as two (\"\").");
                }
            }
            else
            {
                while (i < text.Length && text[i] != separator && text[i] != '\r' && text[i] != '\n')
                {
                    if (text[i] == '"')
                    {
                        throw new CsvFormatException($"Row {row}: a quotation mark (\") appears inside a field that is not in quotes. Put the whole field in quotes and write the mark as two (\"\").");
                    }

                    field.Append(text[i]);
                    i++;
                }
            }

            fields.Add(field.ToString());
            field.Clear();
            if (i < text.Length && text[i] == separator)
            {
                i++;
                continue;
            }

            // End of a record: a line break or the end of the text.
            if (i < text.Length && text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i++;
            }

            i++;
            var atEnd = i >= text.Length;
            yield return fields;
            fields = [];
            row++;
            if (atEnd)
            {
                yield break;
            }
        }
    }
}

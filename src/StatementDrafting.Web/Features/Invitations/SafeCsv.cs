using System.Text;

namespace StatementDrafting.Web.Features.Invitations;

/// <summary>
/// Writes CSV that spreadsheets open as plain data. Every cell is quoted (inner quotes doubled), and a cell that a
/// spreadsheet would read as a formula (starting with = + - @, a tab or a carriage return, or their full-width forms)
/// gets a leading apostrophe, so "=HYPERLINK(...)" stays text. Rows end with CRLF; the file starts with a UTF-8 BOM so
/// that spreadsheet programs read accents correctly.
/// </summary>
public static class SafeCsv
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'];

    /// <summary>One cell, neutralised and quoted.</summary>
    public static string Cell(string? value)
    {
        var text = value ?? string.Empty;
        if (text.Length > 0 && FormulaStarts.Contains(text[0]))
        {
            text = "'" + text;
        }

        return "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public static string Row(IEnumerable<string?> cells) => string.Join(',', cells.Select(Cell)) + "\r\n";

    /// <summary>The whole file as UTF-8 bytes with a byte-order mark.</summary>
    public static byte[] Document(IEnumerable<string?> header, IEnumerable<IEnumerable<string?>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder(Row(header));
        foreach (var row in rows)
        {
            text.Append(Row(row));
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }
}

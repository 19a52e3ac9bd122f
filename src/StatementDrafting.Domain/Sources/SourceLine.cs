namespace StatementDrafting.Domain.Sources;

/// <summary>
/// One line of a source report as the parser reads it, whatever the file was: a line of Markdown or plain text, or a
/// paragraph of a Word document. <see cref="HeadingLevel"/> is 1 or more when the format itself says the line is a
/// heading (Markdown's <c>#</c>, Word's heading styles); <see cref="ListNumber"/> is the number Word's list numbering
/// shows before the paragraph (the text itself then carries no number). An empty text is a paragraph break.
/// </summary>
public sealed record SourceLine(string Text, int HeadingLevel = 0, int? ListNumber = null)
{
    public static SourceLine Break { get; } = new(string.Empty);

    public bool IsBlank => HeadingLevel == 0 && ListNumber is null && string.IsNullOrWhiteSpace(Text);

    /// <summary>
    /// The lines of a Markdown or plain-text file. Markdown headings (<c>#</c> to <c>######</c>) keep their level; every
    /// other line is left for the parser to recognise (plain-text headings, numbered paragraphs, footnotes).
    /// </summary>
    public static IReadOnlyList<SourceLine> FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<SourceLine>();
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n'))
        {
            var line = raw.TrimEnd();
            var trimmed = line.TrimStart();
            var hashes = trimmed.Length - trimmed.TrimStart('#').Length;
            if (hashes is >= 1 and <= 6 && trimmed.Length > hashes && trimmed[hashes] == ' ')
            {
                lines.Add(new SourceLine(trimmed[hashes..].Trim().TrimEnd('#').Trim(), hashes));
            }
            else
            {
                lines.Add(new SourceLine(line));
            }
        }

        return lines;
    }
}

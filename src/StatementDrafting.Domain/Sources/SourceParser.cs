using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace StatementDrafting.Domain.Sources;

/// <summary>
/// Splits a summary report into sections, sub-sections and numbered paragraphs, keeping footnotes apart (ADR 0014).
/// <list type="bullet">
/// <item>Headings: those the format marks (Markdown <c>#</c>, Word heading styles); in plain text, after a blank line, a
/// line naming an objective ("Objective 3: ..."), a line in capitals, or a known sub-section name.</item>
/// <item>Sub-sections: headings naming key challenges, specific challenges created by COVID-19, good practices or
/// recommendations, at any level; any other heading below its section's level is a sub-section too.</item>
/// <item>Title: the first heading, when it names no objective and every other section heading is of a lower rank.</item>
/// <item>Numbered paragraphs: <c>28.</c>, <c>28)</c>, <c>(28)</c>, each also after a bullet (<c>- 28.</c>), or Word's list
/// number. Lines that follow without a blank line continue their paragraph; a bullet starts a new one.</item>
/// <item>Footnotes: markers <c>[^3]</c> or superscript digits are taken out of the text and kept as references;
/// definitions <c>[^3]: ...</c> anywhere, and everything after a last heading "Footnotes", "Notes" or "Endnotes".</item>
/// </list>
/// Text without any of this comes out as plain paragraphs, with a warning.
/// </summary>
public static partial class SourceParser
{
    public const int MaxWarnings = 30;

    private const int MaxHeadingLength = 200;

    public static SourceDocument Parse(IReadOnlyList<SourceLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return new Builder(lines).Build();
    }

    public static SourceDocument ParseText(string text) => Parse(SourceLine.FromText(text));

    /// <summary>The sub-section a heading names, or <see cref="SubsectionKind.None"/> when it names none of the known ones.</summary>
    public static SubsectionKind SubsectionKindOf(string heading)
    {
        ArgumentNullException.ThrowIfNull(heading);
        var text = LeadingOrdinal().Replace(heading.Trim().TrimEnd(':', '.').Trim(), string.Empty).ToLowerInvariant();
        if (text.Length > 80)
        {
            return SubsectionKind.None;
        }

        if (text.Contains("covid", StringComparison.Ordinal) && text.Contains("challenge", StringComparison.Ordinal))
        {
            return SubsectionKind.CovidChallenges;
        }

        if (text.StartsWith("key challenges", StringComparison.Ordinal) || text.StartsWith("main challenges", StringComparison.Ordinal) || text == "challenges")
        {
            return SubsectionKind.KeyChallenges;
        }

        if (text.Contains("good practice", StringComparison.Ordinal) || text.Contains("promising practice", StringComparison.Ordinal)
            || text.StartsWith("best practice", StringComparison.Ordinal))
        {
            return SubsectionKind.GoodPractices;
        }

        return text.StartsWith("recommendation", StringComparison.Ordinal) || text.StartsWith("key recommendation", StringComparison.Ordinal)
            ? SubsectionKind.Recommendations
            : SubsectionKind.None;
    }

    /// <summary>The objective a section heading names ("Objective 3: ...", "GCM objective no. 3"), if exactly one.</summary>
    public static int? ObjectiveOf(string? heading)
    {
        if (heading is null)
        {
            return null;
        }

        var match = ObjectiveNumber().Match(heading);
        return match.Success && int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 99
            ? number
            : null;
    }

    /// <summary>The number and text of a numbered paragraph line (<c>28.</c>, <c>- 28.</c>, <c>28)</c>, <c>(28)</c>), or null.</summary>
    public static (int Number, string Text)? NumberedLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var match = NumberedParagraph().Match(line);
        if (!match.Success)
        {
            return null;
        }

        var digits = match.Groups["a"].Success ? match.Groups["a"].Value : match.Groups["b"].Value;
        return (int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture), match.Groups["text"].Value.Trim());
    }

    /// <summary>Takes footnote markers out of a paragraph's text: the text without them and the footnotes referred to, in order.</summary>
    public static (string Text, IReadOnlyList<int> Footnotes) WithoutMarkers(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var footnotes = new List<int>();
        var cleaned = FootnoteMarker().Replace(text, match =>
        {
            var digits = match.Groups["caret"].Success
                ? match.Groups["caret"].Value
                : string.Concat(match.Groups["sup"].Value.Select(c => (char)('0' + Superscripts.IndexOf(c, StringComparison.Ordinal))));
            if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && !footnotes.Contains(number))
            {
                footnotes.Add(number);
            }

            return string.Empty;
        });
        return (Spaces().Replace(cleaned, " ").Replace(" .", ".", StringComparison.Ordinal).Replace(" ,", ",", StringComparison.Ordinal).Trim(), footnotes);
    }

    private const string Superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    [GeneratedRegex(@"^\s*(?:[-*•‣◦–]\s+)?(?:\((?<a>\d{1,3})\)|(?<b>\d{1,3})[.)])(?:\s+|$)(?<text>.*)$")]
    private static partial Regex NumberedParagraph();

    [GeneratedRegex(@"^\s*[-*•‣◦–]\s+(?<text>.+)$")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"\bobjective\s+(?:no\.?\s*|#\s*)?(\d{1,2})\b", RegexOptions.IgnoreCase)]
    private static partial Regex ObjectiveNumber();

    [GeneratedRegex(@"^(?:gcm\s+)?objective\s+(?:no\.?\s*)?\d{1,2}(?:\s*[:.\-–—]\s*.*|\s*)$", RegexOptions.IgnoreCase)]
    private static partial Regex ObjectiveHeading();

    [GeneratedRegex(@"^(?:[A-Z]|[IVX]+|\d{1,2})[.)]\s+|^\([a-z]\)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingOrdinal();

    [GeneratedRegex(@"\[\^(?<caret>\d{1,3})\](?!:)|(?<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)")]
    private static partial Regex FootnoteMarker();

    [GeneratedRegex(@"^\s*(?:\[\^(?<n>\d{1,3})\]:|\[(?<n>\d{1,3})\]|\^(?<n>\d{1,3})|(?<n>\d{1,3})[.)]|(?<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]+))\s*(?<text>.*)$")]
    private static partial Regex FootnoteLine();

    [GeneratedRegex(@"^\s*\[\^(?<n>\d{1,3})\]:\s*(?<text>.*)$")]
    private static partial Regex FootnoteDefinition();

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Spaces();

    private static bool IsFootnotesHeading(string text) =>
        text.Trim().TrimEnd(':').Trim().ToLowerInvariant() is "footnotes" or "notes" or "endnotes" or "end notes";

    private static bool IsCapitals(string text) =>
        text.Length <= MaxHeadingLength && text.Count(char.IsLetter) >= 3 && !text.Any(char.IsLower);

    /// <summary>One line read as structure: a heading (with its rank: lower is more important) or body text.</summary>
    private sealed record Heading(string Text, int Level, SubsectionKind Kind, bool Footnotes);

    private sealed class Builder(IReadOnlyList<SourceLine> lines)
    {
        private readonly List<(string? Title, int Level, int? Objective, List<(string? Title, SubsectionKind Kind, List<ParsedParagraph> Paragraphs)> Subsections)> _sections = [];
        private readonly SortedDictionary<int, string> _footnotes = [];
        private readonly List<string> _warnings = [];
        private StringBuilder? _paragraph;
        private int? _paragraphNumber;
        private int? _footnote;
        private bool _sawHeading;

        public SourceDocument Build()
        {
            var headings = new Heading?[lines.Count];
            var previousBlank = true;
            for (var i = 0; i < lines.Count; i++)
            {
                headings[i] = HeadingOf(lines[i], previousBlank);
                previousBlank = lines[i].IsBlank || headings[i] is not null;
            }

            // Everything after the last "Footnotes" heading is footnotes.
            var footnotesFrom = Array.FindLastIndex(headings, h => h is { Footnotes: true });
            if (footnotesFrom >= 0 && headings.Skip(footnotesFrom + 1).Any(h => h is { Level: >= 2 } or { Kind: not SubsectionKind.None }))
            {
                footnotesFrom = -1; // a "Notes" section with more sections after it is an ordinary section
            }

            // The title: a first heading, naming no objective, that outranks every other section heading.
            string? title = null;
            var firstContent = Enumerable.Range(0, lines.Count).FirstOrDefault(i => !lines[i].IsBlank, -1);
            if (firstContent >= 0 && headings[firstContent] is { Kind: SubsectionKind.None, Footnotes: false } first && ObjectiveOf(first.Text) is null)
            {
                var others = headings.Where((h, i) => i != firstContent && h is { Kind: SubsectionKind.None, Footnotes: false }).ToList();
                if (others.Count > 0 && others.All(h => h!.Level > first.Level))
                {
                    title = first.Text;
                    headings[firstContent] = null;
                    lines = [.. lines.Select((l, i) => i == firstContent ? SourceLine.Break : l)];
                }
            }

            for (var i = 0; i < lines.Count; i++)
            {
                if (footnotesFrom >= 0 && i > footnotesFrom)
                {
                    ReadFootnoteLine(lines[i]);
                }
                else if (i == footnotesFrom)
                {
                    EndParagraph();
                }
                else if (headings[i] is { } heading)
                {
                    StartHeading(heading);
                }
                else
                {
                    ReadBodyLine(lines[i]);
                }
            }

            EndParagraph();
            return Finish(title);
        }

        private static Heading? HeadingOf(SourceLine line, bool previousBlank)
        {
            var text = line.Text.Trim();
            if (line.HeadingLevel > 0)
            {
                text = text.TrimEnd(':').Trim();
                return text.Length == 0 ? null : new Heading(text, line.HeadingLevel, SubsectionKindOf(text), IsFootnotesHeading(text));
            }

            if (!previousBlank || line.ListNumber is not null || text.Length == 0 || text.Length > MaxHeadingLength
                || NumberedLine(text) is not null || Bullet().IsMatch(text) || FootnoteDefinition().IsMatch(text))
            {
                return null;
            }

            if (IsFootnotesHeading(text))
            {
                return new Heading(text.TrimEnd(':'), 1, SubsectionKind.None, Footnotes: true);
            }

            if (SubsectionKindOf(text) is not SubsectionKind.None and var kind && !text.TrimEnd().EndsWith('.'))
            {
                return new Heading(text.TrimEnd(':').Trim(), 3, kind, Footnotes: false);
            }

            if (ObjectiveHeading().IsMatch(text))
            {
                return new Heading(text, 2, SubsectionKind.None, Footnotes: false);
            }

            return IsCapitals(text) ? new Heading(text, 1, SubsectionKind.None, Footnotes: false) : null;
        }

        private void StartHeading(Heading heading)
        {
            EndParagraph();
            _sawHeading = true;
            var section = _sections.Count > 0 ? _sections[^1] : default;
            var isSubsection = heading.Kind != SubsectionKind.None || (_sections.Count > 0 && section.Title is not null && heading.Level > section.Level);
            if (isSubsection)
            {
                if (_sections.Count == 0)
                {
                    _sections.Add((null, heading.Level - 1, null, []));
                }

                _sections[^1].Subsections.Add((heading.Text, heading.Kind == SubsectionKind.None ? SubsectionKind.Other : heading.Kind, []));
            }
            else
            {
                _sections.Add((heading.Text, heading.Level, ObjectiveOf(heading.Text), []));
            }
        }

        private void ReadBodyLine(SourceLine line)
        {
            if (line.IsBlank)
            {
                EndParagraph();
                _footnote = null;
                return;
            }

            var text = line.Text;
            if (FootnoteDefinition().Match(text) is { Success: true } definition)
            {
                EndParagraph();
                _footnote = int.Parse(definition.Groups["n"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
                AddFootnote(_footnote.Value, definition.Groups["text"].Value);
                return;
            }

            if (_footnote is { } open && _paragraph is null && text.StartsWith("    ", StringComparison.Ordinal))
            {
                AddFootnote(open, text);
                return;
            }

            _footnote = null;
            if (line.ListNumber is { } listNumber)
            {
                StartParagraph(listNumber, text);
            }
            else if (NumberedLine(text) is { } numbered)
            {
                StartParagraph(numbered.Number, numbered.Text);
            }
            else if (Bullet().Match(text) is { Success: true } bullet)
            {
                StartParagraph(null, bullet.Groups["text"].Value);
            }
            else if (_paragraph is not null)
            {
                _paragraph.Append(' ').Append(text.Trim());
            }
            else
            {
                StartParagraph(null, text);
            }
        }

        private void StartParagraph(int? number, string text)
        {
            EndParagraph();
            _paragraph = new StringBuilder(text.Trim());
            _paragraphNumber = number;
        }

        private void EndParagraph()
        {
            if (_paragraph is null)
            {
                return;
            }

            var (text, footnotes) = WithoutMarkers(_paragraph.ToString());
            _paragraph = null;
            if (text.Length == 0 && _paragraphNumber is null)
            {
                return;
            }

            if (_sections.Count == 0)
            {
                _sections.Add((null, 0, null, []));
            }

            var subsections = _sections[^1].Subsections;
            if (subsections.Count == 0)
            {
                subsections.Add((null, SubsectionKind.None, []));
            }

            subsections[^1].Paragraphs.Add(new ParsedParagraph(_paragraphNumber, text, footnotes));
        }

        private void ReadFootnoteLine(SourceLine line)
        {
            if (line.IsBlank)
            {
                return;
            }

            var match = FootnoteLine().Match(line.Text);
            if (line.ListNumber is { } listNumber)
            {
                _footnote = listNumber;
                AddFootnote(listNumber, line.Text);
            }
            else if (match.Success)
            {
                var digits = match.Groups["n"].Success
                    ? match.Groups["n"].Value
                    : string.Concat(match.Groups["sup"].Value.Select(c => (char)('0' + Superscripts.IndexOf(c, StringComparison.Ordinal))));
                _footnote = int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
                AddFootnote(_footnote.Value, match.Groups["text"].Value);
            }
            else if (_footnote is { } open)
            {
                AddFootnote(open, line.Text);
            }
            else
            {
                Warn($"A line under the footnotes heading has no footnote number and was left out: \"{Shorten(line.Text)}\".");
            }
        }

        private void AddFootnote(int number, string text)
        {
            var trimmed = text.Trim();
            _footnotes[number] = _footnotes.TryGetValue(number, out var before) && before.Length > 0
                ? (trimmed.Length == 0 ? before : $"{before} {trimmed}")
                : trimmed;
        }

        private SourceDocument Finish(string? title)
        {
            var sections = _sections
                .Select(s => new ParsedSection(
                    s.Title,
                    s.Objective,
                    [.. s.Subsections.Where(sub => sub.Title is not null || sub.Paragraphs.Count > 0)
                        .Select(sub => new ParsedSubsection(sub.Title, sub.Kind, [.. sub.Paragraphs]))]))
                .ToList();
            var footnotes = _footnotes.Select(f => new ParsedFootnote(f.Key, f.Value)).ToList();
            var document = new SourceDocument(title, sections, footnotes, _warnings);
            if (document.ParagraphCount > 0 && !document.HasStructure && !_sawHeading)
            {
                _warnings.Insert(0, $"No sections, sub-sections or numbered paragraphs were recognised: the text comes in as {document.ParagraphCount} plain paragraph{(document.ParagraphCount == 1 ? "" : "s")}. Check that this is the report you meant.");
            }

            CheckNumbering(document);
            var referred = document.Entries.SelectMany(e => e.Paragraph.Footnotes).Distinct().Order().ToList();
            var missing = referred.Where(n => !_footnotes.ContainsKey(n)).ToList();
            if (missing.Count > 0)
            {
                Warn($"Footnote{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} referred to but not given in the file.");
            }

            return document with { Warnings = [.. _warnings.Take(MaxWarnings)] };
        }

        private void CheckNumbering(SourceDocument document)
        {
            // A numbering that starts again at 1 (per section, say) is the report's own choice: nothing to say.
            int? previous = null;
            foreach (var entry in document.Entries)
            {
                if (entry.Paragraph.Number is not { } number)
                {
                    continue;
                }

                if (previous is { } last && number != last + 1 && number != 1)
                {
                    Warn(number <= last
                        ? $"¶{number} comes after ¶{last}{Where(entry)}: check the numbering."
                        : $"¶{number} follows ¶{last}{Where(entry)}: {(number == last + 2 ? $"¶{last + 1} is" : $"¶{last + 1} to ¶{number - 1} are")} missing.");
                }

                previous = number;
            }
        }

        private static string Where(ParsedEntry entry) =>
            entry.Section.Title is { } title ? $" (in \"{Shorten(title)}\")" : string.Empty;

        private void Warn(string warning)
        {
            if (_warnings.Count < MaxWarnings)
            {
                _warnings.Add(warning);
            }
        }

        private static string Shorten(string text)
        {
            var trimmed = text.Trim();
            return trimmed.Length <= 60 ? trimmed : $"{trimmed[..57]}...";
        }
    }
}

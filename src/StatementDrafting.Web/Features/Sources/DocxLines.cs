using System.Globalization;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using StatementDrafting.Domain.Sources;

namespace StatementDrafting.Web.Features.Sources;

/// <summary>
/// Reads a Word document (.docx) into the parser's lines: each paragraph of the body is a line followed by a break;
/// heading styles ("Title", "Heading 1" ...) and outline levels give heading levels; a paragraph in a numbered list
/// gets the number Word shows for it, counted from its place in the list (bulleted and lettered lists give none);
/// footnote references become <c>[^n]</c> markers and the footnotes follow under a "Footnotes" heading.
/// </summary>
public static class DocxLines
{
    public const string Unreadable = "The file is not a Word document that can be read (.docx): it may be damaged, protected, or another format renamed.";

    public static IReadOnlyList<SourceLine> Read(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        try
        {
            using var document = WordprocessingDocument.Open(content, isEditable: false);
            var main = document.MainDocumentPart ?? throw new SourceFileException(Unreadable);
            var body = main.Document?.Body ?? throw new SourceFileException(Unreadable);
            var reader = new Reader(main);
            var lines = new List<SourceLine>();
            foreach (var paragraph in body.Descendants<Paragraph>())
            {
                var line = reader.LineOf(paragraph);
                if (line is not null)
                {
                    lines.Add(line);
                    lines.Add(SourceLine.Break);
                }
            }

            var footnotes = reader.Footnotes();
            if (footnotes.Count > 0)
            {
                lines.Add(new SourceLine("Footnotes", 1));
                lines.AddRange(footnotes.Select(f => new SourceLine($"[^{f.Number}]: {f.Text}")));
            }

            return lines;
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or XmlException or FileFormatException or InvalidOperationException or NotSupportedException)
        {
            throw new SourceFileException(Unreadable);
        }
    }

    private sealed class Reader(MainDocumentPart main)
    {
        private readonly Dictionary<string, string> _styleNames = (main.StyleDefinitionsPart?.Styles?.Elements<Style>() ?? [])
            .Where(s => s.StyleId?.Value is not null)
            .GroupBy(s => s.StyleId!.Value!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().StyleName?.Val?.Value ?? g.Key, StringComparer.Ordinal);

        private readonly Dictionary<string, int?> _styleOutline = (main.StyleDefinitionsPart?.Styles?.Elements<Style>() ?? [])
            .Where(s => s.StyleId?.Value is not null)
            .GroupBy(s => s.StyleId!.Value!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().StyleParagraphProperties?.OutlineLevel?.Val?.Value, StringComparer.Ordinal);

        private readonly Dictionary<string, NumberingProperties> _styleNumbering = (main.StyleDefinitionsPart?.Styles?.Elements<Style>() ?? [])
            .Where(s => s.StyleId?.Value is not null && s.StyleParagraphProperties?.NumberingProperties is not null)
            .GroupBy(s => s.StyleId!.Value!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().StyleParagraphProperties!.NumberingProperties!, StringComparer.Ordinal);

        private readonly Dictionary<(int NumId, int Level), int> _counters = [];
        private readonly Dictionary<long, int> _footnoteNumbers = [];

        public SourceLine? LineOf(Paragraph paragraph)
        {
            var text = TextOf(paragraph).Trim();
            var styleId = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value;
            var headingLevel = HeadingLevelOf(styleId, paragraph.ParagraphProperties?.OutlineLevel?.Val?.Value);
            int? number = headingLevel == 0 ? NumberOf(paragraph, styleId) : null;
            if (text.Length == 0)
            {
                return null;
            }

            return new SourceLine(text, headingLevel, number);
        }

        public List<(int Number, string Text)> Footnotes()
        {
            var part = main.FootnotesPart?.Footnotes;
            if (part is null)
            {
                return [];
            }

            var found = new List<(int, string)>();
            foreach (var footnote in part.Elements<Footnote>())
            {
                if (footnote.Id?.Value is { } id && _footnoteNumbers.TryGetValue(id, out var number))
                {
                    var text = string.Join(' ', footnote.Elements<Paragraph>().Select(TextOf).Select(t => t.Trim()).Where(t => t.Length > 0));
                    found.Add((number, text));
                }
            }

            return [.. found.OrderBy(f => f.Item1)];
        }

        /// <summary>Title: 1; "Heading n" (or outline level n-1): n + 1. Relative ranks are all the parser needs.</summary>
        private int HeadingLevelOf(string? styleId, int? outline)
        {
            var name = styleId is not null && _styleNames.TryGetValue(styleId, out var styleName) ? styleName : styleId ?? string.Empty;
            var normalised = name.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
            if (normalised == "title")
            {
                return 1;
            }

            if (normalised.StartsWith("heading", StringComparison.Ordinal)
                && int.TryParse(normalised.AsSpan("heading".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var level) && level is >= 1 and <= 9)
            {
                return level + 1;
            }

            outline ??= styleId is not null && _styleOutline.TryGetValue(styleId, out var styleOutline) ? styleOutline : null;
            return outline is >= 0 and < 9 ? outline.Value + 2 : 0;
        }

        /// <summary>The number Word shows before a paragraph of a decimal list: its place in the list, from the list's start.</summary>
        private int? NumberOf(Paragraph paragraph, string? styleId)
        {
            var numbering = paragraph.ParagraphProperties?.NumberingProperties
                ?? (styleId is not null && _styleNumbering.TryGetValue(styleId, out var fromStyle) ? fromStyle : null);
            var numId = numbering?.NumberingId?.Val?.Value;
            if (numId is null or 0)
            {
                return null;
            }

            var level = numbering!.NumberingLevelReference?.Val?.Value ?? 0;
            var definitions = main.NumberingDefinitionsPart?.Numbering;
            var instance = definitions?.Elements<NumberingInstance>().FirstOrDefault(n => n.NumberID?.Value == numId);
            var abstractId = instance?.AbstractNumId?.Val?.Value;
            var abstractNumbering = definitions?.Elements<AbstractNum>().FirstOrDefault(a => a.AbstractNumberId?.Value == abstractId);
            var levelDefinition = abstractNumbering?.Elements<Level>().FirstOrDefault(l => l.LevelIndex?.Value == level);
            var format = levelDefinition?.NumberingFormat?.Val?.Value;
            var start = instance?.Elements<LevelOverride>().FirstOrDefault(o => o.LevelIndex?.Value == level)?.StartOverrideNumberingValue?.Val?.Value
                ?? levelDefinition?.StartNumberingValue?.Val?.Value
                ?? 1;

            // Deeper levels of the same list start again after a paragraph at this level.
            foreach (var deeper in _counters.Keys.Where(k => k.NumId == numId && k.Level > level).ToList())
            {
                _counters.Remove(deeper);
            }

            var key = (numId.Value, level);
            var value = _counters.TryGetValue(key, out var previous) ? previous + 1 : start;
            _counters[key] = value;
            return format is null || format == NumberFormatValues.Decimal || format == NumberFormatValues.DecimalZero ? value : null;
        }

        private string TextOf(OpenXmlElement element)
        {
            var text = new StringBuilder();
            foreach (var node in element.Descendants())
            {
                switch (node)
                {
                    case Text t:
                        text.Append(t.Text);
                        break;
                    case TabChar or Break or CarriageReturn:
                        text.Append(' ');
                        break;
                    case FootnoteReference reference when reference.Id?.Value is { } id:
                        if (!_footnoteNumbers.TryGetValue(id, out var number))
                        {
                            number = _footnoteNumbers.Count + 1;
                            _footnoteNumbers[id] = number;
                        }

                        text.Append("[^").Append(number.ToString(CultureInfo.InvariantCulture)).Append(']');
                        break;
                }
            }

            return text.ToString();
        }
    }
}

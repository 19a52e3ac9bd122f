namespace StatementDrafting.Domain.Sources;

/// <summary>The sub-sections summary reports have under each objective; <see cref="Other"/> is any other sub-heading.</summary>
public enum SubsectionKind
{
    /// <summary>Paragraphs straight under a section's heading, before any sub-section.</summary>
    None,
    KeyChallenges,
    CovidChallenges,
    GoodPractices,
    Recommendations,
    Other,
}

/// <summary>A paragraph of a source report: its number in the report (none for unnumbered ones), its text without footnote markers, and the footnotes it refers to.</summary>
public sealed record ParsedParagraph(int? Number, string Text, IReadOnlyList<int> Footnotes);

/// <summary>A sub-section (e.g. "Recommendations") and its paragraphs. The untitled one holds what comes before the first sub-heading.</summary>
public sealed record ParsedSubsection(string? Title, SubsectionKind Kind, IReadOnlyList<ParsedParagraph> Paragraphs);

/// <summary>A section of a report (typically one per objective) with the objective it names, if any.</summary>
public sealed record ParsedSection(string? Title, int? ObjectiveNumber, IReadOnlyList<ParsedSubsection> Subsections)
{
    public IEnumerable<ParsedParagraph> Paragraphs => Subsections.SelectMany(s => s.Paragraphs);
}

public sealed record ParsedFootnote(int Number, string Text);

/// <summary>One paragraph with where it sits: its section and sub-section.</summary>
public sealed record ParsedEntry(ParsedSection Section, ParsedSubsection Subsection, ParsedParagraph Paragraph);

/// <summary>
/// A source report split into its structure: sections, sub-sections and paragraphs (numbered as in the report), the
/// footnotes apart, and what the reader should check (<see cref="Warnings"/>). Made by <see cref="SourceParser"/>.
/// </summary>
public sealed record SourceDocument(string? Title, IReadOnlyList<ParsedSection> Sections, IReadOnlyList<ParsedFootnote> Footnotes, IReadOnlyList<string> Warnings)
{
    public IEnumerable<ParsedEntry> Entries =>
        Sections.SelectMany(section => section.Subsections.SelectMany(sub => sub.Paragraphs.Select(p => new ParsedEntry(section, sub, p))));

    public int ParagraphCount => Sections.Sum(s => s.Paragraphs.Count());

    public int NumberedParagraphCount => Sections.Sum(s => s.Paragraphs.Count(p => p.Number is not null));

    public int SubsectionCount => Sections.Sum(s => s.Subsections.Count(sub => sub.Title is not null));

    /// <summary>Whether the parser found any structure at all (a heading or a numbered paragraph).</summary>
    public bool HasStructure => NumberedParagraphCount > 0 || Sections.Any(s => s.Title is not null) || SubsectionCount > 0;
}

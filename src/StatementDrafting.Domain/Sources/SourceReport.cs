namespace StatementDrafting.Domain.Sources;

/// <summary>
/// An earlier report uploaded as source material for one cluster of a consultation (ADR 0014): its title, the file it
/// came from, and its paragraphs and footnotes as the parser split them and the uploader checked them. Stored whole or
/// not at all; never edited afterwards (a corrected report is uploaded again).
/// </summary>
public sealed class SourceReport
{
    public const int MaxFileNameLength = 255;

    private readonly List<SourceParagraph> _paragraphs = [];
    private readonly List<SourceFootnote> _footnotes = [];

    private SourceReport()
    {
        Title = string.Empty;
        FileName = string.Empty;
    }

    public int Id { get; private set; }

    public int ConsultationId { get; private set; }

    public int ClusterNumber { get; private set; }

    /// <summary>How the material is cited: "Report of consultation 4".</summary>
    public string Title { get; private set; }

    public string FileName { get; private set; }

    public DateTimeOffset UploadedAt { get; private set; }

    /// <summary>The account that uploaded it; null when it came from the command line.</summary>
    public string? UploadedBy { get; private set; }

    public IReadOnlyList<SourceParagraph> Paragraphs => _paragraphs;

    public IReadOnlyList<SourceFootnote> Footnotes => _footnotes;

    public static SourceReport From(int consultationId, int clusterNumber, string title, string fileName, SourceDocument document, string? uploadedBy, DateTimeOffset uploadedAt)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (clusterNumber < 1)
        {
            throw new DomainException("Choose the cluster the report is material for.");
        }

        if (document.ParagraphCount == 0)
        {
            throw new DomainException("The report has no paragraphs to keep.");
        }

        var report = new SourceReport
        {
            ConsultationId = consultationId,
            ClusterNumber = clusterNumber,
            Title = Text.Required(title, "report's title", Text.MaxTitleLength),
            FileName = Text.Required(Path.GetFileName(fileName), "file name", MaxFileNameLength),
            UploadedAt = uploadedAt,
            UploadedBy = uploadedBy,
        };
        var position = 0;
        foreach (var entry in document.Entries)
        {
            if (entry.Paragraph.Text.Length > Text.MaxBlockLength)
            {
                throw new DomainException($"Paragraph {(entry.Paragraph.Number is { } n ? $"¶{n}" : position + 1)} is longer than {Text.MaxBlockLength:N0} characters, the most a paragraph of a statement holds.");
            }

            report._paragraphs.Add(new SourceParagraph(position++, entry));
        }

        report._footnotes.AddRange(document.Footnotes.Select(f => new SourceFootnote(f.Number, f.Text)));
        return report;
    }
}

/// <summary>One paragraph of a stored report, with where it sat in the report.</summary>
public sealed class SourceParagraph
{
    private SourceParagraph()
    {
        Text = string.Empty;
        FootnoteNumbers = string.Empty;
    }

    internal SourceParagraph(int position, ParsedEntry entry)
    {
        Position = position;
        Section = entry.Section.Title;
        ObjectiveNumber = entry.Section.ObjectiveNumber;
        Subsection = entry.Subsection.Title;
        SubsectionKind = entry.Subsection.Kind;
        Number = entry.Paragraph.Number;
        Text = entry.Paragraph.Text;
        FootnoteNumbers = string.Join(' ', entry.Paragraph.Footnotes);
    }

    public int Id { get; private set; }

    public int SourceReportId { get; private set; }

    /// <summary>Its place in the report, from 0.</summary>
    public int Position { get; private set; }

    public string? Section { get; private set; }

    public int? ObjectiveNumber { get; private set; }

    public string? Subsection { get; private set; }

    public SubsectionKind SubsectionKind { get; private set; }

    /// <summary>Its number in the report (¶46), or null for an unnumbered paragraph.</summary>
    public int? Number { get; private set; }

    public string Text { get; private set; }

    /// <summary>The footnotes it refers to, space-separated ("3 4").</summary>
    public string FootnoteNumbers { get; private set; }

    public IReadOnlyList<int> Footnotes =>
        [.. FootnoteNumbers.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>
    /// Where the paragraph comes from, as the draft cites it: "report of consultation 4, recommendations on objective 3, ¶46".
    /// </summary>
    public string Citation(string reportTitle)
    {
        ArgumentNullException.ThrowIfNull(reportTitle);
        var parts = new List<string> { reportTitle };
        var subsection = Subsection is { } title ? LowerFirst(title) : null;
        var place = (subsection, ObjectiveNumber, Section) switch
        {
            ({ } s, { } objective, _) => $"{s} on objective {objective}",
            (null, { } objective, _) => $"objective {objective}",
            ({ } s, null, { } section) => $"{s} in \"{section}\"",
            ({ } s, null, null) => s,
            (null, null, { } section) => $"\"{section}\"",
            _ => null,
        };
        if (place is not null)
        {
            parts.Add(place);
        }

        if (Number is { } number)
        {
            parts.Add($"¶{number}");
        }

        return string.Join(", ", parts);
    }

    /// <summary>"Recommendations" reads "recommendations" mid-sentence; "COVID-19" and other capitals stay as they are.</summary>
    private static string LowerFirst(string text) =>
        text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;
}

public sealed class SourceFootnote
{
    private SourceFootnote()
    {
        Text = string.Empty;
    }

    internal SourceFootnote(int number, string text)
    {
        Number = number;
        Text = text;
    }

    public int Id { get; private set; }

    public int SourceReportId { get; private set; }

    public int Number { get; private set; }

    public string Text { get; private set; }
}

/// <summary>
/// Where a paragraph of a draft came from: a source paragraph pulled into a statement, either as a new block
/// (<see cref="BlockId"/>) or as an amendment (<see cref="AmendmentId"/>).
/// </summary>
public sealed class SourceProvenance
{
    private SourceProvenance()
    {
    }

    public int Id { get; private set; }

    public int StatementId { get; private set; }

    public int SourceParagraphId { get; private set; }

    /// <summary>The block the paragraph became, when it was added to the draft directly.</summary>
    public string? BlockId { get; private set; }

    /// <summary>The amendment it was proposed as, when it went through the amendment procedure.</summary>
    public int? AmendmentId { get; private set; }

    public DateTimeOffset At { get; private set; }

    public static SourceProvenance AsBlock(int statementId, int sourceParagraphId, string blockId, DateTimeOffset at) =>
        new() { StatementId = statementId, SourceParagraphId = sourceParagraphId, BlockId = blockId, At = at };

    public static SourceProvenance AsAmendment(int statementId, int sourceParagraphId, int amendmentId, DateTimeOffset at) =>
        new() { StatementId = statementId, SourceParagraphId = sourceParagraphId, AmendmentId = amendmentId, At = at };
}

using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Infrastructure.Markdown;

namespace StatementDrafting.Web.Features.Documents;

/// <summary>What an exported statement holds, whatever the format: its title block and its blocks.</summary>
/// <param name="Context">The lines of the title block under the title (consultation, cluster and objectives).</param>
/// <param name="Stamp">Where the statement stands, e.g. "Draft, revision 57, 7 December 2026" or "Adopted on 4 March 2021 by consensus".</param>
public sealed record ExportedStatement(string Title, IReadOnlyList<string> Context, string Stamp, IReadOnlyList<ExportedBlock> Blocks);

public enum TrackedKind
{
    Same,
    Inserted,
    Deleted,
}

/// <summary>How a block of a document with changes is laid out.</summary>
public enum TrackedStyle
{
    /// <summary>A block of the statement, laid out by its kind.</summary>
    Block,

    /// <summary>A line that introduces a proposal ("Amendment 3 proposes to replace ¶5").</summary>
    Label,

    /// <summary>A proposed version of a block, set apart from the statement's own blocks and outside its numbering.</summary>
    Proposal,
}

/// <summary>A block as changed between two versions: its runs, and whether the whole block was added or removed.</summary>
/// <param name="Number">The paragraph's number (¶n) where the document shows it, else null.</param>
public sealed record TrackedBlock(BlockKind Kind, int HeadingLevel, int? Number, IReadOnlyList<TrackedSpan> Spans, TrackedKind? Whole, TrackedStyle Style = TrackedStyle.Block);

/// <param name="Number">The paragraph's number (¶n) when numbered.</param>
/// <param name="Text">The block's text: inline Markdown (ADR 0004).</param>
public sealed record ExportedBlock(BlockKind Kind, int HeadingLevel, int? Number, string Text);

/// <summary>
/// Writes a statement as a Word document with real Word structure: the title in the Title style, headings in Heading 1
/// to 3, numbered paragraphs in a Word numbered list (so Word renumbers them when a co-host edits the file), emphasis,
/// strong text and links kept as Word formatting and hyperlinks.
/// </summary>
public static class StatementDocx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private const int NumberedList = 1;

    public static byte[] Write(ExportedStatement statement, InlineMarkdown markdown)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(markdown);
        return Package(statement, (main, body) =>
        {
            foreach (var block in statement.Blocks)
            {
                body.Append(Paragraph(block.Kind, block.HeadingLevel, Runs(main, markdown.Spans(block.Text))));
            }
        });
    }

    /// <summary>A Word package with the styles, the numbering, the title block of <paramref name="heading"/>, <paramref name="content"/> and an A4 page.</summary>
    internal static byte[] Package(ExportedStatement heading, Action<MainDocumentPart, Body> content)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            AddStyles(main);
            AddNumbering(main);
            var body = new Body();
            body.Append(Styled("Title", [Plain(heading.Title)]));
            foreach (var line in heading.Context)
            {
                body.Append(Styled("Subtitle", [Plain(line)]));
            }

            body.Append(Styled("Stamp", [Plain(heading.Stamp)]));
            content(main, body);
            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U }, // A4, in twentieths of a point
                new PageMargin { Top = 1440, Bottom = 1440, Left = 1440U, Right = 1440U, Header = 720U, Footer = 720U, Gutter = 0U }));
            main.Document = new Document(body);
            main.Document.Save();
        }

        return stream.ToArray();
    }

    /// <param name="numbering">The Word list a numbered paragraph belongs to (the pre-read pack gives each statement its own).</param>
    internal static Paragraph Paragraph(BlockKind kind, int headingLevel, IEnumerable<OpenXmlElement> content, int numbering = NumberedList) => kind switch
    {
        BlockKind.Heading => Styled($"Heading{Math.Clamp(headingLevel, 1, 3)}", content),
        BlockKind.NumberedParagraph => Numbered(content, numbering),
        _ => Styled("Normal", content),
    };

    /// <summary>
    /// A statement's changes between two versions as a Word document with native tracked changes: inserted words in
    /// <c>w:ins</c>, deleted words in <c>w:del</c>, whole paragraphs added or removed with their paragraph marks, so that
    /// Word can accept or reject each. Every change is attributed to <paramref name="author"/> ("Participant"), never a name.
    /// </summary>
    public static byte[] WriteChanges(ExportedStatement heading, IReadOnlyList<TrackedBlock> blocks, string author, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(heading);
        ArgumentNullException.ThrowIfNull(blocks);
        return Package(heading, (main, body) =>
        {
            var revisions = new Revisions(author, at);
            var links = new Links(main);
            foreach (var block in blocks)
            {
                var content = Runs(links, block.Spans, revisions);
                var paragraph = block.Style switch
                {
                    TrackedStyle.Label => Styled("ProposalLabel", content),
                    TrackedStyle.Proposal => Styled("Proposal", content),
                    _ => Paragraph(block.Kind, block.HeadingLevel, content),
                };
                if (block.Whole is { } whole)
                {
                    // The paragraph mark itself was added or removed: Word then takes or drops the whole paragraph.
                    paragraph.ParagraphProperties!.Append(new ParagraphMarkRunProperties(whole == TrackedKind.Inserted ? revisions.Mark<Inserted>() : revisions.Mark<Deleted>()));
                }

                body.Append(paragraph);
            }
        });
    }

    /// <summary>The tracked changes of one document: each with its own id, all by one author at one time.</summary>
    private sealed class Revisions(string author, DateTime at)
    {
        private int _id;

        /// <summary>A paragraph mark's change.</summary>
        public T Mark<T>()
            where T : TrackChangeType, new() =>
            new() { Id = NextId(), Author = author, Date = at };

        /// <summary>A run's change, holding <paramref name="run"/>.</summary>
        public T Change<T>(Run run)
            where T : RunTrackChangeType, new()
        {
            var change = new T { Id = NextId(), Author = author, Date = at };
            change.Append(run);
            return change;
        }

        private string NextId() => (++_id).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A document's hyperlink relationships, one per target.</summary>
    private sealed class Links(MainDocumentPart main)
    {
        private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);

        public string IdOf(string href)
        {
            if (!_ids.TryGetValue(href, out var id))
            {
                id = main.AddHyperlinkRelationship(new Uri(href, UriKind.Absolute), isExternal: true).Id;
                _ids[href] = id;
            }

            return id;
        }
    }

    internal static Run Plain(string text) => new(new Text(text) { Space = SpaceProcessingModeValues.Preserve });

    internal static Paragraph Styled(string style, IEnumerable<OpenXmlElement> content)
    {
        var paragraph = new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = style }));
        paragraph.Append(content);
        return paragraph;
    }

    private static Paragraph Numbered(IEnumerable<OpenXmlElement> content, int numbering)
    {
        var paragraph = new Paragraph(new ParagraphProperties(
            new ParagraphStyleId { Val = "NumberedParagraph" },
            new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = numbering })));
        paragraph.Append(content);
        return paragraph;
    }

    /// <summary>The spans as runs; a linked span becomes a Word hyperlink to its target (one relationship per target).</summary>
    internal static List<OpenXmlElement> Runs(MainDocumentPart main, IReadOnlyList<InlineSpan> spans) =>
        Runs(new Links(main), TrackedText.All(spans, TrackedKind.Same), revisions: null);

    /// <summary>
    /// Runs with their formatting; inserted runs in <c>w:ins</c>, deleted ones in <c>w:del</c> (their text as
    /// <c>w:delText</c>); a link around the run or the change, as the schema has it.
    /// </summary>
    private static List<OpenXmlElement> Runs(Links links, IReadOnlyList<TrackedSpan> spans, Revisions? revisions)
    {
        var runs = new List<OpenXmlElement>(spans.Count);
        foreach (var (kind, span) in spans)
        {
            var deleted = kind == TrackedKind.Deleted && revisions is not null;
            Run run;
            if (span.LineBreak)
            {
                run = new Run(new Break());
            }
            else
            {
                var properties = new RunProperties();
                if (span.Href is not null)
                {
                    properties.Append(new RunStyle { Val = "Hyperlink" });
                }

                if (span.Strong)
                {
                    properties.Append(new Bold());
                }

                if (span.Emphasis)
                {
                    properties.Append(new Italic());
                }

                run = deleted
                    ? new Run(properties, new DeletedText(span.Text) { Space = SpaceProcessingModeValues.Preserve })
                    : new Run(properties, new Text(span.Text) { Space = SpaceProcessingModeValues.Preserve });
            }

            OpenXmlElement element = revisions is null ? run : kind switch
            {
                TrackedKind.Inserted => revisions.Change<InsertedRun>(run),
                TrackedKind.Deleted => revisions.Change<DeletedRun>(run),
                _ => run,
            };
            runs.Add(span.Href is { } href && !span.LineBreak ? new Hyperlink(element) { Id = links.IdOf(href), History = OnOffValue.FromBoolean(true) } : element);
        }

        return runs;
    }

    private static void AddStyles(MainDocumentPart main)
    {
        var part = main.AddNewPart<StyleDefinitionsPart>();
        var styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = "Calibri", HighAnsi = "Calibri", ComplexScript = "Calibri", EastAsia = "Calibri" },
                    new FontSize { Val = "22" },
                    new Languages { Val = "en-GB" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "160", Line = "276", LineRule = LineSpacingRuleValues.Auto }))));
        styles.Append(ParagraphStyle("Normal", "Normal", basedOn: null, isDefault: true));
        styles.Append(ParagraphStyle("Title", "Title", "Normal", size: 40, bold: true, outline: null));
        styles.Append(ParagraphStyle("Subtitle", "Subtitle", "Normal", size: 22, bold: false, outline: null));
        styles.Append(ParagraphStyle("Stamp", "Status", "Normal", size: 22, bold: true, outline: null));
        styles.Append(ParagraphStyle("Heading1", "heading 1", "Normal", size: 32, bold: true, outline: 0));
        styles.Append(ParagraphStyle("Heading2", "heading 2", "Normal", size: 28, bold: true, outline: 1));
        styles.Append(ParagraphStyle("Heading3", "heading 3", "Normal", size: 24, bold: true, outline: 2));
        styles.Append(ParagraphStyle("NumberedParagraph", "Numbered paragraph", "Normal"));
        styles.Append(ParagraphStyle("ProposalLabel", "Proposal label", "Normal", size: 20, bold: true, outline: null, keepNext: true));
        styles.Append(ParagraphStyle("Proposal", "Proposal", "Normal", indent: 567));
        styles.Append(new Style(
            new StyleName { Val = "Hyperlink" },
            new StyleRunProperties(new Color { Val = "0563C1" }, new Underline { Val = UnderlineValues.Single }))
        { Type = StyleValues.Character, StyleId = "Hyperlink" });
        part.Styles = styles;
        part.Styles.Save();
    }

    private static Style ParagraphStyle(string id, string name, string? basedOn, bool isDefault = false, int? size = null, bool bold = false, int? outline = null, bool keepNext = false, int? indent = null)
    {
        var style = new Style(new StyleName { Val = name }) { Type = StyleValues.Paragraph, StyleId = id };
        if (isDefault)
        {
            style.Default = OnOffValue.FromBoolean(true);
        }

        if (basedOn is not null)
        {
            style.Append(new BasedOn { Val = basedOn });
            style.Append(new NextParagraphStyle { Val = "Normal" });
        }

        style.Append(new PrimaryStyle());
        if (outline is { } level)
        {
            style.Append(new StyleParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = "240", After = "120" }, new OutlineLevel { Val = level }));
        }
        else if (keepNext)
        {
            style.Append(new StyleParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = "120", After = "60" }));
        }
        else if (indent is { } twips)
        {
            var left = twips.ToString(System.Globalization.CultureInfo.InvariantCulture);
            style.Append(new StyleParagraphProperties(
                new ParagraphBorders(new LeftBorder { Val = BorderValues.Single, Size = 12U, Space = 8U, Color = "808080" }),
                new Indentation { Left = left }));
        }

        if (size is not null || bold)
        {
            var run = new StyleRunProperties();
            if (bold)
            {
                run.Append(new Bold());
            }

            if (size is { } half)
            {
                run.Append(new FontSize { Val = half.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            }

            style.Append(run);
        }

        return style;
    }

    /// <summary>One decimal list, "1.", "2.", …, hanging indent: the statement's numbered paragraphs.</summary>
    private static void AddNumbering(MainDocumentPart main)
    {
        var part = main.AddNewPart<NumberingDefinitionsPart>();
        part.Numbering = new Numbering(
            new AbstractNum(
                new MultiLevelType { Val = MultiLevelValues.SingleLevel },
                new Level(
                    new StartNumberingValue { Val = 1 },
                    new NumberingFormat { Val = NumberFormatValues.Decimal },
                    new LevelText { Val = "%1." },
                    new LevelJustification { Val = LevelJustificationValues.Left },
                    new PreviousParagraphProperties(new Indentation { Left = "567", Hanging = "567" }))
                { LevelIndex = 0 })
            { AbstractNumberId = 1 },
            new NumberingInstance(new AbstractNumId { Val = 1 }) { NumberID = NumberedList });
        part.Numbering.Save();
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;
using StatementDrafting.Domain.Sources;

namespace StatementDrafting.Web.Features.Sources;

/// <summary>
/// A parsed report as JSON (the command line's <c>--json</c>, docs/sources.md): counts, warnings, the sections with
/// their sub-sections and numbered paragraphs, and the footnotes apart.
/// </summary>
public sealed record SourceOutline(
    string File,
    string Title,
    int Consultation,
    int Cluster,
    bool Stored,
    int? ReportId,
    SourceOutline.OutlineCounts Counts,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<SourceOutline.OutlineSection> Sections,
    IReadOnlyList<SourceOutline.OutlineFootnote> Footnotes)
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static SourceOutline Of(string file, string title, int consultation, int cluster, SourceDocument document, int? reportId)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new SourceOutline(
            file,
            title,
            consultation,
            cluster,
            reportId is not null,
            reportId,
            new OutlineCounts(
                document.Sections.Count, document.SubsectionCount, document.ParagraphCount, document.NumberedParagraphCount, document.Footnotes.Count),
            document.Warnings,
            [.. document.Sections.Select(s => new OutlineSection(
                s.Title,
                s.ObjectiveNumber,
                [.. s.Subsections.Select(sub => new OutlineSubsection(
                    sub.Title,
                    sub.Kind,
                    [.. sub.Paragraphs.Select(p => new OutlineParagraph(p.Number, p.Text, p.Footnotes))]))]))],
            [.. document.Footnotes.Select(f => new OutlineFootnote(f.Number, f.Text))]);
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public sealed record OutlineCounts(int Sections, int Subsections, int Paragraphs, int NumberedParagraphs, int Footnotes);

    public sealed record OutlineSection(string? Title, int? Objective, IReadOnlyList<OutlineSubsection> Subsections);

    public sealed record OutlineSubsection(string? Title, SubsectionKind Kind, IReadOnlyList<OutlineParagraph> Paragraphs);

    public sealed record OutlineParagraph(int? Number, string Text, IReadOnlyList<int> Footnotes);

    public sealed record OutlineFootnote(int Number, string Text);
}

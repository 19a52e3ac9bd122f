using System.Globalization;
using System.Text;

namespace StatementDrafting.Web.Features.Documents;

/// <summary>What each export format is called on disk and on the wire.</summary>
public static class DocumentFiles
{
    public static string ExtensionOf(ExportFormat format) => format switch
    {
        ExportFormat.Markdown => "md",
        ExportFormat.Html => "html",
        ExportFormat.Pdf => "pdf",
        _ => "docx",
    };

    public static string ContentTypeOf(ExportFormat format) => format switch
    {
        ExportFormat.Markdown => "text/markdown; charset=utf-8",
        ExportFormat.Html => "text/html; charset=utf-8",
        ExportFormat.Pdf => "application/pdf",
        _ => StatementDocx.ContentType,
    };

    /// <summary>The format a URL's extension names ("docx", "md", "html", "pdf").</summary>
    public static ExportFormat FormatOf(string extension) => extension switch
    {
        "md" => ExportFormat.Markdown,
        "html" => ExportFormat.Html,
        "pdf" => ExportFormat.Pdf,
        _ => ExportFormat.Docx,
    };

    /// <summary>A document with changes in <paramref name="format"/>: Word tracked changes, or HTML (printed for PDF) or Markdown with them marked.</summary>
    public static async Task<ExportedFile> ChangesAsync(
        ExportFormat format, string name, ExportedStatement heading, IReadOnlyList<TrackedBlock> blocks, DateTime at, PdfRenderer pdf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        var content = format switch
        {
            ExportFormat.Markdown => System.Text.Encoding.UTF8.GetBytes(StatementText.ChangesMarkdown(heading, blocks)),
            ExportFormat.Html => System.Text.Encoding.UTF8.GetBytes(StatementText.ChangesHtml(heading, blocks)),
            ExportFormat.Pdf => await pdf.PrintAsync(StatementText.ChangesHtml(heading, blocks), cancellationToken),
            _ => StatementDocx.WriteChanges(heading, blocks, ExportStatementChanges.Author, at),
        };
        return new ExportedFile($"{name}.{ExtensionOf(format)}", ContentTypeOf(format), content);
    }

    /// <summary>The title in lower-case ASCII letters and digits joined by hyphens, at most 50 characters ("fifth-consultation"); "consultation-7" when nothing is left.</summary>
    public static string SlugOf(string title, int consultationId)
    {
        ArgumentNullException.ThrowIfNull(title);
        var slug = new StringBuilder();
        foreach (var c in title.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var text = slug.ToString().Trim('-');
        if (text.Length > 50)
        {
            text = text[..50];
            text = text.Contains('-', StringComparison.Ordinal) ? text[..text.LastIndexOf('-')] : text;
        }

        return text.Length > 0 ? text : string.Create(CultureInfo.InvariantCulture, $"consultation-{consultationId}");
    }
}

using System.Text.RegularExpressions;
using UglyToad.PdfPig;

namespace StatementDrafting.Web.Tests.Features.Documents;

/// <summary>
/// Reads a PDF the app printed and checks what every printed document must be: A4 pages, "Page i of n" on each, every
/// font it describes embedded. Returns each page's words, ligatures ("ﬀ") read as the letters they stand for.
/// </summary>
internal static class PrintedPdf
{
    public static IReadOnlyList<string> Read(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var pdf = PdfDocument.Open(content);
        var pages = pdf.GetPages().ToList();
        Assert.NotEmpty(pages);
        Assert.All(pages, p => Assert.Equal((595, 842), ((int)Math.Round(p.Width), (int)Math.Round(p.Height))));
        for (var i = 0; i < pages.Count; i++)
        {
            Assert.Contains($"Page {i + 1} of {pages.Count}", pages[i].Text, StringComparison.Ordinal);
        }

        // Every font the PDF describes carries its font file (Chromium subsets and embeds them).
        var raw = System.Text.Encoding.Latin1.GetString(content);
        var described = Regex.Count(raw, @"/Type\s*/FontDescriptor");
        Assert.True(described > 0, "the PDF should describe its fonts");
        Assert.Equal(described, Regex.Count(raw, "/FontFile[23]?"));
        return [.. pages.Select(p => string.Join(" ", p.GetWords().Select(w => w.Text)).Normalize(System.Text.NormalizationForm.FormKC))];
    }
}

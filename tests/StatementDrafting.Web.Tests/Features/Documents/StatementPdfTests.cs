using StatementDrafting.Web.Features.Documents;
using UglyToad.PdfPig;

namespace StatementDrafting.Web.Tests.Features.Documents;

/// <summary>
/// A statement as PDF, printed by the server's Chromium (the test command installs it; without it this test fails, as
/// it must): A4 pages, fonts embedded, a page number on every page, every paragraph's text in order.
/// </summary>
public sealed class StatementPdfTests : IDisposable
{
    private readonly AppFactory _app = new(demo: true);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_PDF_is_A4_with_embedded_fonts_page_numbers_and_the_text_in_order()
    {
        var stored = await Drafting.StoredStatement.OfClusterAsync(_app, 1);
        var file = (await _app.SendAsAsync("participant2@example.org", m => m.Send(new ExportStatementDocx(stored.Id, ExportFormat.Pdf))))!;

        Assert.Matches(@"^cluster-1-common-statement-draft-\d{4}-\d{2}-\d{2}\.pdf$", file.FileName);
        var pages = PrintedPdf.Read(file.Content);
        Assert.True(pages.Count >= 2, $"a whole statement takes more than one page (got {pages.Count})");
        var text = string.Join(" ", pages);
        var markdown = new StatementDrafting.Web.Infrastructure.Markdown.InlineMarkdown();
        var at = 0;
        foreach (var block in stored.Blocks)
        {
            var firstWords = string.Join(" ", markdown.ToPlainText(block.Text).Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3));
            var found = text.IndexOf(firstWords, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"\"{firstWords}\" should follow in the PDF's text");
            at = found;
        }
    }
}

using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.BrowserTests.Features.Statements;

/// <summary>A participant downloads a statement, and the draft with its open amendments, as Word from their pages; the files open.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class DownloadTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_participant_downloads_the_statement_as_Word_from_its_page()
    {
        var (statementId, title) = await StatementAsync(browser.Server);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"statements/{statementId}");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Word", Exact = true }).ClickAsync());

        Assert.Matches(@"^opening-statement-draft-\d{4}-\d{2}-\d{2}\.docx$", download.SuggestedFilename);
        var path = await download.PathAsync();
        using var document = WordprocessingDocument.Open(path!, false);
        Assert.Equal(title, document.MainDocumentPart!.Document.Body!.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().First().InnerText);
    }

    [Fact]
    public async Task A_participant_downloads_the_draft_with_its_open_amendments_from_the_amendments_page()
    {
        var (statementId, _) = await StatementAsync(browser.Server);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync($"statements/{statementId}/amendments");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Word", Exact = true }).ClickAsync());

        Assert.Matches(@"^opening-statement-draft-with-amendments-\d{4}-\d{2}-\d{2}\.docx$", download.SuggestedFilename);
        using var document = WordprocessingDocument.Open((await download.PathAsync())!, false);
        Assert.Contains("open amendment", document.MainDocumentPart!.Document.Body!.InnerText, StringComparison.Ordinal);
    }

    private static async Task<(int Id, string Title)> StatementAsync(StatementDraftingServer server)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<DraftingDbContext>>().CreateDbContextAsync();
        var statement = await db.Statements.AsNoTracking().OrderBy(s => s.Id).FirstAsync(s => s.Kind == Domain.Statements.StatementKind.Opening);
        return (statement.Id, statement.Title);
    }
}

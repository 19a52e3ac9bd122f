using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.BrowserTests.Features.Statements;

/// <summary>A participant downloads a statement as Word from its page, and the file opens with the statement's title.</summary>
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

    private static async Task<(int Id, string Title)> StatementAsync(StatementDraftingServer server)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<DraftingDbContext>>().CreateDbContextAsync();
        var statement = await db.Statements.AsNoTracking().OrderBy(s => s.Id).FirstAsync(s => s.Kind == Domain.Statements.StatementKind.Opening);
        return (statement.Id, statement.Title);
    }
}

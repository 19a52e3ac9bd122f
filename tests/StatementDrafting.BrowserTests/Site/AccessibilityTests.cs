using System.Text;

using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using StatementDrafting.BrowserTests.Pages;

namespace StatementDrafting.BrowserTests.Site;

[Collection(BrowserTestGroup.Name)]
public sealed class AccessibilityTests(BrowserFixture browser)
{
    private static readonly string[] BlockingImpacts = ["serious", "critical"];

    [Fact]
    public async Task Axe_finds_no_serious_or_critical_violations_on_the_front_cluster_and_statement_pages()
    {
        await using var context = await browser.NewContextAsync(timeZoneId: "America/New_York");
        var page = await context.NewPageAsync();
        var tour = await SiteTour.PathsAsync(page);

        // One page of each kind (axe takes about two seconds a page); the opening statement and a cluster's common
        // statement differ in their breadcrumb and eyebrow, so both are checked.
        string[] paths =
        [
            SiteTour.FrontPage,
            tour.First(p => p.Contains("/clusters/", StringComparison.Ordinal)),
            .. tour.Where(p => p.StartsWith("statements/", StringComparison.Ordinal)).Take(2),
        ];
        Assert.Equal(4, paths.Length);

        var report = new StringBuilder();
        foreach (var path in paths)
        {
            await SiteTour.OpenAsync(page, path);
            var result = await page.RunAxe();
            foreach (var violation in result.Violations.Where(v => BlockingImpacts.Contains(v.Impact)))
            {
                report.AppendLine($"{SiteTour.Describe(path)}: {violation.Id} ({violation.Impact}): {violation.Help} [{violation.HelpUrl}]");
                foreach (var node in violation.Nodes)
                {
                    report.AppendLine($"    {node.Target}: {node.Html}");
                }
            }
        }

        Assert.True(report.Length == 0, "axe-core found serious or critical violations:" + Environment.NewLine + report);
    }

    [Fact]
    public async Task Axe_finds_no_serious_or_critical_violations_in_the_editor_a_co_host_sees()
    {
        await using var context = await browser.NewContextAsync(signedInAs: "cohost1@example.org");
        var page = await context.NewPageAsync();
        var factory = browser.Server.Services.GetRequiredService<IDbContextFactory<StatementDrafting.Web.Infrastructure.Persistence.DraftingDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            await page.GotoAsync($"statements/{await db.Statements.Where(s => s.ClusterNumber == 1).Select(s => s.Id).SingleAsync()}");
        }

        await Microsoft.Playwright.Assertions.Expect(page.Locator("textarea[data-block-id]").First).ToBeEditableAsync();
        var result = await page.RunAxe();
        var report = new StringBuilder();
        foreach (var violation in result.Violations.Where(v => BlockingImpacts.Contains(v.Impact)))
        {
            report.AppendLine($"{violation.Id} ({violation.Impact}): {violation.Help}");
            foreach (var node in violation.Nodes)
            {
                report.AppendLine($"    {node.Target}: {node.Html}");
            }
        }

        Assert.True(report.Length == 0, "axe-core found serious or critical violations in the editor:" + Environment.NewLine + report);
    }

    [Fact]
    public async Task Axe_finds_no_serious_or_critical_violations_on_the_amendments_and_history_pages()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var factory = browser.Server.Services.GetRequiredService<IDbContextFactory<StatementDrafting.Web.Infrastructure.Persistence.DraftingDbContext>>();
        int statement;
        await using (var db = await factory.CreateDbContextAsync())
        {
            statement = await db.Statements.Where(s => s.ClusterNumber == 1).Select(s => s.Id).SingleAsync();
        }

        var report = new StringBuilder();
        await page.GotoAsync($"statements/{statement}/amendments");
        await Microsoft.Playwright.Assertions.Expect(page.Locator("section.amendments[data-live='true']")).ToHaveCountAsync(1);
        await page.GetByLabel("Show").SelectOptionAsync("All");
        await Microsoft.Playwright.Assertions.Expect(page.Locator("li.amendment .badge", new() { HasText = "rejected" }).First).ToBeVisibleAsync();
        await page.GetByText("Propose an amendment").ClickAsync();
        await Check(page, "amendments", report);
        await page.GotoAsync($"statements/{statement}/history?from=0");
        await Microsoft.Playwright.Assertions.Expect(page.Locator("ol.comparison")).ToBeVisibleAsync();
        await Check(page, "history", report);

        Assert.True(report.Length == 0, "axe-core found serious or critical violations:" + Environment.NewLine + report);
    }

    private static async Task Check(Microsoft.Playwright.IPage page, string name, StringBuilder report)
    {
        var result = await page.RunAxe();
        foreach (var violation in result.Violations.Where(v => BlockingImpacts.Contains(v.Impact)))
        {
            report.AppendLine($"{name}: {violation.Id} ({violation.Impact}): {violation.Help}");
            foreach (var node in violation.Nodes)
            {
                report.AppendLine($"    {node.Target}: {node.Html}");
            }
        }
    }
}

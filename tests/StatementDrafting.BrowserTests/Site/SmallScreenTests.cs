using StatementDrafting.BrowserTests.Pages;

namespace StatementDrafting.BrowserTests.Site;

[Collection(BrowserTestGroup.Name)]
public sealed class SmallScreenTests(BrowserFixture browser)
{
    [Fact]
    public async Task No_page_scrolls_sideways_on_a_375_pixel_wide_phone()
    {
        // A reader far from the consultation's zone, so the agenda also shows the longer reader times.
        await using var context = await browser.NewContextAsync(timeZoneId: "America/New_York", width: 375, height: 740);
        var page = await context.NewPageAsync();
        var paths = await SiteTour.PathsAsync(page);
        Assert.Contains(paths, p => p.Contains("/clusters/", StringComparison.Ordinal));
        Assert.Contains(paths, p => p.StartsWith("statements/", StringComparison.Ordinal));

        var overflowing = new List<string>();
        foreach (var path in paths)
        {
            await SiteTour.OpenAsync(page, path);
            var measure = await MeasureAsync(page);
            if (measure.ScrollWidth > measure.InnerWidth)
            {
                overflowing.Add($"{SiteTour.Describe(path)} is {measure.ScrollWidth}px wide in a {measure.InnerWidth}px window; "
                    + $"reaching past the edge: {string.Join(", ", measure.Widest)}");
            }
        }

        Assert.True(overflowing.Count == 0, string.Join(Environment.NewLine, overflowing));
    }

    [Fact]
    public async Task The_editor_fits_a_375_pixel_wide_phone_and_takes_typing_there()
    {
        await using var context = await browser.NewContextAsync(width: 375, height: 740, signedInAs: "cohost1@example.org");
        var page = await context.NewPageAsync();
        var factory = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<StatementDrafting.Web.Infrastructure.Persistence.DraftingDbContext>>(browser.Server.Services);
        await using (var db = await factory.CreateDbContextAsync())
        {
            await page.GotoAsync($"statements/{db.Statements.Where(s => s.ClusterNumber == 1).Select(s => s.Id).Single()}");
        }

        var box = page.Locator("textarea[data-block-id]").Last;
        await Microsoft.Playwright.Assertions.Expect(box).ToBeEditableAsync();
        var measure = await MeasureAsync(page);
        Assert.True(measure.ScrollWidth <= measure.InnerWidth, $"the editor is {measure.ScrollWidth}px wide in a {measure.InnerWidth}px window; reaching past the edge: {string.Join(", ", measure.Widest)}");

        await box.ClickAsync();
        await box.PressAsync("Control+End");
        await page.Keyboard.TypeAsync(" typed on a phone");
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#editor-status")).ToHaveTextAsync("All changes saved");
        await Microsoft.Playwright.Assertions.Expect(box).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("typed on a phone$"));
    }

    [Fact]
    public async Task The_amendments_and_history_pages_fit_a_375_pixel_wide_phone()
    {
        await using var context = await browser.NewContextAsync(width: 375, height: 740);
        var page = await context.NewPageAsync();
        var factory = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<StatementDrafting.Web.Infrastructure.Persistence.DraftingDbContext>>(browser.Server.Services);
        int statement;
        await using (var db = await factory.CreateDbContextAsync())
        {
            statement = db.Statements.Where(s => s.ClusterNumber == 1).Select(s => s.Id).Single();
        }

        foreach (var path in new[] { $"statements/{statement}/amendments", $"statements/{statement}/history?from=0" })
        {
            await page.GotoAsync(path);
            await Microsoft.Playwright.Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
            if (path.EndsWith("amendments", StringComparison.Ordinal))
            {
                await Microsoft.Playwright.Assertions.Expect(page.Locator("section.amendments[data-live='true']")).ToHaveCountAsync(1);
                await page.GetByLabel("Show").SelectOptionAsync("All");
                await Microsoft.Playwright.Assertions.Expect(page.Locator("li.amendment").First).ToBeVisibleAsync();
            }

            var measure = await MeasureAsync(page);
            Assert.True(measure.ScrollWidth <= measure.InnerWidth, $"{path} is {measure.ScrollWidth}px wide in a {measure.InnerWidth}px window; reaching past the edge: {string.Join(", ", measure.Widest)}");
        }
    }

    /// <summary>The window's width, the page's, and the first elements that reach past the window's right edge.</summary>
    private static Task<Measure> MeasureAsync(Microsoft.Playwright.IPage page) => page.EvaluateAsync<Measure>(
        """
        () => {
          const width = window.innerWidth;
          const describe = e => e.tagName.toLowerCase()
            + (e.id ? '#' + e.id : '')
            + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\s+/).join('.') : '');
          const widest = [...document.body.querySelectorAll('*')]
            .filter(e => e.getBoundingClientRect().right > width + 0.5)
            .slice(0, 8)
            .map(describe);
          return { innerWidth: width, scrollWidth: document.documentElement.scrollWidth, widest };
        }
        """);

    /// <summary>What the page measured (Playwright fills it by property name, so it needs setters).</summary>
    private sealed class Measure
    {
        public int InnerWidth { get; set; }

        public int ScrollWidth { get; set; }

        public string[] Widest { get; set; } = [];
    }
}

using Microsoft.Playwright;

using StatementDrafting.BrowserTests.Pages;

using static Microsoft.Playwright.Assertions;

namespace StatementDrafting.BrowserTests.Features.Statements;

[Collection(BrowserTestGroup.Name)]
public sealed class StatementContentsTests(BrowserFixture browser)
{
    /// <summary>How far below the viewport's top edge a heading may land: its scroll margin (1rem) and some slack.</summary>
    private const double NearTheTopPx = 64;

    [Fact]
    public async Task Clicking_a_heading_in_the_contents_scrolls_to_that_heading_on_the_same_page()
    {
        await using var context = await browser.NewContextAsync(width: 1280, height: 600);
        var page = await context.NewPageAsync();
        var home = new HomePage(page);
        await home.GotoAsync();
        var statementPaths = (await home.LinkedPagePathsAsync()).Where(p => p.StartsWith("statements/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(statementPaths);

        // The first statement with a heading far enough down that reaching it takes a real scroll.
        var statement = new StatementPage(page);
        string? statementPath = null;
        (ILocator Link, string Anchor)? target = null;
        foreach (var path in statementPaths)
        {
            await statement.GotoAsync(path);
            statementPath = path;
            target = await HeadingFarDownAsync(statement);
            if (target is not null)
            {
                break;
            }
        }

        Assert.True(target is not null, "No demo statement has a contents heading below the fold that the page can scroll to the top.");
        var (link, anchor) = target.Value;
        var title = await statement.Title.InnerTextAsync();
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        Assert.Equal(0, await page.EvaluateAsync<double>("() => window.scrollY"));

        await link.ClickAsync();

        await Expect(page).ToHaveURLAsync(new Uri(browser.BaseAddress, $"{statementPath}#{anchor}").ToString());
        var heading = statement.Heading(anchor);
        await Expect(heading).ToBeInViewportAsync();
        await page.WaitForFunctionAsync(
            "([id, limit]) => { const top = document.getElementById(id).getBoundingClientRect().top; return top >= 0 && top <= limit; }",
            new object[] { anchor, NearTheTopPx });
        var top = await heading.EvaluateAsync<double>("el => el.getBoundingClientRect().top");
        Assert.InRange(top, 0, NearTheTopPx);
        Assert.True(await page.EvaluateAsync<double>("() => window.scrollY") > 0, "The page did not scroll.");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "Following the contents link loaded another document.");
        await Expect(statement.Title).ToHaveTextAsync(title);
    }

    /// <summary>
    /// The last contents entry whose heading starts below the first screen and can still be scrolled to the top
    /// (the page is long enough below it); null when the statement has none.
    /// </summary>
    private static async Task<(ILocator Link, string Anchor)?> HeadingFarDownAsync(StatementPage statement)
    {
        var links = await statement.ContentsLinks.AllAsync();
        for (var i = links.Count - 1; i >= 0; i--)
        {
            var anchor = await StatementPage.AnchorOfAsync(links[i]);
            var reachable = await statement.Heading(anchor).EvaluateAsync<bool>(
                """
                el => {
                  const top = el.getBoundingClientRect().top + window.scrollY;
                  const maxScroll = document.documentElement.scrollHeight - window.innerHeight;
                  return top > window.innerHeight && top - 16 <= maxScroll;
                }
                """);
            if (reachable)
            {
                return (links[i], anchor);
            }
        }

        return null;
    }
}

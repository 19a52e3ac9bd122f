using Microsoft.Playwright;

namespace StatementDrafting.BrowserTests.Pages;

/// <summary>The pages a reader can reach from the front page: the front page, every cluster and every draft statement.</summary>
public static class SiteTour
{
    public const string FrontPage = "";

    public static async Task<IReadOnlyList<string>> PathsAsync(IPage page)
    {
        var home = new HomePage(page);
        await home.GotoAsync();
        return [FrontPage, .. await home.LinkedPagePathsAsync()];
    }

    /// <summary>Opens a page of the tour and waits until it is complete (on the front page: until the agenda is interactive).</summary>
    public static async Task OpenAsync(IPage page, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path == FrontPage)
        {
            var home = new HomePage(page);
            await home.GotoAsync();
            await home.WaitForReaderZoneAsync();
        }
        else if (path.StartsWith("statements/", StringComparison.Ordinal))
        {
            await new StatementPage(page).GotoAsync(path);
        }
        else
        {
            await new ClusterPage(page).GotoAsync(path);
        }
    }

    public static string Describe(string path) => path == FrontPage ? "the front page" : $"/{path}";
}

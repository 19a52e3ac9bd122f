using Microsoft.Playwright;

namespace StatementDrafting.BrowserTests.Pages;

/// <summary>The consultation's front page: rules, agenda (interactive), clusters and draft statements.</summary>
public sealed class HomePage(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator Title => Page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator Agenda => Page.GetByRole(AriaRole.Region, new() { Name = "Agenda", Exact = true });

    /// <summary>One region per agenda day, named by its heading ("Day 1 · Tuesday 2 March 2021").</summary>
    public ILocator AgendaDays => Agenda.GetByRole(AriaRole.Region);

    /// <summary>
    /// The note the agenda shows once the circuit has connected and the browser has told it the reader's zone:
    /// from then on the reader's own times are on the page.
    /// </summary>
    public ILocator ReaderZoneNote => Page.GetByTestId("reader-zone");

    public ILocator ReaderTimes => Page.GetByTestId("reader-time");

    public ILocator ClusterLinks => Page.GetByRole(AriaRole.Region, new() { Name = "Clusters", Exact = true }).GetByRole(AriaRole.Link);

    public ILocator StatementLinks => Page.GetByRole(AriaRole.Region, new() { Name = "Draft statements", Exact = true }).GetByRole(AriaRole.Link);

    public async Task GotoAsync()
    {
        await Page.GotoAsync("");
        await Assertions.Expect(Title).ToBeVisibleAsync();
    }

    /// <summary>Waits until the agenda has learnt the reader's time zone (the interactive circuit is up).</summary>
    public Task WaitForReaderZoneAsync() => Assertions.Expect(ReaderZoneNote).ToBeVisibleAsync();

    public static ILocator DayHeading(ILocator day) => day.GetByRole(AriaRole.Heading);

    public static ILocator ItemsOf(ILocator day) => day.Locator("li[data-agenda-key]");

    public static ILocator ConsultationTime(ILocator item) => item.GetByTestId("consultation-time");

    public static ILocator ReaderTime(ILocator item) => item.GetByTestId("reader-time");

    /// <summary>The paths (relative to the base address) of every cluster and statement page the front page links to.</summary>
    public async Task<IReadOnlyList<string>> LinkedPagePathsAsync()
    {
        var paths = new List<string>();
        foreach (var links in new[] { ClusterLinks, StatementLinks })
        {
            await Assertions.Expect(links.First).ToBeVisibleAsync();
            foreach (var link in await links.AllAsync())
            {
                if (await link.GetAttributeAsync("download") is not null)
                {
                    continue; // a document to download (the pre-read pack), not a page
                }

                paths.Add(await link.GetAttributeAsync("href") ?? throw new InvalidOperationException("A link on the front page has no href."));
            }
        }

        return paths;
    }
}

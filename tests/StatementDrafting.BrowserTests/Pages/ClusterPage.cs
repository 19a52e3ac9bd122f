using Microsoft.Playwright;

namespace StatementDrafting.BrowserTests.Pages;

/// <summary>A cluster's page: its objectives, the sessions that work on it and its draft statement.</summary>
public sealed class ClusterPage(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator Title => Page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator Objectives => Page.GetByRole(AriaRole.Region, new() { Name = "Objectives", Exact = true });

    public ILocator Sessions => Page.GetByRole(AriaRole.Region, new() { Name = "Sessions", Exact = true });

    public Task GotoAsync(int consultationId, int number) => GotoAsync($"consultations/{consultationId}/clusters/{number}");

    public async Task GotoAsync(string path)
    {
        await Page.GotoAsync(path);
        await Assertions.Expect(Title).ToBeVisibleAsync();
    }
}

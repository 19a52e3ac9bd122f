using Microsoft.Playwright;

namespace StatementDrafting.BrowserTests.Pages;

/// <summary>A draft statement: a contents list beside the text, whose headings and paragraphs carry stable anchors.</summary>
public sealed class StatementPage(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator Title => Page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator Contents => Page.GetByRole(AriaRole.Navigation, new() { Name = "Contents", Exact = true });

    public ILocator ContentsLinks => Contents.GetByRole(AriaRole.Link);

    public ILocator Text => Page.GetByRole(AriaRole.Article, new() { Name = "Statement text", Exact = true });

    /// <summary>The heading a contents link points to, by its anchor ("b-…").</summary>
    public ILocator Heading(string anchor) => Text.Locator($"[id='{anchor}']");

    public async Task GotoAsync(string path)
    {
        await Page.GotoAsync(path);
        await Assertions.Expect(Title).ToBeVisibleAsync();
    }

    /// <summary>The anchor a contents link jumps to: the part of its href after '#'.</summary>
    public static async Task<string> AnchorOfAsync(ILocator contentsLink)
    {
        var href = await contentsLink.GetAttributeAsync("href") ?? string.Empty;
        var hash = href.IndexOf('#', StringComparison.Ordinal);
        return hash >= 0 ? href[(hash + 1)..] : throw new InvalidOperationException($"The contents link '{href}' has no anchor.");
    }
}

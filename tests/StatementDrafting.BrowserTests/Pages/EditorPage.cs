using Microsoft.Playwright;

namespace StatementDrafting.BrowserTests.Pages;

/// <summary>A statement open in the live editor (co-hosts and organisers): one text box per block and a status line.</summary>
public sealed class EditorPage(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator Status => Page.Locator("#editor-status");

    public ILocator Block(string blockId) => Page.Locator($"textarea[data-block-id='{blockId}']");

    public async Task GotoAsync(int statementId, string blockId)
    {
        var problems = new List<string>();
        Page.PageError += (_, e) => problems.Add(e);
        await Page.GotoAsync($"statements/{statementId}");
        try
        {
            await Assertions.Expect(Block(blockId)).ToBeEditableAsync();
        }
        catch (PlaywrightException e)
        {
            var ids = await Page.Locator("textarea[data-block-id]").EvaluateAllAsync<string[]>("ts => ts.map(t => t.dataset.blockId)");
            var bar = await Page.Locator(".live-bar").AllTextContentsAsync();
            var errorUi = await Page.Locator("#blazor-error-ui").IsVisibleAsync();
            throw new InvalidOperationException($"No editable block {blockId} on statement {statementId} (blocks: {string.Join(",", ids)}; bar: {string.Join("/", bar)}; error ui: {errorUi}; page errors: {string.Join(" | ", problems)})", e);
        }
    }

    public Task<string> ValueAsync(string blockId) => Block(blockId).InputValueAsync();

    /// <summary>Where the caret is in a block's text box (UTF-16 code units, as the protocol counts).</summary>
    public Task<int> CaretAsync(string blockId) => Block(blockId).EvaluateAsync<int>("t => t.selectionStart");

    /// <summary>Puts the caret at the start or the end of a block's text box.</summary>
    public async Task PlaceCaretAsync(string blockId, bool atEnd)
    {
        await Block(blockId).FocusAsync();
        await Block(blockId).EvaluateAsync("(t, end) => { const at = end ? t.value.length : 0; t.setSelectionRange(at, at); }", atEnd);
    }

    public Task WaitSavedAsync() => Assertions.Expect(Status).ToHaveTextAsync("All changes saved");
}

using System.Text.Json;
using Microsoft.Playwright;

namespace StatementDrafting.ScaleOutTests.Browsers;

/// <summary>
/// Records every text one paragraph of the statement page shows, in the order shown. A script added before any of the
/// app's runs a MutationObserver on the whole page, and after each batch of changes to the DOM reads the paragraph's
/// text (<c>[id=b-BLOCK] .block__text</c>) and keeps it when it differs from the last one kept. The page itself is
/// the app's, unchanged.
/// </summary>
public static class ParagraphWatch
{
    private const string Script = """
        ((anchor) => {
          const watch = { states: [] };
          window.__paragraphWatch = watch;
          const read = () => {
            const block = document.getElementById(anchor);
            const text = block && block.querySelector('.block__text');
            if (!text) return;
            const now = text.textContent;
            if (watch.states.length === 0 || watch.states[watch.states.length - 1] !== now) watch.states.push(now);
          };
          watch.restart = () => { watch.states = []; read(); return watch.states.length > 0 ? watch.states[0] : null; };
          const start = () => {
            read();
            new MutationObserver(read).observe(document.body, { childList: true, subtree: true, characterData: true });
          };
          if (document.body) start(); else document.addEventListener('DOMContentLoaded', start, { once: true });
        })(ANCHOR);
        """;

    /// <summary>Watches the paragraph <paramref name="blockId"/> on every page the context opens from now on.</summary>
    public static Task AddAsync(IBrowserContext context, string blockId)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.AddInitScriptAsync(Script.Replace("ANCHOR", JsonSerializer.Serialize($"b-{blockId}"), StringComparison.Ordinal));
    }

    /// <summary>Forgets what was shown so far and starts again from the text shown now, which it returns.</summary>
    public static async Task<string> RestartAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return await page.EvaluateAsync<string?>("() => window.__paragraphWatch.restart()")
            ?? throw new InvalidOperationException("The page does not show the paragraph.");
    }

    /// <summary>Every text shown since the last restart, in order (the first is the one shown then).</summary>
    public static async Task<IReadOnlyList<string>> StatesAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return await page.EvaluateAsync<string[]>("() => window.__paragraphWatch.states");
    }
}

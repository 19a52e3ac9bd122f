using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;
using StatementDrafting.LoadTool;

namespace StatementDrafting.ViewerBench;

/// <summary>One viewer page: its own browser context (one account, its cookies) and its page on the statement.</summary>
internal sealed class Viewer(string email, IBrowserContext context, IPage page)
{
    public string Email { get; } = email;

    public IBrowserContext Context { get; } = context;

    public IPage Page { get; } = page;

    /// <summary>From the start of the navigation to the live view's "Live" line (the circuit is up and joined).</summary>
    public double OpenMs { get; set; }

    /// <summary>The run is over and the page is leaving: its closing is not a failure.</summary>
    public bool Leaving { get; set; }

    /// <summary>Why this page stopped counting (crashed, closed, never went live), or null.</summary>
    public string? Failure { get; set; }

    /// <summary>The page's clock minus the tool's, from the closest round trip, and that round trip (ms).</summary>
    public (double Offset, double RoundTrip) Clock { get; set; }
}

/// <summary>
/// One headless Chromium (Debian's, never a downloaded one) holding every viewer page. Each page has a script, added
/// before any of the app's, that stamps the first moment each typist marker is in its DOM: a MutationObserver on the
/// whole body looks for markers in added nodes and changed text and records <c>performance.timeOrigin + performance.now()</c>
/// (epoch milliseconds, the same machine clock as the tool's). The page itself is the app's, unchanged.
/// </summary>
internal sealed class ViewerBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The line the live view shows to those who see the text but not the editor (LiveStatement.razor).</summary>
    public const string LiveLine = "Live: changes appear as they are made.";

    // Playwright adds --headless itself (Headless = true).
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        // Every page counts, visible or not: Chromium must not slow the timers or the rendering of pages in the background.
        "--disable-background-timer-throttling",
        "--disable-renderer-backgrounding",
        "--disable-backgrounding-occluded-windows",
    ];

    /// <summary>Stamps markers as they reach the DOM; counts reconnection events and loads of the document.</summary>
    private const string ObserverScript = """
        (() => {
          const seen = new Map();
          const marker = /⟦c\d{3}-\d{6}⟧/g;
          const now = () => performance.timeOrigin + performance.now();
          const state = { seen, reconnect: [], observing: false };
          window.__viewerBench = state;
          const scan = (text, at) => {
            if (!text || text.indexOf('⟦') < 0) return;
            marker.lastIndex = 0;
            let m;
            while ((m = marker.exec(text)) !== null) {
              if (!seen.has(m[0])) seen.set(m[0], at);
            }
          };
          const start = () => {
            scan(document.body.textContent, 0); // already there when the page came: not timed
            new MutationObserver(records => {
              const at = now();
              for (const r of records) {
                if (r.type === 'characterData') scan(r.target.data, at);
                else for (const n of r.addedNodes) scan(n.textContent, at);
              }
            }).observe(document.body, { childList: true, subtree: true, characterData: true });
            state.observing = true;
          };
          if (document.body) start(); else document.addEventListener('DOMContentLoaded', start, { once: true });
          // Blazor's reconnection events are dispatched on the reconnect banner; capture sees them on their way there.
          document.addEventListener('components-reconnect-state-changed', e => state.reconnect.push(e.detail ? e.detail.state : '?'), true);
        })();
        """;

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private ViewerBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    /// <summary>
    /// Starts Chromium; with <paramref name="nice"/> above 0, through a wrapper that lowers its scheduling priority (and
    /// that of every process it starts), so that the app is served first when the two compete for the cores.
    /// </summary>
    public static async Task<ViewerBrowser> LaunchAsync(int nice = 0)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"The viewers benchmark drives Debian's Chromium at {ChromiumPath}, which is missing: apt-get install -y chromium (never 'playwright install').");
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var executable = ChromiumPath;
            if (nice > 0 && !OperatingSystem.IsWindows())
            {
                executable = Path.Combine(Path.GetTempPath(), $"viewerbench-chromium-nice{nice}.sh");
                File.WriteAllText(executable, $"#!/bin/sh\nexec nice -n {nice} {ChromiumPath} \"$@\"\n");
                File.SetUnixFileMode(executable, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = ChromiumArgs,
            });
            return new ViewerBrowser(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Signs the organiser in with their password, creates a personal link for every participant without one (the
    /// invitations page's button), and reads the usable links from its CSV: e-mail → link.
    /// </summary>
    public async Task<Dictionary<string, string>> InvitationLinksAsync(Uri server, int consultation, string organiser, string password)
    {
        await using var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.ToString() });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        for (var attempt = 1; ; attempt++)
        {
            // Once in a busy run the form post did not lead on within a minute: try again rather than lose the run.
            try
            {
                await page.GotoAsync("account/sign-in");
                await page.GetByLabel("E-mail address").FillAsync(organiser);
                await page.GetByLabel("Password").FillAsync(password);
                await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
                await page.WaitForURLAsync(url => !url.Contains("sign-in", StringComparison.Ordinal), new() { Timeout = 20_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 3)
            {
                Console.Error.WriteLine($"the organiser's sign-in did not lead on (attempt {attempt}; at {page.Url}); again");
            }
        }

        await page.GotoAsync($"consultations/{consultation}/manage/invitations");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create links for everyone without one" }).ClickAsync();
        await page.Locator(".form-success").WaitForAsync();
        var csv = await context.APIRequest.GetAsync($"consultations/{consultation}/manage/invitations.csv");
        await page.GotoAsync("about:blank"); // leaves its circuit (if the page had one) for good
        if (!csv.Ok)
        {
            throw new InvalidOperationException($"The invitations CSV answered {csv.Status}.");
        }

        var lines = (await csv.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        var header = People.SplitCsv(lines[0]);
        var (email, link) = (header.IndexOf("email"), header.IndexOf("link"));
        return lines.Skip(1).Select(People.SplitCsv).ToDictionary(f => f[email], f => f[link], StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A new context for one participant: their personal link signs them in (its cookie stays in the context), then
    /// the statement's page, until the live view says it is live.
    /// </summary>
    public async Task<Viewer> OpenAsync(Uri server, string email, string link, int statementId, TimeSpan timeout)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout((float)timeout.TotalMilliseconds);
        await context.AddInitScriptAsync(ObserverScript);
        var signIn = await context.APIRequest.GetAsync(link, new() { MaxRedirects = 0 });
        if ((await context.CookiesAsync()).All(c => c.Name != "sd.auth"))
        {
            throw new InvalidOperationException($"{email}: following the personal link ({signIn.Status}) gave no sign-in cookie.");
        }

        var page = await context.NewPageAsync();
        var viewer = new Viewer(email, context, page);
        page.Crash += (_, _) => viewer.Failure ??= "the page crashed";
        page.Close += (_, _) => viewer.Failure ??= viewer.Leaving ? null : "the page closed";
        var started = Stopwatch.GetTimestamp();
        await page.GotoAsync($"statements/{statementId}");
        await page.Locator(".live-bar").Filter(new() { HasText = LiveLine }).WaitForAsync();
        viewer.OpenMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return viewer;
    }

    /// <summary>The page's clock against the tool's: the closest of a few round trips.</summary>
    public static async Task<(double Offset, double RoundTrip)> ClockOfAsync(IPage page)
    {
        var best = (Offset: 0.0, RoundTrip: double.MaxValue);
        for (var i = 0; i < 5; i++)
        {
            var before = EpochClock.Now;
            var at = await page.EvaluateAsync<double>("() => performance.timeOrigin + performance.now()");
            var after = EpochClock.Now;
            if (after - before < best.RoundTrip)
            {
                best = (at - ((before + after) / 2), after - before);
            }
        }

        return best;
    }

    /// <summary>How many markers the page has seen so far.</summary>
    public static Task<int> SeenCountAsync(IPage page) => page.EvaluateAsync<int>("() => window.__viewerBench ? window.__viewerBench.seen.size : -1");

    /// <summary>Every marker the page saw with its stamp (0: there when the page came), and its reconnection events.</summary>
    public static async Task<(Dictionary<string, double> Seen, IReadOnlyList<string> Reconnects)> ReadAsync(IPage page)
    {
        var result = await page.EvaluateAsync<JsonElement>("() => ({ seen: [...window.__viewerBench.seen.entries()], reconnect: window.__viewerBench.reconnect })");
        var seen = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var entry in result.GetProperty("seen").EnumerateArray())
        {
            seen[entry[0].GetString()!] = entry[1].GetDouble();
        }

        return (seen, [.. result.GetProperty("reconnect").EnumerateArray().Select(e => e.GetString() ?? "?")]);
    }

    /// <summary>Leaves the page (Blazor tells the server the circuit is over as the document unloads), then closes its context.</summary>
    public static async Task LeaveAsync(Viewer viewer)
    {
        viewer.Leaving = true;
        try
        {
            await viewer.Page.GotoAsync("about:blank");
        }
        catch (PlaywrightException)
        {
            // Crashed or closed already.
        }

        await viewer.Context.CloseAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}

using System.Text;
using Microsoft.Playwright;
using StatementDrafting.ScaleOutTests.Servers;

namespace StatementDrafting.ScaleOutTests.Browsers;

/// <summary>
/// One headless Chromium for a fault test: Debian's, never a downloaded one; a missing one is a failure that names the
/// package, never a skip. Each person has a browser context of their own (their cookies). Contexts have no base
/// address: a page goes to a node by its full address. Cookies belong to a host, not to a port, so a sign-in on one
/// node is sent to the other too, as it would be behind a proxy.
/// </summary>
public sealed class ClusterBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>How long a page action or wait may take: generous, on two cores shared with two app nodes.</summary>
    public const float TimeoutMs = 120_000;

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
        // Every page counts, visible or not: no slower timers or rendering for pages in the background.
        "--disable-background-timer-throttling",
        "--disable-renderer-backgrounding",
        "--disable-backgrounding-occluded-windows",
    ];

    /// <summary>Keeps the states of Blazor's reconnection (dispatched on the reconnect banner; capture sees them on the way), for failure messages.</summary>
    private const string ReconnectLog = """
        window.__reconnectStates = [];
        document.addEventListener('components-reconnect-state-changed', e => window.__reconnectStates.push(e.detail ? e.detail.state : '?'), true);
        """;

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private ClusterBrowser(IPlaywright playwright, IBrowser browser)
    {
        (_playwright, _browser) = (playwright, browser);
    }

    public static async Task<ClusterBrowser> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The fault tests drive Debian's Chromium at {ChromiumPath}, which is missing: install the Debian package 'chromium' "
                + "(scripts/test.sh does so when run as root); do not run 'playwright install'.");
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ChromiumArgs,
            });
            return new ClusterBrowser(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A full address on a node.</summary>
    public static string Address(AppNode node, string path)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new Uri(node.BaseAddress, path).AbsoluteUri;
    }

    /// <summary>Notes on what had to be tried again (a sign-in that did not lead on), for the test's output.</summary>
    public List<string> Retries { get; } = [];

    /// <summary>
    /// A new context signed in with a password on the sign-in page of <paramref name="node"/>, as organisers sign in.
    /// On a busy machine the form's post has been seen not to lead on at all (the benchmarks saw it too): then the
    /// sign-in is tried again, up to three times. A refusal the page shows is a failure at once.
    /// </summary>
    public async Task<IBrowserContext> SignInWithPasswordAsync(AppNode node, string email, string password)
    {
        var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        for (var attempt = 1; ; attempt++)
        {
            await page.GotoAsync(Address(node, "account/sign-in"));
            await page.GetByLabel("E-mail address").FillAsync(email);
            await page.GetByLabel("Password").FillAsync(password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            try
            {
                await page.WaitForURLAsync(url => !url.Contains("sign-in", StringComparison.Ordinal), new() { Timeout = TimeoutMs / 4 });
                break;
            }
            catch (TimeoutException) when (attempt < 3)
            {
                var refusal = await page.EvaluateAsync<string?>("() => document.querySelector('.form-error')?.textContent ?? null");
                if (refusal is not null)
                {
                    throw new InvalidOperationException($"{email} could not sign in on {node.Name}: {refusal}");
                }

                Retries.Add($"{email}'s sign-in on {node.Name} did not lead on (attempt {attempt}, at {page.Url})");
            }
        }

        await page.CloseAsync();
        return context;
    }

    /// <summary>A new context signed in by following a personal link (its path) on <paramref name="node"/>.</summary>
    public async Task<IBrowserContext> SignInByLinkAsync(AppNode node, string linkPath)
    {
        var context = await NewContextAsync();
        var answer = await context.APIRequest.GetAsync(Address(node, linkPath), new() { MaxRedirects = 0 });
        if ((await context.CookiesAsync()).All(c => c.Name != "sd.auth"))
        {
            throw new InvalidOperationException($"Following the personal link {linkPath} on {node.Name} ({answer.Status}) gave no sign-in cookie.");
        }

        return context;
    }

    /// <summary>
    /// As the organiser: creates a personal link for every participant without one (the invitations page's button) and
    /// reads the usable links from its CSV. E-mail → the link's path (to be followed on any node).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> InvitationPathsAsync(IBrowserContext organiser, AppNode node, int consultationId)
    {
        ArgumentNullException.ThrowIfNull(organiser);
        var page = await organiser.NewPageAsync();
        await page.GotoAsync(Address(node, $"consultations/{consultationId}/manage/invitations"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Create links for everyone without one" }).ClickAsync();
        await page.Locator(".form-success").WaitForAsync();
        await page.CloseAsync();
        var csv = await organiser.APIRequest.GetAsync(Address(node, $"consultations/{consultationId}/manage/invitations.csv"));
        if (!csv.Ok)
        {
            throw new InvalidOperationException($"The invitations CSV answered {csv.Status}.");
        }

        var lines = (await csv.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        var header = SplitCsv(lines[0]);
        var (email, link) = (header.IndexOf("email"), header.IndexOf("link"));
        return lines.Skip(1).Select(SplitCsv).ToDictionary(f => f[email], f => new Uri(f[link]).PathAndQuery.TrimStart('/'), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>What a page shows of its state, for failure messages: its address, its reconnection states and its poll panel's messages.</summary>
    public static async Task<string> DescribeAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        try
        {
            return page.Url + " " + await page.EvaluateAsync<string>("""
                () => JSON.stringify({
                  reconnection: window.__reconnectStates,
                  banner: document.getElementById('components-reconnect-modal')?.className,
                  mine: document.querySelector('.adoption__mine')?.textContent,
                  message: document.querySelector('.adoption__message')?.textContent,
                })
                """);
        }
        catch (PlaywrightException e)
        {
            return $"{page.Url} ({e.Message})";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync(); // closes every context and page
        _playwright.Dispose();
    }

    private async Task<IBrowserContext> NewContextAsync()
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(TimeoutMs);
        await context.AddInitScriptAsync(ReconnectLog);
        return context;
    }

    /// <summary>The fields of one CSV line (quoted fields, doubled quotes inside them).</summary>
    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}

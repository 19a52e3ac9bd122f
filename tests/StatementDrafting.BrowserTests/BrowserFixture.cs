using Microsoft.Playwright;

namespace StatementDrafting.BrowserTests;

/// <summary>
/// One running app and one headless Chromium for the whole collection; each test opens its own browser context
/// (its own time zone, viewport, cookies and storage).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>How long an expectation waits: the first render of an interactive component starts a circuit.</summary>
    public const float ExpectTimeoutMs = 15_000;

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
    ];

    private StatementDraftingServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri BaseAddress => _server?.BaseAddress ?? throw new InvalidOperationException("The app has not started.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The browser tests drive Debian's Chromium at {ChromiumPath}, which is missing. "
                + "Install the Debian package chromium (apt-get install -y chromium); do not run 'playwright install'.");
        }

        Assertions.SetDefaultExpectTimeout(ExpectTimeoutMs);
        try
        {
            _server = new StatementDraftingServer();
            _server.Start();
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ChromiumArgs,
            });
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>The participant whom contexts sign in as unless told otherwise: drafts are for members only.</summary>
    public const string DefaultParticipant = "participant1@example.org";

    /// <summary>The demo organiser, signed in with the demo password (personal links never sign in organisers).</summary>
    public const string OrganiserWithPassword = "organiser@example.org";

    public StatementDraftingServer Server => _server ?? throw new InvalidOperationException("The app has not started.");

    /// <summary>
    /// A fresh browser context whose clock reads <paramref name="timeZoneId"/>, at the given viewport, signed in through a
    /// personal invitation link as <paramref name="signedInAs"/> (a participant's e-mail), or not signed in when null.
    /// </summary>
    public Task<IBrowserContext> NewContextAsync(string timeZoneId = "UTC", int width = 1280, int height = 720, string? signedInAs = DefaultParticipant) =>
        NewContextAsync(Server, timeZoneId, width, height, signedInAs);

    /// <summary>The same, for a server of the test's own (one it stops and starts again).</summary>
    public async Task<IBrowserContext> NewContextAsync(StatementDraftingServer server, string timeZoneId = "UTC", int width = 1280, int height = 720, string? signedInAs = DefaultParticipant)
    {
        ArgumentNullException.ThrowIfNull(server);
        var browser = _browser ?? throw new InvalidOperationException("Chromium has not started.");
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString(),
            TimezoneId = timeZoneId,
            Locale = "en-GB",
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(ExpectTimeoutMs);
        if (signedInAs == OrganiserWithPassword)
        {
            // Personal links never sign in organisers or administrators: they use their password, as people do.
            var page = await context.NewPageAsync();
            await page.GotoAsync("account/sign-in");
            await page.GetByLabel("E-mail address").FillAsync(signedInAs);
            await page.GetByLabel("Password").FillAsync(server.DemoPasswordOf(signedInAs));
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.WaitForURLAsync(url => !url.Contains("sign-in", StringComparison.Ordinal));
            await page.CloseAsync();
        }
        else if (signedInAs is not null)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(await server.InvitationPathForAsync(signedInAs));
            await page.CloseAsync();
        }

        return context;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
            _browser = null;
        }

        _playwright?.Dispose();
        _playwright = null;
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserTestGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

using System.Net;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Web.Infrastructure.Identity;

namespace StatementDrafting.Web.Tests.Features.Accounts;

public sealed class SignInTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private readonly AppFactory _app = new(demo: true, settings: new Dictionary<string, string> { ["RateLimits:SignInPerMinute"] = "100" });

    public SignInTests() => _app.CreateClient().Dispose();

    public void Dispose() => _app.Dispose();

    private static Task<(HttpStatusCode Status, AngleSharp.Dom.IDocument Page, Uri? Location)> SignInAsync(HttpClient browser, string email, string password, string returnUrl = "/statements/1") =>
        Forms.SubmitAsync(browser, $"/account/sign-in?returnUrl={Uri.EscapeDataString(returnUrl)}", "form", [("Input.Email", email), ("Input.Password", password)]);

    [Fact]
    public async Task An_organiser_signs_in_with_a_password_returns_to_the_page_asked_for_and_is_audited()
    {
        await _app.SetPasswordAsync("cohost1@example.org", Password);
        using var browser = _app.Browser();

        var (status, _, location) = await SignInAsync(browser, "cohost1@example.org", Password);

        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Equal("/statements/1", Forms.PathOf(location));
        using var statement = await browser.GetAsync(new Uri("/statements/1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, statement.StatusCode);
        Assert.True(await _app.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "SignedIn" && a.Succeeded)));
    }

    [Fact]
    public async Task A_wrong_password_says_so_without_telling_which_part_was_wrong()
    {
        using var browser = _app.Browser();

        var (wrongPassword, page, _) = await SignInAsync(browser, "organiser@example.org", "not the password at all");
        var (unknownAccount, other, _) = await SignInAsync(browser, "nobody@example.org", "not the password at all");

        Assert.Equal(HttpStatusCode.OK, wrongPassword);
        Assert.Equal(HttpStatusCode.OK, unknownAccount);
        Assert.Equal(page.QuerySelector("[role=alert]")!.Text(), other.QuerySelector("[role=alert]")!.Text());
        Assert.True(await _app.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "SignInFailed" && !a.Succeeded)));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_so_the_right_one_no_longer_works()
    {
        await _app.SetPasswordAsync("cohost2@example.org", Password);
        using var browser = _app.Browser();
        for (var i = 0; i < 5; i++)
        {
            await SignInAsync(browser, "cohost2@example.org", $"wrong password number {i}");
        }

        var (status, page, _) = await SignInAsync(browser, "cohost2@example.org", Password);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("locked", page.QuerySelector("[role=alert]")!.Text(), StringComparison.Ordinal);
        using var statement = await browser.GetAsync(new Uri("/statements/1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, statement.StatusCode);
    }

    [Theory]
    [InlineData("//evil.example/steal")]
    [InlineData("https://evil.example/steal")]
    [InlineData("/\\evil.example")]
    public async Task After_signing_in_the_app_never_sends_anyone_to_another_site(string returnUrl)
    {
        await _app.SetPasswordAsync("cohost3@example.org", Password);
        using var browser = _app.Browser();

        var (_, _, location) = await SignInAsync(browser, "cohost3@example.org", Password, returnUrl);

        Assert.Equal("/", Forms.PathOf(location));
    }

    [Fact]
    public async Task Passwords_shorter_than_twelve_characters_are_refused_and_long_ones_need_no_symbols()
    {
        var weak = await Record.ExceptionAsync(() => _app.SetPasswordAsync("cohost4@example.org", "short1!A"));
        await _app.SetPasswordAsync("cohost4@example.org", "only lowercase words here");

        Assert.Contains("at least 12 characters", weak?.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("digit", weak!.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("uppercase", weak.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Signing_out_needs_the_form_and_ends_the_session()
    {
        await _app.SetPasswordAsync("cohost1@example.org", Password);
        using var browser = _app.Browser();
        await SignInAsync(browser, "cohost1@example.org", Password);

        using var forged = await browser.PostAsync(new Uri("/account/sign-out", UriKind.Relative), new FormUrlEncodedContent([]));
        using var stillIn = await browser.GetAsync(new Uri("/statements/1", UriKind.Relative));
        var (status, _, _) = await Forms.SubmitAsync(browser, "/statements/1", "form[action='account/sign-out']", []);
        using var signedOut = await browser.GetAsync(new Uri("/statements/1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
    }
}

public sealed class SignInRateLimitTests : IDisposable
{
    private readonly AppFactory _app = new(demo: true, settings: new Dictionary<string, string> { ["RateLimits:SignInPerMinute"] = "3" });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Sign_in_attempts_beyond_the_limit_are_refused_with_status_429_and_a_retry_time()
    {
        using var browser = _app.Browser();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var (status, _, _) = await Forms.SubmitAsync(browser, "/account/sign-in", "form", [("Input.Email", "organiser@example.org"), ("Input.Password", $"guess number {i}")]);
            statuses.Add(status);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(3, await _app.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Action == "SignInFailed")));
    }
}

/// <summary>Behind the deployment's proxy each client has its own sign-in limit, told apart by the address the proxy forwards.</summary>
public sealed class ForwardedClientTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Sign_in_limits_are_per_forwarded_client_only_when_the_proxy_is_trusted(bool trusted)
    {
        using var app = new AppFactory(demo: true, settings: new Dictionary<string, string>
        {
            ["RateLimits:SignInPerMinute"] = "2",
            ["Site:TrustForwardedHeaders"] = trusted ? "true" : "false",
        });

        async Task<HttpStatusCode> TryAsync(string client)
        {
            using var browser = app.Browser();
            browser.DefaultRequestHeaders.Add("X-Forwarded-For", client);
            var (status, _, _) = await Forms.SubmitAsync(browser, "/account/sign-in", "form", [("Input.Email", "organiser@example.org"), ("Input.Password", "a wrong guess")]);
            return status;
        }

        var first = new[] { await TryAsync("203.0.113.7"), await TryAsync("203.0.113.7"), await TryAsync("203.0.113.7") };
        var other = await TryAsync("198.51.100.20");

        Assert.Equal(HttpStatusCode.TooManyRequests, first[2]);
        Assert.Equal(trusted ? HttpStatusCode.OK : HttpStatusCode.TooManyRequests, other);
    }
}

public sealed class FirstAdministratorTests : IDisposable
{
    private readonly AppFactory _app = new(demo: false);

    public FirstAdministratorTests() => _app.CreateClient().Dispose();

    public void Dispose() => _app.Dispose();

    private async Task<string> KnownSetupSecretAsync(TimeSpan? age = null)
    {
        const string secret = "0123456789abcdef0123456789abcdef0123456789abcdef";
        await _app.QueryAsync(async db =>
        {
            var created = DateTimeOffset.UtcNow - (age ?? TimeSpan.Zero);
            db.SetupTokens.Add(new SetupToken { Hash = AccessToken.HashOf(secret), CreatedAt = created, ExpiresAt = created + FirstAdministrator.LinkLifetime });
            return await db.SaveChangesAsync();
        });
        return secret;
    }

    [Fact]
    public async Task A_server_without_accounts_issues_one_setup_link_and_no_default_account()
    {
        Assert.Equal(0, await _app.QueryAsync(db => db.Users.CountAsync()));
        Assert.Equal(1, await _app.QueryAsync(db => db.SetupTokens.CountAsync(t => t.UsedAt == null)));
    }

    [Fact]
    public async Task The_setup_link_creates_the_first_administrator_once()
    {
        var secret = await KnownSetupSecretAsync();
        using var browser = _app.Browser();

        var (status, _, location) = await Forms.SubmitAsync(browser, $"/setup/{secret}", "form", [("Input.Name", "Ada Admin"), ("Input.Email", "ada@example.org"), ("Input.Password", "a long enough passphrase")]);

        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Equal("/", Forms.PathOf(location));
        var admin = await _app.QueryAsync(db => db.Users.SingleAsync());
        Assert.True(admin.IsAdministrator);
        using var again = await _app.CreateClient().GetAsync(new Uri($"/setup/{secret}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task An_expired_or_unknown_setup_link_does_nothing()
    {
        var expired = await KnownSetupSecretAsync(age: TimeSpan.FromHours(25));

        using var old = await _app.CreateClient().GetAsync(new Uri($"/setup/{expired}", UriKind.Relative));
        using var unknown = await _app.CreateClient().GetAsync(new Uri("/setup/not-a-setup-secret", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.Users.CountAsync()));
    }
}

using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Web.Features.Accounts;

namespace StatementDrafting.Web.Tests.Features.Accounts;

/// <summary>The page where people create and revoke their own personal access tokens.</summary>
public sealed class AccessTokensPageTests : IDisposable
{
    private readonly AppFactory _app = new(demo: true);

    public AccessTokensPageTests() => _app.CreateClient().Dispose();

    public void Dispose() => _app.Dispose();

    private HttpClient WithToken(string secret)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    [Fact]
    public async Task A_new_token_is_shown_once_works_at_once_and_stops_working_when_revoked()
    {
        using var observer = await _app.ClientAsAsync("observer@example.org");

        var (status, created, _) = await Forms.SubmitAsync(observer, "/account/tokens", "form#create-token", [("Name", "rehearsal script"), ("Days", "2")]);

        Assert.Equal(HttpStatusCode.OK, status);
        var secret = created.QuerySelector("#new-token")!.GetAttribute("value")!;
        Assert.StartsWith("sdpat_", secret, StringComparison.Ordinal);
        Assert.Equal("Token", created.QuerySelector("label[for=new-token]")!.Text());
        using (var program = WithToken(secret))
        {
            using var response = await program.GetAsync(new Uri("/account/tokens", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var (_, later) = await Html.GetAsync(observer, "/account/tokens");
        Assert.DoesNotContain(secret, later.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.Contains(later.QuerySelectorAll("tbody th[scope=row]"), th => th.Text() == "rehearsal script");

        var id = await _app.QueryAsync(db => db.AccessTokens.Where(t => t.Name == "rehearsal script").Select(t => t.Id).SingleAsync());
        var (revokedStatus, revoked, _) = await Forms.SubmitAsync(observer, "/account/tokens", "form#revoke-token", [("TokenId", $"{id}")]);
        Assert.Equal(HttpStatusCode.OK, revokedStatus);
        Assert.Contains("revoked", revoked.QuerySelector("[role=status]")!.Text(), StringComparison.Ordinal);
        using var refused = WithToken(secret);
        using var afterRevoke = await refused.GetAsync(new Uri("/account/tokens", UriKind.Relative));
        Assert.NotEqual(HttpStatusCode.OK, afterRevoke.StatusCode);
    }

    [Fact]
    public async Task Nobody_can_revoke_or_even_see_someone_elses_token()
    {
        var mine = await _app.SendAsAsync("participant1@example.org", m => m.Send(new CreateAccessToken("mine", 5)));

        var refused = await Assert.ThrowsAsync<DomainException>(() => _app.SendAsAsync("participant2@example.org", m => m.Send(new RevokeAccessToken(mine.Id))));
        var theirs = await _app.SendAsAsync("participant2@example.org", m => m.Send(new GetAccessTokens()));

        Assert.Equal("You have no such token.", refused.Message);
        Assert.DoesNotContain(theirs, t => t.Id == mine.Id);
        Assert.Null(await _app.QueryAsync(db => db.AccessTokens.Where(t => t.Id == mine.Id).Select(t => t.RevokedAt).SingleAsync()));
    }

    [Theory]
    [InlineData("", 30, "Give the token a name")]
    [InlineData("script", 0, "from 1 to 365 days")]
    [InlineData("script", 366, "from 1 to 365 days")]
    public async Task A_token_without_a_name_or_with_an_impossible_lifetime_is_refused_and_nothing_is_stored(string name, int days, string message)
    {
        var before = await _app.QueryAsync(db => db.AccessTokens.CountAsync());

        var refused = await Assert.ThrowsAsync<StatementDrafting.Web.Infrastructure.Mediator.ValidationFailedException>(() =>
            _app.SendAsAsync("participant1@example.org", m => m.Send(new CreateAccessToken(name, days))));

        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await _app.QueryAsync(db => db.AccessTokens.CountAsync()));
    }

    [Fact]
    public async Task Someone_not_signed_in_is_sent_to_sign_in()
    {
        using var anonymous = _app.Browser();

        using var response = await anonymous.GetAsync(new Uri("/account/tokens", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("account/sign-in", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}

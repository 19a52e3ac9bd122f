using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Infrastructure.Identity;

/// <summary>
/// Signs in programs with a personal access token: <c>Authorization: Bearer sdpat_...</c>, or the <c>access_token</c>
/// query parameter on hub requests (WebSockets cannot carry headers from browsers). The token acts as its owner.
/// </summary>
public sealed class AccessTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDbContextFactory<DraftingDbContext> contexts,
    IServiceProvider services,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AccessToken";

    /// <summary>The token a request carries, if any.</summary>
    public static string? TokenOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer " + AccessToken.Prefix, StringComparison.Ordinal))
        {
            return header["Bearer ".Length..].Trim();
        }

        return request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase)
            && request.Query["access_token"].ToString() is { } query
            && query.StartsWith(AccessToken.Prefix, StringComparison.Ordinal)
            ? query
            : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (TokenOf(Request) is not { } secret)
        {
            return AuthenticateResult.NoResult();
        }

        if (secret.Length > 100)
        {
            return AuthenticateResult.Fail("Malformed access token.");
        }

        var now = clock.GetUtcNow();
        var hash = AccessToken.HashOf(secret);
        await using var db = await contexts.CreateDbContextAsync(Context.RequestAborted);
        var token = await db.AccessTokens.FirstOrDefaultAsync(t => t.Hash == hash, Context.RequestAborted);
        if (token is null || !token.IsUsableAt(now))
        {
            return AuthenticateResult.Fail("The access token is unknown, expired or revoked.");
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == token.UserId, Context.RequestAborted);
        if (user is null || (user.LockoutEnd is { } end && end > now))
        {
            return AuthenticateResult.Fail("The access token's account is locked or gone.");
        }

        token.LastUsedAt = now;
        await db.SaveChangesAsync(Context.RequestAborted);

        var principal = await services.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}

using StatementDrafting.Web.Features.Accounts;

namespace StatementDrafting.Web.Tests.Authorisation.Cases;

/// <summary>Personal access tokens: any signed-in account manages its own, whatever its roles; no one else's.</summary>
public sealed class AccessTokenCases : AuthorisationCases
{
    /// <summary>Every actor but the anonymous one is signed in (the same set as the members here).</summary>
    private static readonly Actor[] SignedIn = [.. Everyone.Where(a => a != Actor.Anonymous)];

    public override IEnumerable<AuthorisationCase> Cases(MatrixWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        yield return AuthorisationCase.For(() => new GetAccessTokens(), SignedIn);
        yield return AuthorisationCase.For(() => new CreateAccessToken("matrix", 1), SignedIn);

        // Token 1 belongs to one account at most: for the others the command answers "no such token", still allowed.
        yield return AuthorisationCase.For(() => new RevokeAccessToken(1), SignedIn);
    }
}

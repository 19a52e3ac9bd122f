using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace StatementDrafting.Web.Infrastructure.Identity;

public static class AppClaims
{
    /// <summary>Present with value "true" on administrators' principals.</summary>
    public const string Administrator = "sd:administrator";
}

/// <summary>Adds our claims to the principal Identity builds at sign-in. The display name is not a claim: it is personal data.</summary>
internal sealed class AppClaimsFactory(UserManager<AppUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user);
        if (user.IsAdministrator)
        {
            identity.AddClaim(new Claim(AppClaims.Administrator, "true"));
        }

        return identity;
    }
}

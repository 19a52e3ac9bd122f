using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Identity;

namespace StatementDrafting.Web.Features.Accounts;

public static class AccountsSetup
{
    /// <summary>Sign-out is a form post (with its antiforgery token), never a link a page could trigger.</summary>
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/sign-out", async (HttpContext context, SignInManager<AppUser> signIns, AuditTrail audit, [FromForm] string? returnUrl) =>
        {
            await audit.RecordAsync(context.User, "SignedOut", null, null, succeeded: true, context.RequestAborted);
            await signIns.SignOutAsync();
            return TypedResults.LocalRedirect(LocalReturnUrl.Of(returnUrl));
        });
        return endpoints;
    }
}

namespace StatementDrafting.Web.Features.Accounts;

/// <summary>Where to go after signing in: only paths on this site, never another host (no open redirects).</summary>
public static class LocalReturnUrl
{
    public static string Of(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl[0] != '/' || returnUrl.StartsWith("//", StringComparison.Ordinal)
            || returnUrl.StartsWith("/\\", StringComparison.Ordinal) || returnUrl.Any(char.IsControl))
        {
            return "/";
        }

        return returnUrl;
    }
}

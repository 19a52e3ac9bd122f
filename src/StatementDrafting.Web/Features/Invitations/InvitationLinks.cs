using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using StatementDrafting.Domain.People;

namespace StatementDrafting.Web.Features.Invitations;

/// <summary>
/// Makes and reads the tokens of personal sign-in links. A token is the invitation's id, encrypted and signed with the
/// app's data-protection keys: it cannot be forged or altered, and it names exactly one invitation. Expiry and
/// revocation are checked against the stored invitation each time the link is followed.
/// </summary>
public sealed class InvitationLinks(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("StatementDrafting.Invitations.v1");

    public string TokenFor(Invitation invitation)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        return _protector.Protect(invitation.Id.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The path of the link, relative to the site's base address.</summary>
    public string PathFor(Invitation invitation) => $"invitations/{TokenFor(invitation)}";

    /// <summary>The invitation a token names, or null when the token was altered, truncated or made with other keys.</summary>
    public int? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 500)
        {
            return null;
        }

        try
        {
            return int.TryParse(_protector.Unprotect(token), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

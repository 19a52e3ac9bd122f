using Microsoft.Extensions.Options;

namespace StatementDrafting.Web.Features.Invitations;

/// <summary>
/// Where people reach the site (<c>Site:PublicAddress</c>, e.g. <c>https://drafting.example.org/</c>). Links that
/// leave the site (personal sign-in links, copied or exported) start with it, so that behind a proxy they never depend
/// on the Host header of the organiser's request. Unset: the address the request came to.
/// </summary>
public sealed class SiteOptions
{
    public const string Section = "Site";

    public string? PublicAddress { get; set; }
}

public sealed class PublicAddress(IOptions<SiteOptions> options)
{
    /// <summary>The configured address ending in '/', or <paramref name="requestBase"/> when none is configured.</summary>
    public string Or(string requestBase)
    {
        ArgumentNullException.ThrowIfNull(requestBase);
        var configured = options.Value.PublicAddress;
        var address = string.IsNullOrWhiteSpace(configured) ? requestBase : configured.Trim();
        return address.EndsWith('/') ? address : address + "/";
    }

    /// <summary>A configured address must be an absolute http or https address; the app refuses to start otherwise.</summary>
    public static bool IsValid(SiteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.PublicAddress)
            || (Uri.TryCreate(options.PublicAddress.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps));
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace StatementDrafting.Web.Infrastructure.Callers;

/// <summary>
/// Who is calling, for the current DI scope, whatever the entry point (see docs/decisions/0003).
/// HTTP requests (including statically rendered pages) and hub invocations set the principal explicitly;
/// a Blazor circuit's scope falls back to the circuit's <see cref="AuthenticationStateProvider"/>.
/// Requests never carry the caller's identity themselves, so it cannot be forged by a client.
/// </summary>
public sealed class CallerContext(IServiceProvider services)
{
    private static readonly ClaimsPrincipal Anonymous = new(new ClaimsIdentity());
    private ClaimsPrincipal? _principal;

    public void Set(ClaimsPrincipal principal) => _principal = principal;

    public async ValueTask<ClaimsPrincipal> GetPrincipalAsync()
    {
        if (_principal is not null)
        {
            return _principal;
        }

        var provider = services.GetService<AuthenticationStateProvider>();
        return provider is null ? Anonymous : (await provider.GetAuthenticationStateAsync()).User;
    }
}

public static class CallerContextSetup
{
    /// <summary>Gives every HTTP request's scope the request's user as its caller.</summary>
    public static IApplicationBuilder UseCallerContext(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.RequestServices.GetRequiredService<CallerContext>().Set(context.User);
            return next(context);
        });
}

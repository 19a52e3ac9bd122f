using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace StatementDrafting.Web.Infrastructure.Callers;

/// <summary>
/// Who is calling, for the current DI scope, whatever the entry point (see docs/decisions/0003-caller-identity.md).
/// Each entry point sets it once for its scope: middleware for HTTP requests (including statically rendered pages),
/// a circuit handler for Blazor circuits (and again whenever the circuit's authentication state changes),
/// a hub filter for hub invocations. Requests never carry the caller's identity themselves, so a client cannot forge it.
/// A scope that no entry point set (a background job) calls anonymously: it can do only what anyone may.
/// </summary>
public sealed class CallerContext
{
    private static readonly ClaimsPrincipal Anonymous = new(new ClaimsIdentity());

    public ClaimsPrincipal User { get; private set; } = Anonymous;

    public bool IsSignedIn => User.Identity?.IsAuthenticated == true;

    /// <summary>The signed-in caller's account id; a caller who is not signed in is asked to sign in.</summary>
    public string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new Authorisation.NotSignedInException();

    public void Set(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        User = user;
    }
}

/// <summary>Gives a Blazor circuit's scope its user when the circuit opens, and follows sign-in changes.</summary>
internal sealed class CallerCircuitHandler(CallerContext caller, AuthenticationStateProvider authentication) : CircuitHandler, IDisposable
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        caller.Set((await authentication.GetAuthenticationStateAsync()).User);
        authentication.AuthenticationStateChanged += OnChanged;
    }

    public void Dispose() => authentication.AuthenticationStateChanged -= OnChanged;

    private async void OnChanged(Task<AuthenticationState> state)
    {
        try
        {
            caller.Set((await state).User);
        }
        catch (InvalidOperationException)
        {
            caller.Set(new ClaimsPrincipal(new ClaimsIdentity()));
        }
    }
}

public static class CallerContextSetup
{
    public static IServiceCollection AddCallerContext(this IServiceCollection services)
    {
        services.AddScoped<CallerContext>();
        services.AddScoped<CircuitHandler, CallerCircuitHandler>();
        return services;
    }

    /// <summary>Gives every HTTP request's scope the request's user as its caller.</summary>
    public static IApplicationBuilder UseCallerContext(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.RequestServices.GetRequiredService<CallerContext>().Set(context.User);
            return next(context);
        });
}

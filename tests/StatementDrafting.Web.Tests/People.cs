using System.Net;
using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Identity;

namespace StatementDrafting.Web.Tests;

/// <summary>
/// Acting as a person in tests: sending requests through the real pipeline as an account, reading someone's
/// participation, giving an account a password and signing in with it through the sign-in form.
/// </summary>
internal static class People
{
    /// <summary>The demo's organiser (and administrator).</summary>
    public const string Organiser = "organiser@example.org";

    /// <summary>The id of the first consultation (the only one in most tests).</summary>
    public static Task<int> ConsultationIdAsync(this AppFactory app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.QueryAsync(db => db.Consultations.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync());
    }

    /// <summary>Sends a request through the real pipeline as the account with this e-mail address (null: anonymously).</summary>
    public static async Task<T> SendAsAsync<T>(this AppFactory app, string? email, Func<IMediator, ValueTask<T>> send)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(send);
        await using var scope = app.Services.CreateAsyncScope();
        if (email is not null)
        {
            scope.ServiceProvider.GetRequiredService<CallerContext>().Set(await PrincipalAsync(scope.ServiceProvider, email));
        }

        return await send(scope.ServiceProvider.GetRequiredService<IMediator>());
    }

    /// <summary>The principal the app makes for the account with this e-mail address when it signs in.</summary>
    public static async Task<ClaimsPrincipal> PrincipalAsync(this AppFactory app, string email)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        return await PrincipalAsync(scope.ServiceProvider, email);
    }

    /// <summary>
    /// The participation of the account with this e-mail address: in <paramref name="consultationId"/>, or, when null, its
    /// only one.
    /// </summary>
    public static Task<Participation> ParticipationOfAsync(this AppFactory app, string email, int? consultationId = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.QueryAsync(async db =>
        {
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            return await db.Participations.AsNoTracking()
                .SingleAsync(p => p.UserId == userId && (consultationId == null || p.ConsultationId == consultationId));
        });
    }

    /// <summary>Gives the account a known password, so a test can sign in with it through the sign-in form.</summary>
    public static async Task SetPasswordAsync(this AppFactory app, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"There is no account {email}.");
        await users.RemovePasswordAsync(user);
        var added = await users.AddPasswordAsync(user, password);
        if (!added.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", added.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>Signs in through the password form; returns a browser-like client holding the sign-in cookie.</summary>
    public static async Task<HttpClient> SignInAsync(this AppFactory app, string email, string password)
    {
        var client = app.Browser();
        var (status, page, _) = await Forms.SubmitAsync(client, "/account/sign-in", "main form", [("Input.Email", email), ("Input.Password", password)]);
        if (status != HttpStatusCode.Redirect)
        {
            client.Dispose();
            throw new InvalidOperationException($"Signing in as {email} answered {status}: {page.QuerySelector("[role=alert]")?.TextContent}");
        }

        return client;
    }

    private static async Task<ClaimsPrincipal> PrincipalAsync(IServiceProvider services, string email)
    {
        var user = await services.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email)
            ?? throw new InvalidOperationException($"There is no account {email}.");
        return await services.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
    }
}

using System.Net;
using AngleSharp.Dom;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Identity;

namespace StatementDrafting.Web.Tests.Features.Invitations;

/// <summary>
/// Acting as a person in tests: sending requests through the real pipeline as an account, following links with a
/// browser-like client that keeps cookies, and submitting a statically rendered form the way a browser does.
/// </summary>
internal static class AsPerson
{
    public const string Organiser = "organiser@example.org";

    public static Task<int> ConsultationIdAsync(this AppFactory app) =>
        app.QueryAsync(db => db.Consultations.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync());

    /// <summary>Sends a request as the account with this e-mail address (null: anonymously).</summary>
    public static async Task<T> SendAsAsync<T>(this AppFactory app, string? email, Func<IMediator, ValueTask<T>> send)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(send);
        await using var scope = app.Services.CreateAsyncScope();
        if (email is not null)
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email)
                ?? throw new InvalidOperationException($"There is no account {email}.");
            var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
            scope.ServiceProvider.GetRequiredService<CallerContext>().Set(principal);
        }

        return await send(scope.ServiceProvider.GetRequiredService<IMediator>());
    }

    public static Task<Participation> ParticipationOfAsync(this AppFactory app, string email, int consultationId) =>
        app.QueryAsync(async db =>
        {
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            return await db.Participations.AsNoTracking().SingleAsync(p => p.UserId == userId && p.ConsultationId == consultationId);
        });

    /// <summary>A client like a browser: it keeps cookies and does not follow redirects, so tests see each answer.</summary>
    public static HttpClient Browser(this AppFactory app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>
    /// Submits the form matched by <paramref name="formSelector"/> on the page at <paramref name="path"/>: its hidden
    /// fields (antiforgery token, form name) plus <paramref name="fields"/> (the inputs and the pressed button).
    /// </summary>
    public static async Task<(HttpStatusCode Status, IDocument Page)> SubmitAsync(HttpClient client, string path, string formSelector, params (string Name, string Value)[] fields)
    {
        ArgumentNullException.ThrowIfNull(client);
        var (status, page) = await Html.GetAsync(client, path);
        var form = page.QuerySelector(formSelector)
            ?? throw new InvalidOperationException($"No form '{formSelector}' on {path} (answered {status}).");
        var values = form.QuerySelectorAll("input[type=hidden]")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? string.Empty))
            .Concat(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)))
            .ToList();
        using var content = new FormUrlEncodedContent(values);
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
        return (response.StatusCode, await Html.ParseAsync(await response.Content.ReadAsStringAsync()));
    }
}

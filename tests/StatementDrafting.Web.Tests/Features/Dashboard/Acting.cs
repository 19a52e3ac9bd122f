using System.Net;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Identity;

namespace StatementDrafting.Web.Tests.Features.Dashboard;

/// <summary>Helpers for the dashboard and audit tests: send a request as an account, read presence, post a page's form.</summary>
internal static class Acting
{
    /// <summary>Sends a request through the real pipeline as the account with this e-mail (null: anonymously).</summary>
    public static async Task<T> SendAsAsync<T>(this AppFactory app, string? email, Func<IMediator, ValueTask<T>> send)
    {
        await using var scope = app.Services.CreateAsyncScope();
        if (email is not null)
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var principals = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
            var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No account {email}.");
            scope.ServiceProvider.GetRequiredService<CallerContext>().Set(await principals.CreateAsync(user));
        }

        return await send(scope.ServiceProvider.GetRequiredService<IMediator>());
    }

    public static Task<int> ConsultationIdAsync(this AppFactory app) => app.QueryAsync(db => db.Consultations.Select(c => c.Id).SingleAsync());

    public static Task<Participation> ParticipationOfAsync(this AppFactory app, string email) =>
        app.QueryAsync(async db =>
        {
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            return await db.Participations.AsNoTracking().SingleAsync(p => p.UserId == userId);
        });

    public static async Task<IReadOnlyList<PresenceMark>> PresenceOfAsync(this AppFactory app, string email) =>
        [.. (await app.ParticipationOfAsync(email)).Presence];

    /// <summary>Every day's agenda window as instants: from its first item's start to its last item's end.</summary>
    public static Task<IReadOnlyList<(DateTimeOffset Starts, DateTimeOffset Ends)>> AgendaWindowsAsync(this AppFactory app) =>
        app.QueryAsync(async db =>
        {
            var consultation = await db.Consultations.AsNoTracking().Include(c => c.Days).ThenInclude(d => d.Items).SingleAsync();
            var zone = consultation.TimeZone;
            return (IReadOnlyList<(DateTimeOffset, DateTimeOffset)>)[.. consultation.Days.OrderBy(d => d.Number).Select(d => (
                ZonedTime.ToInstant(d.Date, d.Items.Min(i => i.Start), zone),
                ZonedTime.ToInstant(d.Date, d.Items.Max(i => i.End), zone)))];
        });

    /// <summary>
    /// Submits a statically rendered form of the page at <paramref name="path"/> the way a browser would: its hidden
    /// fields (the antiforgery token and the form's name among them) plus <paramref name="fields"/> (inputs, the pressed
    /// button), to the form's action or, without one, back to the page.
    /// </summary>
    public static async Task<(HttpStatusCode Status, AngleSharp.Dom.IDocument Document, Uri? Location)> SubmitAsync(
        HttpClient client, string path, string formSelector, params (string Name, string Value)[] fields)
    {
        ArgumentNullException.ThrowIfNull(client);
        var (_, page) = await Html.GetAsync(client, path);
        var form = page.QuerySelector(formSelector) ?? throw new InvalidOperationException($"No form {formSelector} on {path}.");
        var values = form.QuerySelectorAll("input[type=hidden]")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? string.Empty))
            .Concat(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)))
            .ToList();
        var action = form.GetAttribute("action") is { Length: > 0 } a ? "/" + a.TrimStart('/') : path;
        using var content = new FormUrlEncodedContent(values);
        using var response = await client.PostAsync(new Uri(action, UriKind.Relative), content);
        return (response.StatusCode, await Html.ParseAsync(await response.Content.ReadAsStringAsync()), response.Headers.Location);
    }

    /// <summary>Gives the account a known password, so a test can sign in with it through the sign-in form.</summary>
    public static async Task SetPasswordAsync(this AppFactory app, string email, string password)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No account {email}.");
        await users.RemovePasswordAsync(user);
        var added = await users.AddPasswordAsync(user, password);
        if (!added.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", added.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>Signs in through the password form; returns a client holding the sign-in cookie.</summary>
    public static async Task<HttpClient> SignInAsync(this AppFactory app, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(app);
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var (status, page, _) = await SubmitAsync(client, "/account/sign-in", "main form", ("Input.Email", email), ("Input.Password", password));
        if (status != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Signing in as {email} answered {status}: {page.QuerySelector("[role=alert]")?.TextContent}");
        }

        return client;
    }
}

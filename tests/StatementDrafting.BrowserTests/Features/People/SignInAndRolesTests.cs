using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StatementDrafting.Web.Infrastructure.Persistence;

using static Microsoft.Playwright.Assertions;

namespace StatementDrafting.BrowserTests.Features.People;

/// <summary>The two ways in: a participant's personal link, and an organiser's password.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class SignInAndRolesTests(BrowserFixture browser)
{
    private const string Invitee = "participant4@example.org";

    private async Task<(int ConsultationId, string Pseudonym)> ParticipationOfAsync(string email)
    {
        var factory = browser.Server.Services.GetRequiredService<IDbContextFactory<DraftingDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var participation = await db.Participations.SingleAsync(p => p.UserId == userId);
        return (participation.ConsultationId, participation.Pseudonym);
    }

    [Fact]
    public async Task An_invited_participant_follows_the_link_lands_signed_in_sees_their_pseudonym_and_cannot_open_organiser_pages()
    {
        await using var context = await browser.NewContextAsync(signedInAs: null);
        var page = await context.NewPageAsync();
        var (consultationId, pseudonym) = await ParticipationOfAsync(Invitee);

        await page.GotoAsync(await browser.Server.InvitationPathForAsync(Invitee));

        await Expect(page).ToHaveURLAsync(new Uri(browser.BaseAddress, $"consultations/{consultationId}").ToString());
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();

        await page.GotoAsync($"consultations/{consultationId}/me");
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync(pseudonym);

        foreach (var organiserPage in new[] { "manage/registrations", "manage/dashboard", "manage/settings" })
        {
            var response = await page.GotoAsync($"consultations/{consultationId}/{organiserPage}");
            Assert.Equal(403, response!.Status);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("You cannot open this page");
        }
    }

    [Fact]
    public async Task An_organiser_signs_in_with_the_demo_password_and_sees_the_participation_dashboard()
    {
        await using var context = await browser.NewContextAsync(signedInAs: null);
        var page = await context.NewPageAsync();
        var (consultationId, _) = await ParticipationOfAsync("participant1@example.org");

        await page.GotoAsync($"consultations/{consultationId}/manage/dashboard");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("account/sign-in"));
        await page.GetByLabel("E-mail address").FillAsync("organiser@example.org");
        await page.GetByLabel("Password").FillAsync(browser.Server.DemoPasswordOf("organiser@example.org"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Uri(browser.BaseAddress, $"consultations/{consultationId}/manage/dashboard").ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("Approved");
    }
}

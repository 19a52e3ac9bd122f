using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StatementDrafting.Web.Infrastructure.Persistence;

using static Microsoft.Playwright.Assertions;

namespace StatementDrafting.BrowserTests.Features.Invitations;

/// <summary>The organisers' invitations page in a real browser: the link field gains a working Copy button.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class CopyInvitationLinkTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_organiser_copies_a_participants_personal_link_with_the_copy_button()
    {
        await using var context = await browser.NewContextAsync(signedInAs: null, width: 375, height: 800);
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = browser.BaseAddress.ToString().TrimEnd('/') });
        var page = await context.NewPageAsync();
        var factory = browser.Server.Services.GetRequiredService<IDbContextFactory<DraftingDbContext>>();
        int consultationId;
        await using (var db = await factory.CreateDbContextAsync())
        {
            consultationId = await db.Consultations.Select(c => c.Id).FirstAsync();
        }

        await page.GotoAsync($"consultations/{consultationId}/manage/invitations");
        await page.GetByLabel("E-mail address").FillAsync("organiser@example.org");
        await page.GetByLabel("Password").FillAsync(browser.Server.DemoPasswordOf("organiser@example.org"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Personal sign-in links");

        var field = page.GetByLabel("Link for Anjali Ramaswamy");
        var link = await field.InputValueAsync();
        Assert.Contains("/invitations/", link, StringComparison.Ordinal);
        var card = page.Locator("ul.invitees > li").Filter(new() { Has = field });
        await card.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();

        await Expect(card.GetByRole(AriaRole.Status)).ToHaveTextAsync("Copied.");
        Assert.Equal(link, await page.EvaluateAsync<string>("navigator.clipboard.readText()"));
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The page scrolls sideways at 375 px.");
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.BrowserTests.Features.Polls;

/// <summary>
/// A whole adoption in real browsers: the chair puts cluster 3's statement to the plenary, three participants respond
/// on three pages (one changes their mind), the chair closes, and everyone sees the outcome live and a text that no
/// longer takes changes.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class AdoptionTests(BrowserFixture browser)
{
    private const string Chair = "organiser@example.org";

    [Fact]
    public async Task The_chair_opens_three_participants_respond_the_chair_closes_and_everyone_sees_the_statement_adopted()
    {
        var statementId = await PrepareAsync(browser.Server);
        await using var chairContext = await browser.NewContextAsync(signedInAs: Chair);
        var chair = await chairContext.NewPageAsync();
        await chair.GotoAsync($"statements/{statementId}");
        var adoption = chair.Locator("section.adoption");
        await Assertions.Expect(adoption).ToContainTextAsync("nobody objects");
        var projector = await chairContext.NewPageAsync();
        await projector.GotoAsync($"statements/{statementId}/projector");
        await Assertions.Expect(projector.Locator(".live-bar")).ToContainTextAsync("Live");

        var participants = new List<(IBrowserContext Context, IPage Page)>();
        foreach (var email in new[] { "participant1@example.org", "participant2@example.org", "participant3@example.org" })
        {
            var context = await browser.NewContextAsync(signedInAs: email);
            var page = await context.NewPageAsync();
            await page.GotoAsync($"statements/{statementId}");
            await Assertions.Expect(page.Locator(".live-bar")).ToContainTextAsync("Live");
            participants.Add((context, page));
        }

        try
        {
            await chair.GetByRole(AriaRole.Button, new() { Name = "Put this statement to the plenary for adoption" }).ClickAsync();
            await Assertions.Expect(adoption.Locator(".adoption__status")).ToContainTextAsync("Up for adoption");
            var fingerprint = await adoption.Locator(".adoption__fingerprint code").TextContentAsync();
            Assert.Matches("^[0-9a-f]{64}$", fingerprint);

            // Each participant sees the poll arrive with the same fingerprint, and the text locked.
            var choices = new[] { "Support", "Can live with it", "Object" };
            for (var i = 0; i < participants.Count; i++)
            {
                var page = participants[i].Page;
                await Assertions.Expect(page.Locator(".adoption__fingerprint code")).ToHaveTextAsync(fingerprint!);
                await Assertions.Expect(page.Locator(".live-bar")).ToContainTextAsync("Locked");
                await page.GetByLabel(choices[i], new() { Exact = true }).CheckAsync();
                if (choices[i] == "Object")
                {
                    await page.GetByLabel("Reason", new() { Exact = false }).FillAsync("Not yet: paragraph 2 needs a source.");
                }

                await page.GetByRole(AriaRole.Button, new() { Name = "Respond" }).ClickAsync();
                await Assertions.Expect(page.Locator(".adoption__mine")).ToContainTextAsync($"Recorded: {choices[i]}");
            }

            // The third changes their mind before the close.
            var third = participants[2].Page;
            await third.GetByLabel("Can live with it", new() { Exact = true }).CheckAsync();
            await third.GetByRole(AriaRole.Button, new() { Name = "Change the response" }).ClickAsync();
            await Assertions.Expect(third.Locator(".adoption__mine")).ToContainTextAsync("Recorded: Can live with it");

            // Three responses are fewer than a step of five: the chair's counts have not moved yet. The projector, shared
            // from the chair's own computer, shows the same count and the fingerprint, never the chair's counts.
            await Assertions.Expect(adoption.Locator(".adoption__count")).ToContainTextAsync("Responses so far: 0");
            await Assertions.Expect(projector.Locator(".adoption__fingerprint code")).ToHaveTextAsync(fingerprint!);
            await Assertions.Expect(projector.Locator(".adoption__count")).ToHaveTextAsync("Responses so far: 0");
            await Assertions.Expect(projector.Locator(".adoption__tally")).ToHaveCountAsync(0);
            await Assertions.Expect(projector.Locator("main button")).ToHaveCountAsync(0);
            await chair.GetByRole(AriaRole.Button, new() { Name = "Close the poll" }).ClickAsync();
            await Assertions.Expect(adoption.Locator(".adoption__status")).ToContainTextAsync("by consensus");
            await Assertions.Expect(adoption.Locator(".adoption__tally dd")).ToHaveTextAsync(["1", "2", "0"]);

            await Assertions.Expect(projector.Locator(".adoption__status")).ToContainTextAsync("Adopted");
            await Assertions.Expect(projector.Locator(".adoption__tally dd")).ToHaveTextAsync(["1", "2", "0"]);
            foreach (var (_, page) in participants)
            {
                await Assertions.Expect(page.Locator(".adoption__status")).ToContainTextAsync("Adopted");
                await Assertions.Expect(page.Locator(".adoption__respond")).ToHaveCountAsync(0);
                await Assertions.Expect(page.Locator(".adoption__mine")).ToHaveTextAsync("You responded to this poll.");
                await Assertions.Expect(page.Locator(".live-bar")).ToContainTextAsync("Locked");
            }

            // The record is public and the text final: the chair cannot unlock it.
            var record = await chair.APIRequest.GetAsync($"statements/{statementId}/outcome.json");
            Assert.Equal(200, record.Status);
            Assert.Contains(fingerprint!, await record.TextAsync(), StringComparison.Ordinal);
            await chair.GetByRole(AriaRole.Button, new() { Name = "Unlock the statement" }).ClickAsync();
            await Assertions.Expect(chair.Locator(".live-bar__refusal")).ToContainTextAsync("its text is final");
            await Assertions.Expect(chair.Locator(".live-bar")).ToContainTextAsync("Locked");
        }
        finally
        {
            foreach (var (context, _) in participants)
            {
                await context.DisposeAsync();
            }
        }
    }

    /// <summary>Cluster 3's statement (no other browser test uses it), with no quorum so that three responses decide.</summary>
    private static async Task<int> PrepareAsync(StatementDraftingServer server)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<DraftingDbContext>>().CreateDbContextAsync();
        var consultation = await db.Consultations.OrderBy(c => c.Id).FirstAsync();
        consultation.ChangeRules(consultation.Rules with { QuorumPercent = null });
        await db.SaveChangesAsync();
        return await db.Statements.Where(s => s.ClusterNumber == 3).Select(s => s.Id).SingleAsync();
    }
}

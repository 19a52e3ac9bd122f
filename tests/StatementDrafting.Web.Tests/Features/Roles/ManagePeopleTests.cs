using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Features.Roles;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;

namespace StatementDrafting.Web.Tests.Features.Roles;

public sealed class ManagePeopleTests : IDisposable
{
    private readonly AppFactory _app = new(demo: true);

    public ManagePeopleTests() => _app.CreateClient();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task An_organiser_seats_a_participant_as_co_host_who_then_may_draft_that_clusters_statement_only()
    {
        var participant = await _app.ParticipationOfAsync("participant5@example.org");
        var statements = await _app.QueryAsync(db => db.Statements.Select(s => new { s.Id, s.ClusterNumber }).ToListAsync());
        var handler = _app.Services.GetRequiredService<PermissionHandler>();
        var principal = await _app.PrincipalAsync("participant5@example.org");
        var cluster3Statement = statements.Single(s => s.ClusterNumber == 3).Id;
        Assert.False(await handler.IsGrantedAsync(principal, Permission.OnStatement(cluster3Statement, StatementAccess.Draft)));

        // d1-3 is parallel session 2, on cluster 3.
        await _app.SendAsAsync("organiser@example.org", m => m.Send(new SeatCoHost(participant.ConsultationId, participant.Id, "d1-3", "HOST International")));

        var seated = await _app.ParticipationOfAsync("participant5@example.org");
        Assert.Equal([new CoHostSeat("d1-3", "HOST International")], seated.CoHostSeats);
        Assert.True(await handler.IsGrantedAsync(principal, Permission.OnStatement(cluster3Statement, StatementAccess.Draft)));
        Assert.False(await handler.IsGrantedAsync(principal, Permission.OnStatement(statements.Single(s => s.ClusterNumber == 1).Id, StatementAccess.Draft)));
        Assert.False(await handler.IsGrantedAsync(principal, Permission.OnStatement(statements.Single(s => s.ClusterNumber is null).Id, StatementAccess.Draft)));
    }

    [Fact]
    public async Task A_seat_must_be_in_a_parallel_session_for_an_organisation_the_agenda_names()
    {
        var participant = await _app.ParticipationOfAsync("participant5@example.org");

        await Assert.ThrowsAsync<DomainException>(() => _app.SendAsAsync("organiser@example.org", m => m.Send(new SeatCoHost(participant.ConsultationId, participant.Id, "d1-1", null))));
        await Assert.ThrowsAsync<DomainException>(() => _app.SendAsAsync("organiser@example.org", m => m.Send(new SeatCoHost(participant.ConsultationId, participant.Id, "d1-3", "Some Other Organisation"))));
        Assert.Empty((await _app.ParticipationOfAsync("participant5@example.org")).CoHostSeats);
    }

    [Fact]
    public async Task The_last_organiser_cannot_withdraw_their_own_role()
    {
        var organiser = await _app.ParticipationOfAsync("organiser@example.org");

        var refused = await Assert.ThrowsAsync<DomainException>(() => _app.SendAsAsync("organiser@example.org", m => m.Send(new ChangeRole(organiser.ConsultationId, organiser.Id, ConsultationRole.Organiser, Grant: false))));

        Assert.Contains("at least one organiser", refused.Message, StringComparison.Ordinal);
        Assert.True((await _app.ParticipationOfAsync("organiser@example.org")).IsOrganiser);
    }

    [Fact]
    public async Task Granting_observer_and_adding_a_new_member_take_effect_and_are_audited()
    {
        var participant = await _app.ParticipationOfAsync("participant6@example.org");

        await _app.SendAsAsync("organiser@example.org", m => m.Send(new ChangeRole(participant.ConsultationId, participant.Id, ConsultationRole.Observer, Grant: true)));
        var added = await _app.SendAsAsync("organiser@example.org", m => m.Send(new AddMember(participant.ConsultationId, "focal.point@example.org", "Focal Point", ConsultationRole.Observer)));

        Assert.True((await _app.ParticipationOfAsync("participant6@example.org")).IsObserver);
        Assert.True((await _app.ParticipationOfAsync("focal.point@example.org")).IsObserver);
        Assert.Equal(added, (await _app.ParticipationOfAsync("focal.point@example.org")).Id);
        var audit = await _app.QueryAsync(db => db.AuditEntries.Where(a => a.ConsultationId == participant.ConsultationId).Select(a => a.Action).ToListAsync());
        Assert.Contains(nameof(ChangeRole), audit);
        Assert.Contains(nameof(AddMember), audit);
    }

    [Fact]
    public async Task Adding_a_member_checks_the_address_and_name()
    {
        var organiser = await _app.ParticipationOfAsync("organiser@example.org");

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => _app.SendAsAsync("organiser@example.org", m => m.Send(new AddMember(organiser.ConsultationId, "not an address", " ", ConsultationRole.Observer))));

        Assert.Equal(["Email", "Name"], refused.Errors.Select(e => e.Field));
    }

    [Fact]
    public async Task The_people_page_is_for_organisers_and_lists_real_names_there()
    {
        var consultationId = (await _app.ParticipationOfAsync("organiser@example.org")).ConsultationId;
        var (status, page) = await Html.GetAsync(await _app.ClientAsAsync("organiser@example.org"), $"/consultations/{consultationId}/manage/people");
        var (participantStatus, _) = await Html.GetAsync(await _app.ClientAsAsync("participant1@example.org"), $"/consultations/{consultationId}/manage/people");

        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.Contains("Anjali Ramaswamy", page.Body!.Text(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, participantStatus);
    }


    [Fact]
    public async Task A_participant_posting_the_organisers_form_directly_gets_403_and_nothing_changes()
    {
        var consultationId = await _app.ConsultationIdAsync();
        await _app.SetPasswordAsync("participant1@example.org", "a participant passphrase");
        using var browser = await _app.SignInAsync("participant1@example.org", "a participant passphrase");
        var before = await _app.QueryAsync(db => db.Users.CountAsync());

        // A valid antiforgery token of the participant's own session, taken from the sign-out form every page carries.
        var (_, ownPage) = await Html.GetAsync(browser, $"/consultations/{consultationId}/me");
        var token = ownPage.QuerySelector("form[action='account/sign-out'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var forged = await browser.PostAsync(
            new Uri($"/consultations/{consultationId}/manage/people", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "add-member",
                ["__RequestVerificationToken"] = token,
                ["NewMember.Name"] = "Smuggled In",
                ["NewMember.Email"] = "smuggled@example.org",
                ["NewMember.Role"] = "Organiser",
            }));
        var page = await Html.ParseAsync(await forged.Content.ReadAsStringAsync());

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal("You cannot open this page", page.QuerySelector("h1")!.Text());
        Assert.Equal(before, await _app.QueryAsync(db => db.Users.CountAsync()));
    }
}

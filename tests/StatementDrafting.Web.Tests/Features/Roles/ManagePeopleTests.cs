using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Features.Roles;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;

namespace StatementDrafting.Web.Tests.Features.Roles;

public sealed class ManagePeopleTests : IDisposable
{
    private readonly AppFactory _app = new(demo: true);

    public ManagePeopleTests() => _app.CreateClient();

    public void Dispose() => _app.Dispose();

    private async Task<T> AsAsync<T>(string email, ICommand<T> command)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var user = await _app.QueryAsync(db => db.Users.SingleAsync(u => u.Email == email));
        var principal = await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.SignInManager<StatementDrafting.Web.Infrastructure.Identity.AppUser>>().CreateUserPrincipalAsync(user);
        scope.ServiceProvider.GetRequiredService<CallerContext>().Set(principal);
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }

    private Task<Participation> ParticipationOfAsync(string email) =>
        _app.QueryAsync(async db =>
        {
            var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            return await db.Participations.AsNoTracking().SingleAsync(p => p.UserId == id);
        });

    [Fact]
    public async Task An_organiser_seats_a_participant_as_co_host_who_then_may_draft_that_clusters_statement_only()
    {
        var participant = await ParticipationOfAsync("participant5@example.org");
        var statements = await _app.QueryAsync(db => db.Statements.Select(s => new { s.Id, s.ClusterNumber }).ToListAsync());
        var handler = _app.Services.GetRequiredService<PermissionHandler>();
        var principal = await PrincipalAsync("participant5@example.org");
        var cluster3Statement = statements.Single(s => s.ClusterNumber == 3).Id;
        Assert.False(await handler.IsGrantedAsync(principal, Permission.OnStatement(cluster3Statement, StatementAccess.Draft)));

        // d1-3 is parallel session 2, on cluster 3.
        await AsAsync("organiser@example.org", new SeatCoHost(participant.ConsultationId, participant.Id, "d1-3", "HOST International"));

        var seated = await ParticipationOfAsync("participant5@example.org");
        Assert.Equal([new CoHostSeat("d1-3", "HOST International")], seated.CoHostSeats);
        Assert.True(await handler.IsGrantedAsync(principal, Permission.OnStatement(cluster3Statement, StatementAccess.Draft)));
        Assert.False(await handler.IsGrantedAsync(principal, Permission.OnStatement(statements.Single(s => s.ClusterNumber == 1).Id, StatementAccess.Draft)));
        Assert.False(await handler.IsGrantedAsync(principal, Permission.OnStatement(statements.Single(s => s.ClusterNumber is null).Id, StatementAccess.Draft)));
    }

    [Fact]
    public async Task A_seat_must_be_in_a_parallel_session_for_an_organisation_the_agenda_names()
    {
        var participant = await ParticipationOfAsync("participant5@example.org");

        await Assert.ThrowsAsync<DomainException>(() => AsAsync("organiser@example.org", new SeatCoHost(participant.ConsultationId, participant.Id, "d1-1", null)));
        await Assert.ThrowsAsync<DomainException>(() => AsAsync("organiser@example.org", new SeatCoHost(participant.ConsultationId, participant.Id, "d1-3", "Some Other Organisation")));
        Assert.Empty((await ParticipationOfAsync("participant5@example.org")).CoHostSeats);
    }

    [Fact]
    public async Task The_last_organiser_cannot_withdraw_their_own_role()
    {
        var organiser = await ParticipationOfAsync("organiser@example.org");

        var refused = await Assert.ThrowsAsync<DomainException>(() => AsAsync("organiser@example.org", new ChangeRole(organiser.ConsultationId, organiser.Id, ConsultationRole.Organiser, Grant: false)));

        Assert.Contains("at least one organiser", refused.Message, StringComparison.Ordinal);
        Assert.True((await ParticipationOfAsync("organiser@example.org")).IsOrganiser);
    }

    [Fact]
    public async Task Granting_observer_and_adding_a_new_member_take_effect_and_are_audited()
    {
        var participant = await ParticipationOfAsync("participant6@example.org");

        await AsAsync("organiser@example.org", new ChangeRole(participant.ConsultationId, participant.Id, ConsultationRole.Observer, Grant: true));
        var added = await AsAsync("organiser@example.org", new AddMember(participant.ConsultationId, "focal.point@example.org", "Focal Point", ConsultationRole.Observer));

        Assert.True((await ParticipationOfAsync("participant6@example.org")).IsObserver);
        Assert.True((await ParticipationOfAsync("focal.point@example.org")).IsObserver);
        Assert.Equal(added, (await ParticipationOfAsync("focal.point@example.org")).Id);
        var audit = await _app.QueryAsync(db => db.AuditEntries.Where(a => a.ConsultationId == participant.ConsultationId).Select(a => a.Action).ToListAsync());
        Assert.Contains(nameof(ChangeRole), audit);
        Assert.Contains(nameof(AddMember), audit);
    }

    [Fact]
    public async Task Adding_a_member_checks_the_address_and_name()
    {
        var organiser = await ParticipationOfAsync("organiser@example.org");

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => AsAsync("organiser@example.org", new AddMember(organiser.ConsultationId, "not an address", " ", ConsultationRole.Observer)));

        Assert.Equal(["Email", "Name"], refused.Errors.Select(e => e.Field));
    }

    [Fact]
    public async Task The_people_page_is_for_organisers_and_lists_real_names_there()
    {
        var consultationId = (await ParticipationOfAsync("organiser@example.org")).ConsultationId;
        var (status, page) = await Html.GetAsync(await _app.ClientAsAsync("organiser@example.org"), $"/consultations/{consultationId}/manage/people");
        var (participantStatus, _) = await Html.GetAsync(await _app.ClientAsAsync("participant1@example.org"), $"/consultations/{consultationId}/manage/people");

        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.Contains("Anjali Ramaswamy", page.Body!.Text(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, participantStatus);
    }

    private async Task<System.Security.Claims.ClaimsPrincipal> PrincipalAsync(string email)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var user = await _app.QueryAsync(db => db.Users.SingleAsync(u => u.Email == email));
        return await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.SignInManager<StatementDrafting.Web.Infrastructure.Identity.AppUser>>().CreateUserPrincipalAsync(user);
    }
}

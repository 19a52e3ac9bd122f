using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StatementDrafting.Domain;
using StatementDrafting.Web.Features.Invitations;
using StatementDrafting.Web.Infrastructure.Demo;
using StatementDrafting.Web.Infrastructure.Identity;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Tests.Features.Invitations;

/// <summary>Personal sign-in links end to end: made by an organiser, followed by a browser, expired, revoked, altered.</summary>
public sealed class InvitationLinkTests : IDisposable
{
    /// <summary>Not among the five participants the demo invites, so they start without a link.</summary>
    private const string Invitee = "participant10@example.org";

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly AppFactory _app;

    public InvitationLinkTests()
    {
        _app = new AppFactory(demo: true, clock: _clock);
        _app.CreateClient().Dispose();
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_link_an_organiser_creates_on_the_page_signs_its_participant_in_without_a_password()
    {
        var consultationId = await _app.ConsultationIdAsync();
        var participation = await _app.ParticipationOfAsync(Invitee, consultationId);
        using var organiser = await _app.ClientAsAsync(People.Organiser);
        var path = $"/consultations/{consultationId}/manage/invitations";

        var (status, page, _) = await Forms.SubmitAsync(organiser, path, "form#create-invitations", [("LifetimeDays", "7"), ("ParticipationId", $"{participation.Id}")]);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Created 1 link.", page.QuerySelector("[role=status]")!.Text(), StringComparison.Ordinal);
        var link = new Uri(page.QuerySelector($"#link-{participation.Id}")!.GetAttribute("value")!);
        Assert.Equal("localhost", link.Host);

        using var browser = _app.Browser();
        using var followed = await browser.GetAsync(new Uri(link.PathAndQuery, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, followed.StatusCode);
        Assert.Equal($"/consultations/{consultationId}", followed.Headers.Location!.OriginalString.TrimEnd('/').Replace("http://localhost", "", StringComparison.Ordinal));

        var (meStatus, me) = await Html.GetAsync(browser, $"/consultations/{consultationId}/me");
        Assert.Equal(HttpStatusCode.OK, meStatus);
        Assert.Equal(participation.Pseudonym, me.QuerySelector(".pseudonym")!.Text());
        var invitation = await _app.QueryAsync(db => db.Invitations.SingleAsync(i => i.ParticipationId == participation.Id));
        Assert.Equal(1, invitation.TimesUsed);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromDays(7), invitation.ExpiresAt);
    }

    [Fact]
    public async Task A_link_works_until_it_expires_and_then_says_so_with_410()
    {
        var (consultationId, participationId) = await InviteeAsync();
        await _app.SendAsAsync(People.Organiser, m => m.Send(new CreateInvitations(consultationId, participationId, LifetimeDays: 1)));
        var path = await LinkPathAsync(consultationId, participationId);

        _clock.Advance(TimeSpan.FromHours(23));
        using (var early = _app.Browser())
        {
            using var response = await early.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        _clock.Advance(TimeSpan.FromHours(2));
        using var late = _app.Browser();
        var (status, page) = await Html.GetAsync(late, path);
        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Contains("expired", page.QuerySelector("[role=alert]")!.Text(), StringComparison.Ordinal);
        Assert.False(await SignedInAsync(late, consultationId));
    }

    [Fact]
    public async Task A_revoked_link_is_refused_with_410_to_another_browser_and_to_the_one_that_used_it()
    {
        var (consultationId, participationId) = await InviteeAsync();
        await _app.SendAsAsync(People.Organiser, m => m.Send(new CreateInvitations(consultationId, participationId, 14)));
        var path = await LinkPathAsync(consultationId, participationId);
        using var first = _app.Browser();
        using (var used = await first.GetAsync(new Uri(path, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
        }

        var invitationId = await _app.QueryAsync(db => db.Invitations.Where(i => i.ParticipationId == participationId).Select(i => i.Id).SingleAsync());
        await _app.SendAsAsync(People.Organiser, m => m.Send(new RevokeInvitation(consultationId, invitationId)));

        using var second = _app.Browser();
        var (status, page) = await Html.GetAsync(second, path);
        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Contains("withdrawn", page.QuerySelector("[role=alert]")!.Text(), StringComparison.Ordinal);
        Assert.False(await SignedInAsync(second, consultationId));

        var (again, _) = await Html.GetAsync(first, path);
        Assert.Equal(HttpStatusCode.Gone, again);
        var invitation = await _app.QueryAsync(db => db.Invitations.SingleAsync(i => i.Id == invitationId));
        Assert.Equal(1, invitation.TimesUsed);
        Assert.NotNull(invitation.RevokedAt);
    }

    [Fact]
    public async Task An_altered_or_truncated_link_is_refused_with_400_and_signs_no_one_in()
    {
        var (consultationId, participationId) = await InviteeAsync();
        await _app.SendAsAsync(People.Organiser, m => m.Send(new CreateInvitations(consultationId, participationId, 14)));
        var path = await LinkPathAsync(consultationId, participationId);
        var token = path["/invitations/".Length..];
        var middle = token.Length / 2;
        var altered = token[..middle] + (token[middle] == 'A' ? 'B' : 'A') + token[(middle + 1)..];

        foreach (var bad in new[] { altered, token[..^4], "not-a-token", new string('A', 600) })
        {
            using var browser = _app.Browser();
            var (status, page) = await Html.GetAsync(browser, $"/invitations/{bad}");
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains("not valid", page.QuerySelector("[role=alert]")!.Text(), StringComparison.Ordinal);
            Assert.False(await SignedInAsync(browser, consultationId));
        }

        Assert.Equal(0, await _app.QueryAsync(db => db.Invitations.Where(i => i.ParticipationId == participationId).Select(i => i.TimesUsed).SingleAsync()));
    }

    [Fact]
    public async Task Revoking_a_link_on_the_page_ends_the_session_it_opened_once_the_validation_interval_has_passed()
    {
        var (consultationId, participationId) = await InviteeAsync();
        await _app.SendAsAsync(People.Organiser, m => m.Send(new CreateInvitations(consultationId, participationId, 14)));
        var path = await LinkPathAsync(consultationId, participationId);
        using var participant = _app.Browser();
        (await participant.GetAsync(new Uri(path, UriKind.Relative))).Dispose();
        Assert.True(await SignedInAsync(participant, consultationId));

        using var organiser = await _app.ClientAsAsync(People.Organiser);
        var invitationId = await _app.QueryAsync(db => db.Invitations.Where(i => i.ParticipationId == participationId).Select(i => i.Id).SingleAsync());
        var (status, page, _) = await Forms.SubmitAsync(organiser, $"/consultations/{consultationId}/manage/invitations", "form#revoke-invitation", [("InvitationId", $"{invitationId}")]);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("revoked", page.QuerySelector("[role=status]")!.Text(), StringComparison.Ordinal);

        // Open sessions are checked against the account once a minute: until then this one goes on.
        Assert.True(await SignedInAsync(participant, consultationId));
        _clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(5));
        Assert.False(await SignedInAsync(participant, consultationId));
    }

    [Fact]
    public async Task A_new_link_for_the_same_participant_replaces_the_old_one()
    {
        var (consultationId, participationId) = await InviteeAsync();
        await _app.SendAsAsync(People.Organiser, m => m.Send(new CreateInvitations(consultationId, participationId, 14)));
        var oldPath = await LinkPathAsync(consultationId, participationId);

        await _app.SendAsAsync(People.Organiser, m => m.Send(new CreateInvitations(consultationId, participationId, 30)));

        using var browser = _app.Browser();
        var (oldStatus, _) = await Html.GetAsync(browser, oldPath);
        Assert.Equal(HttpStatusCode.Gone, oldStatus);
        using var response = await browser.GetAsync(new Uri(await LinkPathAsync(consultationId, participationId), UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task A_link_no_longer_signs_in_someone_who_became_an_organiser_elsewhere_and_no_new_one_is_made()
    {
        var (consultationId, participationId) = await InviteeAsync();
        await _app.SendAsAsync(People.Organiser, m => m.Send(new CreateInvitations(consultationId, participationId, 14)));
        var path = await LinkPathAsync(consultationId, participationId);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
            var other = DemoSeeder.BuildConsultation(_clock.GetUtcNow());
            db.Consultations.Add(other);
            await db.SaveChangesAsync();
            var user = await db.Users.SingleAsync(u => u.Email == Invitee);
            (await scope.ServiceProvider.GetRequiredService<AccountDirectory>().FindOrCreateParticipationAsync(db, other.Id, user, default)).MakeOrganiser();
            await db.SaveChangesAsync();
        }

        using var browser = _app.Browser();
        var (status, page) = await Html.GetAsync(browser, path);
        var again = await Assert.ThrowsAsync<DomainException>(() =>
            _app.SendAsAsync(People.Organiser, m => m.Send(new CreateInvitations(consultationId, participationId, 14))));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("password", page.QuerySelector("[role=alert]")!.Text(), StringComparison.Ordinal);
        Assert.False(await SignedInAsync(browser, consultationId));
        Assert.Contains("password", again.Message, StringComparison.Ordinal);
    }

    private async Task<(int ConsultationId, int ParticipationId)> InviteeAsync()
    {
        var consultationId = await _app.ConsultationIdAsync();
        return (consultationId, (await _app.ParticipationOfAsync(Invitee, consultationId)).Id);
    }

    private async Task<string> LinkPathAsync(int consultationId, int participationId)
    {
        var list = await _app.SendAsAsync(People.Organiser, m => m.Send(new GetInvitations(consultationId)));
        return "/" + list!.People.Single(p => p.ParticipationId == participationId).LinkPath;
    }

    /// <summary>Whether the client's cookies still open the member-only page "your participation".</summary>
    private static async Task<bool> SignedInAsync(HttpClient client, int consultationId)
    {
        using var response = await client.GetAsync(new Uri($"/consultations/{consultationId}/me", UriKind.Relative));
        return response.StatusCode == HttpStatusCode.OK;
    }
}

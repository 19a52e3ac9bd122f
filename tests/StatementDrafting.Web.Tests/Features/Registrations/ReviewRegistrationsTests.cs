using System.Net;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Features.Registrations;
using StatementDrafting.Web.Infrastructure.Authorisation;

namespace StatementDrafting.Web.Tests.Features.Registrations;

public sealed class ReviewRegistrationsTests
{
    private static Task<Unit> Approve(RegistrationWorld world, int registrationId, string email = RegistrationWorld.OrganiserEmail) =>
        world.App.SendAsAsync(email, m => m.Send(new ApproveRegistration(world.ConsultationId, registrationId)));

    private static Task<Unit> Decline(RegistrationWorld world, int registrationId, string? reason = null, string email = RegistrationWorld.OrganiserEmail) =>
        world.App.SendAsAsync(email, m => m.Send(new DeclineRegistration(world.ConsultationId, registrationId, reason)));

    private static Task<(int Users, int Participations, int Registrations, string Statuses)> SnapshotAsync(RegistrationWorld world) =>
        world.App.QueryAsync(async db => (
            await db.Users.CountAsync(),
            await db.Participations.CountAsync(),
            await db.Registrations.CountAsync(),
            string.Join(",", await db.Registrations.OrderBy(r => r.Id).Select(r => r.Status.ToString()).ToListAsync())));

    [Fact]
    public async Task Approving_creates_the_persons_account_and_participant_place_linked_to_the_registration()
    {
        using var world = await RegistrationWorld.CreateAsync();
        var id = await world.RegisterAsync("Tenzin Norbu", "Tenzin@Example.org", "Mountain Pass Legal Aid Forum");
        world.Clock.Advance(TimeSpan.FromHours(2));

        await Approve(world, id);

        var (user, participation, registration) = await world.App.QueryAsync(async db =>
        {
            var u = await db.Users.SingleAsync(x => x.NormalizedEmail == "TENZIN@EXAMPLE.ORG");
            var p = await db.Participations.SingleAsync(x => x.UserId == u.Id && x.ConsultationId == world.ConsultationId);
            var r = await db.Registrations.SingleAsync(x => x.Id == id);
            return (u, p, r);
        });
        Assert.Equal("Tenzin Norbu", user.DisplayName);
        Assert.Null(user.PasswordHash);
        Assert.True(participation.IsParticipant);
        Assert.False(participation.IsOrganiser || participation.IsObserver);
        Assert.Equal(id, participation.RegistrationId);
        Assert.Equal(4, participation.Number); // after the world's organiser, participant and observer
        Assert.Equal(RegistrationStatus.Approved, registration.Status);
        Assert.Equal(world.Clock.GetUtcNow(), registration.DecidedAt);
    }

    [Fact]
    public async Task Approving_someone_who_has_an_account_already_reuses_it_and_their_place()
    {
        using var world = await RegistrationWorld.CreateAsync();
        var id = await world.RegisterAsync("Otto Observer", RegistrationWorld.ObserverEmail.ToUpperInvariant(), "UN Focal Point Office");
        var before = await SnapshotAsync(world);

        await Approve(world, id);

        var after = await SnapshotAsync(world);
        Assert.Equal((before.Users, before.Participations), (after.Users, after.Participations));
        var observer = await world.App.QueryAsync(async db =>
        {
            var userId = await db.Users.Where(u => u.Email == RegistrationWorld.ObserverEmail).Select(u => u.Id).SingleAsync();
            return await db.Participations.SingleAsync(p => p.UserId == userId);
        });
        Assert.True(observer.IsObserver);
        Assert.True(observer.IsParticipant);
        Assert.Equal(id, observer.RegistrationId);
    }

    [Fact]
    public async Task Approving_twice_is_refused_and_changes_nothing()
    {
        using var world = await RegistrationWorld.CreateAsync();
        var id = await world.RegisterAsync("Ana Leota", "ana@example.org", "Ocean Villages Relocation Council");
        await Approve(world, id);
        var before = await SnapshotAsync(world);

        await Assert.ThrowsAsync<DomainException>(() => Approve(world, id));

        Assert.Equal(before, await SnapshotAsync(world));
    }

    [Fact]
    public async Task A_registration_of_another_consultation_cannot_be_decided_through_this_one()
    {
        using var world = await RegistrationWorld.CreateAsync();
        var other = await world.AddConsultationAsync("Another consultation", "UTC", null, StatementDrafting.Domain.Consultations.OnePersonPerOrganisation.Off);
        var id = await world.RegisterAsync("Ana Leota", "ana@example.org", "Ocean Villages Relocation Council", consultationId: other);

        await Assert.ThrowsAsync<DomainException>(() => Approve(world, id));
        await Assert.ThrowsAsync<DomainException>(() => Decline(world, id));

        Assert.Equal(RegistrationStatus.Pending, Assert.Single(await world.RegistrationsAsync(other)).Status);
    }

    [Fact]
    public async Task Declining_records_the_reason_and_creates_no_account()
    {
        using var world = await RegistrationWorld.CreateAsync();
        var id = await world.RegisterAsync("Ana Leota", "ana@example.org", "Ocean Villages Relocation Council");
        var before = await SnapshotAsync(world);

        await Decline(world, id, "  Registered twice under another address.  ");

        var registration = Assert.Single(await world.RegistrationsAsync());
        Assert.Equal(RegistrationStatus.Declined, registration.Status);
        Assert.Equal("Registered twice under another address.", registration.DeclineReason);
        Assert.Equal((before.Users, before.Participations), ((await SnapshotAsync(world)).Users, (await SnapshotAsync(world)).Participations));
    }

    [Fact]
    public async Task Declining_an_approved_registration_takes_back_the_participant_role_and_withdraws_the_persons_links()
    {
        using var world = await RegistrationWorld.CreateAsync();
        var id = await world.RegisterAsync("Ana Leota", "ana@example.org", "Ocean Villages Relocation Council");
        await Approve(world, id);
        await world.App.QueryAsync(async db =>
        {
            var participation = await db.Participations.SingleAsync(p => p.RegistrationId == id);
            db.Invitations.Add(new Invitation(world.ConsultationId, participation.Id, world.Clock.GetUtcNow(), Invitation.DefaultLifetime));
            return await db.SaveChangesAsync();
        });

        await Decline(world, id);

        var (participation, invitation) = await world.App.QueryAsync(async db =>
        {
            var p = await db.Participations.SingleAsync(x => x.RegistrationId == id);
            return (p, await db.Invitations.SingleAsync(i => i.ParticipationId == p.Id));
        });
        Assert.False(participation.Holds(ConsultationRole.Participant));
        Assert.NotNull(invitation.RevokedAt);
        Assert.False(invitation.IsUsableAt(world.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task A_reason_over_500_characters_is_refused()
    {
        using var world = await RegistrationWorld.CreateAsync();
        var id = await world.RegisterAsync("Ana Leota", "ana@example.org", "Ocean Villages Relocation Council");

        await Assert.ThrowsAsync<StatementDrafting.Web.Infrastructure.Mediator.ValidationFailedException>(() => Decline(world, id, new string('x', 501)));

        Assert.Equal(RegistrationStatus.Pending, Assert.Single(await world.RegistrationsAsync()).Status);
    }

    [Theory]
    [InlineData(RegistrationWorld.ParticipantEmail)]
    [InlineData(RegistrationWorld.ObserverEmail)]
    public async Task Participants_and_observers_calling_the_organisers_commands_directly_are_refused_and_nothing_changes(string email)
    {
        using var world = await RegistrationWorld.CreateAsync();
        var id = await world.RegisterAsync("Ana Leota", "ana@example.org", "Ocean Villages Relocation Council");
        var before = await SnapshotAsync(world);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Approve(world, id, email));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Decline(world, id, null, email));
        await Assert.ThrowsAsync<AccessDeniedException>(() => world.App.SendAsAsync(email, m => m.Send(new GetRegistrations(world.ConsultationId))));

        Assert.Equal(before, await SnapshotAsync(world));
    }

    [Fact]
    public async Task Someone_not_signed_in_is_asked_to_sign_in()
    {
        using var world = await RegistrationWorld.CreateAsync();
        var id = await world.RegisterAsync("Ana Leota", "ana@example.org", "Ocean Villages Relocation Council");

        await Assert.ThrowsAsync<NotSignedInException>(() => world.App.SendAsAsync(null, m => m.Send(new ApproveRegistration(world.ConsultationId, id))));
        using var response = await world.App.Browser().GetAsync(new Uri($"/consultations/{world.ConsultationId}/manage/registrations", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", Forms.PathOf(response.Headers.Location), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_review_page_lists_registrations_with_their_details_for_organisers_and_filters_by_status()
    {
        using var world = await RegistrationWorld.CreateAsync();
        var first = await world.RegisterAsync("Ana Leota", "ana@example.org", "Ocean Villages Relocation Council");
        await world.RegisterAsync("Sione Latu", "sione@example.org", "Island Climate Mobility Forum", category: "academia", region: "South-East Asia", country: "Thailand");
        await Approve(world, first);
        using var organiser = await world.App.ClientAsAsync(RegistrationWorld.OrganiserEmail);

        var (status, all) = await Html.GetAsync(organiser, $"/consultations/{world.ConsultationId}/manage/registrations");
        var (_, pending) = await Html.GetAsync(organiser, $"/consultations/{world.ConsultationId}/manage/registrations?status=Pending");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, all.QuerySelectorAll("tbody tr").Length);
        var row = pending.QuerySelector("tbody tr")!;
        Assert.Single(pending.QuerySelectorAll("tbody tr"));
        Assert.Equal(
            ["Sione Latu sione@example.org", "Island Climate Mobility Forum", "academia", "Thailand", "South-East Asia", "Prefer not to say", "Pending"],
            row.Children.Take(7).Select(c => c.Text()));
        Assert.Equal("1 Feb 2026, 07:00", row.Children[7].Text()); // midnight UTC is 07:00 in Bangkok
        Assert.All(all.QuerySelectorAll("thead th"), th => Assert.Equal("col", th.GetAttribute("scope")));
        var menu = all.QuerySelectorAll("nav.manage-nav a").Select(a => a.Text()).ToList();
        Assert.Equal(["Registrations", "Import registrants", "Settings"], menu.Where(l => l is "Registrations" or "Import registrants" or "Settings"));
        Assert.Equal("page", all.QuerySelector("nav.manage-nav a[aria-current]")!.GetAttribute("aria-current"));
        Assert.Equal("Registrations", all.QuerySelector("nav.manage-nav a[aria-current]")!.Text());
    }

    [Fact]
    public async Task An_organiser_approves_and_declines_from_the_review_page()
    {
        using var world = await RegistrationWorld.CreateAsync();
        var ana = await world.RegisterAsync("Ana Leota", "ana@example.org", "Ocean Villages Relocation Council");
        var sione = await world.RegisterAsync("Sione Latu", "sione@example.org", "Island Climate Mobility Forum");
        using var organiser = await world.App.ClientAsAsync(RegistrationWorld.OrganiserEmail);
        var path = $"/consultations/{world.ConsultationId}/manage/registrations";

        var (approved, _, approvedAt) = await Forms.SubmitAsync(organiser, path, $"tr[data-registration-id='{ana}'] form", [("Decision.Action", "approve")]);
        var (declined, _, declinedAt) = await Forms.SubmitAsync(organiser, path, $"tr[data-registration-id='{sione}'] form", [("Decision.Action", "decline"), ("Decision.Reason", "Not a stakeholder")]);

        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (approved, declined));
        Assert.EndsWith("notice=approved", Forms.PathOf(approvedAt), StringComparison.Ordinal);
        Assert.EndsWith("notice=declined", Forms.PathOf(declinedAt), StringComparison.Ordinal);
        var stored = await world.RegistrationsAsync();
        Assert.Equal([RegistrationStatus.Approved, RegistrationStatus.Declined], stored.Select(r => r.Status));
        Assert.Equal("Not a stakeholder", stored[1].DeclineReason);
        Assert.True(await world.App.QueryAsync(db => db.Participations.AnyAsync(p => p.RegistrationId == ana && p.IsParticipant)));

        var (_, page) = await Html.GetAsync(organiser, Forms.PathOf(approvedAt));
        Assert.Contains("approved", page.QuerySelector("[role=status]")!.Text(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RegistrationWorld.ParticipantEmail)]
    [InlineData(RegistrationWorld.ObserverEmail)]
    public async Task Participants_and_observers_cannot_open_the_review_page(string email)
    {
        using var world = await RegistrationWorld.CreateAsync();
        await world.RegisterAsync("Ana Leota", "ana-distinctive@example.org", "Ocean Villages Relocation Council");
        using var client = await world.App.ClientAsAsync(email);

        using var response = await client.GetAsync(new Uri($"/consultations/{world.ConsultationId}/manage/registrations", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Ana Leota", body, StringComparison.Ordinal);
        Assert.DoesNotContain("ana-distinctive", body, StringComparison.Ordinal);
    }
}

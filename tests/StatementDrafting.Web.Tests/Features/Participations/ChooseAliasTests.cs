using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Features.Participations;
using StatementDrafting.Web.Infrastructure.Identity;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Tests.Features.Participations;

/// <summary>Choosing an alias through the app: the Chatham House checks, uniqueness, and going back to "Participant N".</summary>
public sealed class ChooseAliasTests : IAsyncLifetime
{
    /// <summary>A registrant whose organisation has an acronym, so that the acronym check has something to catch.</summary>
    private const string Acronymed = "rowan.achterberg@example.org";

    private readonly AppFactory _app = new(demo: true);

    private int _consultationId;

    public async Task InitializeAsync()
    {
        _app.CreateClient().Dispose();
        _consultationId = await _app.ConsultationIdAsync();
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
        var consultation = await db.Consultations.Include(c => c.Clusters).SingleAsync(c => c.Id == _consultationId);
        var now = DateTimeOffset.UtcNow;
        var registration = Registration.Submit(
            consultation,
            new RegistrationDetails("Rowan Achterberg", Acronymed, "Asia Pacific Refugee Rights Network (APRRN)", consultation.StakeholderCategories[0], "Malaysia", consultation.Regions[0], Gender.PreferNotToSay, null),
            [],
            RegistrationSource.Import,
            now);
        registration.Approve(now);
        db.Registrations.Add(registration);
        await db.SaveChangesAsync();
        var user = await scope.ServiceProvider.GetRequiredService<AccountDirectory>().FindOrCreateUserAsync(db, Acronymed, "R. A.", default);
        (await scope.ServiceProvider.GetRequiredService<AccountDirectory>().FindOrCreateParticipationAsync(db, _consultationId, user, default)).MakeParticipant(registration.Id);
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("participant3@example.org", "Ong from the coast", "your name")] // Mei-Ling Ong: a part of their own name
    [InlineData("participant3@example.org", "Mei-Ling", "your name")]
    [InlineData("participant3@example.org", "We Harbour City Migrant Legal Clinic", "organisation")]
    [InlineData("participant3@example.org", "HarbourCityMigrantLegalClinic", "organisation")]
    [InlineData(Acronymed, "APRRN voice", "organisation")]
    [InlineData(Acronymed, "Achterberg", "your name")]
    [InlineData("participant3@example.org", "Participant 3", "participant number or a role")]
    [InlineData("participant3@example.org", "co-host team", "participant number or a role")]
    [InlineData("participant3@example.org", "Organiser", "participant number or a role")]
    [InlineData("participant3@example.org", "ab", "3 to 40 characters")]
    [InlineData("participant3@example.org", "!!!", "letters or digits")]
    public async Task An_alias_that_would_reveal_or_mislead_is_refused_with_a_reason_and_nothing_changes(string email, string alias, string reason)
    {
        var refused = await Assert.ThrowsAsync<DomainException>(() => _app.SendAsAsync(email, m => m.Send(new ChooseAlias(_consultationId, alias))));

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        Assert.Null((await _app.ParticipationOfAsync(email, _consultationId)).Alias);
    }

    [Fact]
    public async Task A_co_host_may_not_choose_an_alias_naming_their_seat_organisation()
    {
        var seat = (await _app.ParticipationOfAsync("cohost1@example.org", _consultationId)).CoHostSeats[0].Organisation;

        var refused = await Assert.ThrowsAsync<DomainException>(() => _app.SendAsAsync("cohost1@example.org", m => m.Send(new ChooseAlias(_consultationId, seat.Replace(" ", "", StringComparison.Ordinal)))));

        Assert.Contains("organisation", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_alias_someone_else_uses_is_refused_however_it_is_spelled()
    {
        await _app.SendAsAsync("participant4@example.org", m => m.Send(new ChooseAlias(_consultationId, "Blue Heron")));

        var refused = await Assert.ThrowsAsync<DomainException>(() => _app.SendAsAsync("participant3@example.org", m => m.Send(new ChooseAlias(_consultationId, "  blue   HERON "))));

        Assert.Contains("uses that alias already", refused.Message, StringComparison.Ordinal);
        Assert.Null((await _app.ParticipationOfAsync("participant3@example.org", _consultationId)).Alias);
    }

    [Fact]
    public async Task A_good_alias_becomes_the_pseudonym_and_an_empty_one_goes_back_to_the_participant_number()
    {
        var number = (await _app.ParticipationOfAsync("participant3@example.org", _consultationId)).Number;

        var chosen = await _app.SendAsAsync("participant3@example.org", m => m.Send(new ChooseAlias(_consultationId, "  Quiet   Lantern ")));
        var me = await _app.SendAsAsync("participant3@example.org", m => m.Send(new GetMyParticipation(_consultationId)));
        var cleared = await _app.SendAsAsync("participant3@example.org", m => m.Send(new ChooseAlias(_consultationId, "")));

        Assert.Equal("Quiet Lantern", chosen);
        Assert.Equal("Quiet Lantern", me!.Pseudonym);
        Assert.Equal($"Participant {number}", cleared);
        Assert.Null((await _app.ParticipationOfAsync("participant3@example.org", _consultationId)).Alias);
    }

    [Fact]
    public async Task An_oversized_alias_is_refused_at_the_edge()
    {
        await Assert.ThrowsAsync<StatementDrafting.Web.Infrastructure.Mediator.ValidationFailedException>(() =>
            _app.SendAsAsync("participant3@example.org", m => m.Send(new ChooseAlias(_consultationId, new string('x', 5000)))));
    }

    [Fact]
    public async Task The_page_shows_a_refusal_next_to_the_field_and_a_success_as_a_status()
    {
        using var client = await _app.ClientAsAsync("participant3@example.org");
        var path = $"/consultations/{_consultationId}/me";

        var (refusedStatus, refused, _) = await Forms.SubmitAsync(client, path, "form#choose-alias-form", [("Alias", "Ong Supporters")]);
        var (savedStatus, saved, _) = await Forms.SubmitAsync(client, path, "form#choose-alias-form", [("Alias", "Kite Flyer")]);

        Assert.Equal(HttpStatusCode.OK, refusedStatus);
        var error = refused.QuerySelector("#alias-error")!;
        Assert.Equal("alert", error.GetAttribute("role"));
        Assert.Contains("your name", error.Text(), StringComparison.Ordinal);
        Assert.Contains("alias-error", refused.QuerySelector("#alias")!.GetAttribute("aria-describedby"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, savedStatus);
        Assert.Equal("Others now see you as Kite Flyer.", saved.QuerySelector("[role=status]")!.Text());
        Assert.Equal("Kite Flyer", saved.QuerySelector(".pseudonym")!.Text());
        Assert.Null(saved.QuerySelector("#alias-error"));
        Assert.Equal("Kite Flyer", (await _app.ParticipationOfAsync("participant3@example.org", _consultationId)).Alias);
    }
}

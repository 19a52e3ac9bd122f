using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Nominations;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Web.Features.Nominations;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;

namespace StatementDrafting.Web.Tests.Features.Nominations;

/// <summary>Nominations from proposal to the approved slate, through the real pipeline and database.</summary>
public sealed class NominationTests : IDisposable
{
    private const string Anjali = "Anjali Ramaswamy"; // participant1
    private const string Tomasi = "Tomasi Vainikolo"; // participant2
    private const string TomasiOrganisation = "Pacific Seasonal Workers Union";

    /// <summary>The demo's own start on the slate: four self-nominations and one proposal, none placed.</summary>
    private const int DemoNominations = 5;

    private readonly AppFactory _app = new(demo: true);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_self_nomination_needs_consent_and_then_shows_the_nominee_by_name_to_everyone()
    {
        var world = await NominationWorld.StartAsync(_app);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            _app.SendAsAsync(NominationWorld.Participant(1), m => m.Send(new NominateSpeaker(world.ConsultationId, Self: true))));
        Assert.Contains("Agree to be named", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain((await world.ViewAsync(NominationWorld.Observer)).Unplaced, n => n.Profile.Name == Anjali);

        await world.NominateSelfAsync(NominationWorld.Participant(1), "roundtable");

        var seen = Assert.Single((await world.ViewAsync(NominationWorld.Observer)).Unplaced, n => n.Profile.Name == Anjali);
        Assert.Equal(new NomineeProfile(Anjali, "Coastal Fishworkers Solidarity Network", "civil society", "India", "South and South-West Asia", "Woman"), seen.Profile);
        Assert.Equal("roundtable", seen.PreferredSlotKind);
        var mine = await world.ViewAsync(NominationWorld.Participant(1));
        Assert.Equal(seen.NominationId, mine.Mine?.NominationId);
        Assert.False(mine.CanNominateSelf);
        var twice = await Assert.ThrowsAsync<DomainException>(() => world.NominateSelfAsync(NominationWorld.Participant(1)));
        Assert.Contains("already nominated", twice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Observers_do_not_nominate_and_co_hosts_without_a_registration_cannot_be_named()
    {
        var world = await NominationWorld.StartAsync(_app);

        await Assert.ThrowsAsync<AccessDeniedException>(() => world.NominateSelfAsync(NominationWorld.Observer));
        await Assert.ThrowsAsync<AccessDeniedException>(() => world.ProposeAsync(NominationWorld.Observer, Tomasi, TomasiOrganisation));
        var cohost = await Assert.ThrowsAsync<DomainException>(() => world.NominateSelfAsync("cohost1@example.org"));
        Assert.Contains("no registration", cohost.Message, StringComparison.Ordinal);
        var unknownSlot = await Assert.ThrowsAsync<DomainException>(() => world.NominateSelfAsync(NominationWorld.Participant(1), "keynote"));
        Assert.Contains("no \"keynote\" speaker slot", unknownSlot.Message, StringComparison.Ordinal);
        Assert.Equal(DemoNominations, await _app.QueryAsync(db => db.Nominations.CountAsync()));
    }

    [Fact]
    public async Task A_proposal_is_matched_by_an_organiser_and_accepted_by_the_person_without_anyone_learning_who_proposed()
    {
        var world = await NominationWorld.StartAsync(_app);
        var proposer = NominationWorld.Participant(9); // Ly Thi Hoa
        var proposerParticipation = await _app.ParticipationOfAsync(proposer);
        var proposerAccount = await _app.QueryAsync(db => db.Users.Where(u => u.Email == proposer).Select(u => u.Id).SingleAsync());
        var proposerEntries = await _app.QueryAsync(db => db.AuditEntries.CountAsync(e => e.ActorUserId == proposerAccount));
        var id = await world.ProposeAsync(proposer, "Tomasi Vainikolo", "Pacific Seasonal Workers Union", "Spoke well on day 1.");

        // Before consent nobody but the proposer and the organisers sees the proposal.
        Assert.DoesNotContain((await world.ViewAsync(NominationWorld.Participant(4))).Unplaced, n => n.Profile.Name == Tomasi);
        Assert.Null((await world.ViewAsync(NominationWorld.Participant(4))).Desk);
        Assert.Equal(NominationStatus.AwaitingMatch, Assert.Single((await world.ViewAsync(proposer)).MyProposals).Status);
        var desk = (await world.ViewAsync(NominationWorld.Chair)).Desk!;
        var proposal = Assert.Single(desk.Proposals, p => p.NominationId == id);
        var tomasi = await _app.ParticipationOfAsync(NominationWorld.Participant(2));
        Assert.Equal(tomasi.Id, proposal.Suggested[0]);
        Assert.Equal("Spoke well on day 1.", proposal.Note);

        await Assert.ThrowsAsync<AccessDeniedException>(() => world.MatchAsync(id, NominationWorld.Participant(2), email: NominationWorld.Participant(4)));
        await world.MatchAsync(id, NominationWorld.Participant(2));

        var home = await (await _app.ClientAsAsync(NominationWorld.Participant(2))).GetStringAsync(new Uri($"/consultations/{world.ConsultationId}", UriKind.Relative));
        Assert.Contains("You have been proposed as a speaker.", home, StringComparison.Ordinal);
        var otherHome = await (await _app.ClientAsAsync(NominationWorld.Participant(4))).GetStringAsync(new Uri($"/consultations/{world.ConsultationId}", UriKind.Relative));
        Assert.DoesNotContain("You have been proposed as a speaker.", otherHome, StringComparison.Ordinal);
        var asked = await world.ViewAsync(NominationWorld.Participant(2));
        Assert.Equal(id, Assert.Single(asked.AskedOfMe).NominationId);
        await Assert.ThrowsAsync<DomainException>(() => world.AnswerAsync(NominationWorld.Participant(5), id, accept: true));
        await world.AnswerAsync(NominationWorld.Participant(2), id, accept: true);

        var everyone = await world.ViewAsync(NominationWorld.Participant(4));
        Assert.Contains(everyone.Unplaced, n => n.Profile.Name == Tomasi && n.NominationId == id);
        Assert.Equal(NominationStatus.Accepted, Assert.Single((await world.ViewAsync(proposer)).MyProposals).Status);

        // Nothing anyone but the proposer reads names the proposer: not the views (as JSON), not the audit trail.
        // (The organisers' list of registered participants to match names everyone, the proposer too: their proposals do not.)
        foreach (var reader in new[] { NominationWorld.Chair, NominationWorld.Participant(2), NominationWorld.Participant(4), NominationWorld.Observer })
        {
            var view = await world.ViewAsync(reader);
            var json = JsonSerializer.Serialize(view with { Desk = view.Desk is null ? null : view.Desk with { Candidates = [] } });
            Assert.DoesNotContain("Ly Thi Hoa", json, StringComparison.Ordinal);
            Assert.DoesNotContain(proposerParticipation.Pseudonym, json, StringComparison.Ordinal);
            Assert.DoesNotContain($"\"ParticipationId\":{proposerParticipation.Id},", json, StringComparison.Ordinal);
        }

        Assert.Equal(proposerEntries, await _app.QueryAsync(db => db.AuditEntries.CountAsync(e => e.ActorUserId == proposerAccount)));
        Assert.True(await _app.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Action == nameof(MatchNomination))));
    }

    [Fact]
    public async Task The_person_asked_may_decline_and_the_proposer_may_take_back_an_unanswered_proposal()
    {
        var world = await NominationWorld.StartAsync(_app);
        var declined = await world.ProposeAsync(NominationWorld.Participant(9), Tomasi, TomasiOrganisation);
        await world.MatchAsync(declined, NominationWorld.Participant(2));
        await world.AnswerAsync(NominationWorld.Participant(2), declined, accept: false);
        var takenBack = await world.ProposeAsync(NominationWorld.Participant(9), "Someone Else", "Another Org");
        await Assert.ThrowsAsync<DomainException>(() => world.WithdrawAsync(NominationWorld.Participant(4), takenBack));
        await world.WithdrawAsync(NominationWorld.Participant(9), takenBack);

        Assert.DoesNotContain((await world.ViewAsync(NominationWorld.Participant(4))).Unplaced, n => n.Profile.Name == Tomasi);
        Assert.DoesNotContain((await world.ViewAsync(NominationWorld.Chair)).Desk!.Proposals, p => p.NominationId == declined || p.NominationId == takenBack);
        Assert.Equal([NominationStatus.Declined, NominationStatus.Withdrawn], (await world.ViewAsync(NominationWorld.Participant(9))).MyProposals.Select(p => p.Status));
    }

    [Fact]
    public async Task Organisers_place_nominees_in_free_places_of_real_slots_and_see_the_balance()
    {
        var world = await NominationWorld.StartAsync(_app);
        var slots = await world.SlotsAsync();
        var anjali = await world.NominateSelfAsync(NominationWorld.Participant(1));
        var tomasi = await world.NominateSelfAsync(NominationWorld.Participant(2));

        await Assert.ThrowsAsync<AccessDeniedException>(() => world.PlaceAsync(anjali, slots["opening"], 1, NominationWorld.Participant(1)));
        await world.PlaceAsync(anjali, slots["opening"], 1);
        var taken = await Assert.ThrowsAsync<DomainException>(() => world.PlaceAsync(tomasi, slots["opening"], 1));
        Assert.Contains("taken", taken.Message, StringComparison.Ordinal);
        var beyond = await Assert.ThrowsAsync<DomainException>(() => world.PlaceAsync(tomasi, slots["roundtable"], 5));
        Assert.Contains("4 places", beyond.Message, StringComparison.Ordinal);
        await world.PlaceAsync(tomasi, slots["roundtable"], 2);

        var view = await world.ViewAsync(NominationWorld.Participant(7));
        Assert.Equal(Anjali, view.Slots.Single(s => s.Kind == "opening").Places[0].Nominee?.Profile.Name);
        Assert.Equal(Tomasi, view.Slots.Single(s => s.Kind == "roundtable").Places[1].Nominee?.Profile.Name);
        Assert.Null(view.Slots.Single(s => s.Kind == "roundtable").Places[0].Nominee);
        Assert.Equal((2, 10), (view.Filled, view.Places));
        Assert.DoesNotContain(view.Unplaced, n => n.NominationId == anjali || n.NominationId == tomasi);

        var gender = (await world.ViewAsync(NominationWorld.Chair)).Desk!.Balance.Single(t => t.Dimension == "Gender");
        Assert.Equal(2, gender.OnSlate);
        Assert.Equal((1, 50), (gender.Rows.Single(r => r.Value == "Woman").OnSlate, gender.Rows.Single(r => r.Value == "Woman").OnSlatePercent));
        var participants = await _app.QueryAsync(db => db.Participations.CountAsync(p => p.RegistrationId != null && (p.IsParticipant)));
        Assert.Equal(participants, gender.Participants);

        await world.PlaceAsync(anjali, null, null);
        Assert.Contains((await world.ViewAsync(NominationWorld.Participant(7))).Unplaced, n => n.NominationId == anjali);
    }

    [Fact]
    public async Task The_plenary_approves_the_slate_as_a_whole_and_the_approved_slate_is_final()
    {
        var world = await NominationWorld.StartAsync(_app);
        var empty = await Assert.ThrowsAsync<DomainException>(() => world.OpenPollAsync());
        Assert.Contains("empty", empty.Message, StringComparison.Ordinal);
        var placed = await world.SlateOfAsync(3);
        var late = await world.NominateSelfAsync(NominationWorld.Participant(4));
        await Assert.ThrowsAsync<AccessDeniedException>(() => world.OpenPollAsync(NominationWorld.Participant(1)));

        var pollId = await world.OpenPollAsync();
        var poll = await _app.QueryAsync(db => db.Polls.AsNoTracking().SingleAsync(p => p.Id == pollId));
        Assert.Equal(PollSubject.Slate, poll.Subject);
        Assert.Contains($"place 1: {Anjali}; Coastal Fishworkers Solidarity Network; civil society; India; South and South-West Asia; Woman", poll.Text, StringComparison.Ordinal);
        Assert.Equal(StatementFingerprint(poll.Text), poll.Fingerprint);
        Assert.Contains("already open", (await Assert.ThrowsAsync<DomainException>(() => world.OpenPollAsync())).Message, StringComparison.Ordinal);

        // While the plenary decides, the slate cannot change.
        var slots = await world.SlotsAsync();
        Assert.Contains("put to the plenary", (await Assert.ThrowsAsync<DomainException>(() => world.PlaceAsync(late, slots["roundtable"], 4))).Message, StringComparison.Ordinal);
        Assert.Contains("put to the plenary", (await Assert.ThrowsAsync<DomainException>(() => world.WithdrawAsync(NominationWorld.Participant(1), placed[0]))).Message, StringComparison.Ordinal);
        Assert.Equal(SlateStage.Voting, (await world.ViewAsync(NominationWorld.Participant(5))).Stage);

        for (var i = 1; i <= 20; i++)
        {
            await world.RespondAsync(NominationWorld.Participant(i), pollId, i % 3 == 0 ? PollChoice.CanLiveWith : PollChoice.Support);
        }

        await Assert.ThrowsAsync<AccessDeniedException>(() => world.RespondAsync(NominationWorld.Observer, pollId, PollChoice.Support));
        var decision = await world.ClosePollAsync(pollId);

        Assert.Equal(PollOutcome.AdoptedByConsensus, decision.Outcome);
        var view = await world.ViewAsync(NominationWorld.Participant(5));
        Assert.Equal(SlateStage.Approved, view.Stage);
        Assert.Equal(poll.Fingerprint, view.Approved?.Fingerprint);
        Assert.True(view.Approved?.Unchanged);
        Assert.False(view.CanNominate);
        var pollView = await world.PollViewAsync(NominationWorld.Participant(5));
        Assert.Equal(new PollTally(14, 6, 0), pollView.Poll?.Tally);
        Assert.False(pollView.CanOpen);

        Assert.Contains("closed", (await Assert.ThrowsAsync<DomainException>(() => world.NominateSelfAsync(NominationWorld.Participant(6)))).Message, StringComparison.Ordinal);
        Assert.Contains("approved", (await Assert.ThrowsAsync<DomainException>(() => world.PlaceAsync(late, slots["roundtable"], 4))).Message, StringComparison.Ordinal);
        Assert.Contains("approved", (await Assert.ThrowsAsync<DomainException>(() => world.OpenPollAsync())).Message, StringComparison.Ordinal);
        Assert.Equal(0, await _app.QueryAsync(db => db.PollBallots.CountAsync()));
    }

    [Fact]
    public async Task A_slate_not_approved_opens_again_and_only_organisers_read_the_objections()
    {
        var world = await NominationWorld.StartAsync(_app);
        var placed = await world.SlateOfAsync(2);
        var pollId = await world.OpenPollAsync();
        await world.RespondAsync(NominationWorld.Participant(3), pollId, PollChoice.Objection, "Nobody from the Pacific.");
        for (var i = 4; i <= 20; i++)
        {
            await world.RespondAsync(NominationWorld.Participant(i), pollId, PollChoice.Support);
        }

        Assert.Equal(PollOutcome.NotAdopted, (await world.ClosePollAsync(pollId)).Outcome);

        Assert.Equal(["Nobody from the Pacific."], (await world.PollViewAsync(NominationWorld.Chair)).Poll!.ObjectionReasons);
        Assert.Empty((await world.PollViewAsync(NominationWorld.Participant(3))).Poll!.ObjectionReasons);
        Assert.Equal(SlateStage.Open, (await world.ViewAsync(NominationWorld.Participant(5))).Stage);
        await world.WithdrawAsync(NominationWorld.Participant(2), placed[1]);
        var second = await world.OpenPollAsync();
        Assert.Equal(2, (await _app.QueryAsync(db => db.Polls.AsNoTracking().SingleAsync(p => p.Id == second))).Revision);
        Assert.DoesNotContain(Tomasi, await _app.QueryAsync(db => db.Polls.Where(p => p.Id == second).Select(p => p.Text).SingleAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_organisers_filling_one_place_at_once_fill_it_once()
    {
        var world = await NominationWorld.StartAsync(_app);
        var slots = await world.SlotsAsync();
        var a = await world.NominateSelfAsync(NominationWorld.Participant(1));
        var b = await world.NominateSelfAsync(NominationWorld.Participant(2));

        var results = await Task.WhenAll(
            Outcome(() => world.PlaceAsync(a, slots["opening"], 1)),
            Outcome(() => world.PlaceAsync(b, slots["opening"], 1)));

        Assert.Equal(1, results.Count(r => r is null));
        Assert.All(results.OfType<DomainException>(), e => Assert.Matches("taken|same moment", e.Message));
        Assert.Equal(1, await _app.QueryAsync(db => db.Nominations.CountAsync(n => n.SlotId == slots["opening"])));

        static async Task<Exception?> Outcome(Func<Task> act)
        {
            try
            {
                await act();
                return null;
            }
            catch (DomainException e)
            {
                return e;
            }
        }
    }

    private static string StatementFingerprint(string text) => Domain.Statements.StatementFingerprint.Of(text);

    [Fact]
    public async Task The_demo_starts_with_nominees_to_place_and_a_proposal_to_match()
    {
        var world = await NominationWorld.StartAsync(_app);

        var view = await world.ViewAsync(NominationWorld.Chair);

        Assert.Equal(4, view.Unplaced.Count);
        Assert.Equal(0, view.Filled);
        var proposal = Assert.Single(view.Desk!.Proposals);
        Assert.Equal(("Aroha Tipene", NominationStatus.AwaitingMatch), (proposal.Name, proposal.Status));
        Assert.Equal((await _app.ParticipationOfAsync(NominationWorld.Participant(10))).Id, proposal.Suggested[0]);
    }
}

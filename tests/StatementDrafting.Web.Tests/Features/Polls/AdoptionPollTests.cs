using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Amendments;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Tests.Features.Drafting;

namespace StatementDrafting.Web.Tests.Features.Polls;

/// <summary>Opening, responding to and closing an adoption poll through the real pipeline and database.</summary>
public sealed class AdoptionPollTests : IDisposable
{
    private readonly AppFactory _app = new(demo: true);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Opening_locks_the_statement_at_its_revision_and_fingerprints_its_exact_text()
    {
        var world = await PollWorld.StartAsync(_app);
        var before = await StoredStatement.LoadAsync(_app, world.StatementId);

        var poll = await world.PollAsync(await world.OpenAsync());

        Assert.True(await world.LockedAsync());
        Assert.Equal(before.Revision, poll.Revision);
        var expected = await _app.QueryAsync(async db =>
        {
            var statement = await db.Statements.AsNoTracking().SingleAsync(s => s.Id == world.StatementId);
            statement.RestoreOrder();
            return StatementFingerprint.Of(statement);
        });
        Assert.Equal(expected, poll.Fingerprint);
        Assert.Equal(poll.Fingerprint, StatementFingerprint.Of(poll.Text));
        Assert.Contains(before.Blocks[^1].Text, poll.Text, StringComparison.Ordinal);

        var proposal = await Assert.ThrowsAsync<DomainException>(() => _app.SendAsAsync(PollWorld.Participant(1),
            m => m.Send(new ProposeAmendment(world.StatementId, AmendmentKind.Delete, before.Blocks[2].Id, null, null))));
        Assert.Contains("locked", proposal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_an_organiser_opens_a_poll_and_never_a_second_while_one_is_open()
    {
        var world = await PollWorld.StartAsync(_app);

        await Assert.ThrowsAsync<AccessDeniedException>(() => world.OpenAsync("cohost1@example.org"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => world.OpenAsync(PollWorld.Participant(1)));
        await world.OpenAsync();
        var second = await Assert.ThrowsAsync<DomainException>(() => world.OpenAsync());

        Assert.Contains("already open", second.Message, StringComparison.Ordinal);
        Assert.Equal(1, await _app.QueryAsync(db => db.Polls.CountAsync()));
    }

    [Fact]
    public async Task Two_chairs_opening_at_once_open_one_poll()
    {
        var world = await PollWorld.StartAsync(_app);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            try
            {
                return await world.OpenAsync();
            }
            catch (DomainException)
            {
                return 0;
            }
        }));

        Assert.Single(attempts, id => id > 0);
        Assert.Equal(1, await _app.QueryAsync(db => db.Polls.CountAsync()));
    }

    [Fact]
    public async Task Observers_organisers_who_do_not_take_part_and_strangers_cannot_respond()
    {
        var world = await PollWorld.StartAsync(_app);
        var pollId = await world.OpenAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => world.RespondAsync("observer@example.org", pollId, PollChoice.Support));
        await Assert.ThrowsAsync<AccessDeniedException>(() => world.RespondAsync(PollWorld.Chair, pollId, PollChoice.Support));
        await Assert.ThrowsAsync<NotSignedInException>(() => _app.SendAsAsync(null, async m =>
            await m.Send(new Web.Features.Polls.RespondToPoll(world.ConsultationId, pollId, PollChoice.Support))));

        Assert.Equal(0, await _app.QueryAsync(db => db.PollBallots.CountAsync()));
    }

    [Fact]
    public async Task Co_hosts_and_participants_respond_and_a_change_of_mind_replaces_the_earlier_response()
    {
        var world = await PollWorld.StartAsync(_app, r => r with { QuorumPercent = null });
        var pollId = await world.OpenAsync();

        await world.RespondAsync("cohost1@example.org", pollId, PollChoice.Support);
        await world.RespondAsync(PollWorld.Participant(1), pollId, PollChoice.Objection, "Paragraph 3 names no timeline.");
        await world.RespondAsync(PollWorld.Participant(1), pollId, PollChoice.CanLiveWith);
        await world.RespondAsync(PollWorld.Participant(1), pollId, PollChoice.CanLiveWith); // the same again (a second tab)

        Assert.Equal(2, await _app.QueryAsync(db => db.PollBallots.CountAsync()));
        Assert.Equal(2, await _app.QueryAsync(db => db.PollRespondents.CountAsync()));
        var decision = await world.CloseAsync(pollId);
        Assert.Equal(new PollTally(1, 1, 0), decision.Tally);
        Assert.Equal(PollOutcome.AdoptedByConsensus, decision.Outcome);
    }

    [Fact]
    public async Task A_response_with_a_reason_that_is_not_an_objection_or_too_long_is_refused_and_nothing_is_stored()
    {
        var world = await PollWorld.StartAsync(_app);
        var pollId = await world.OpenAsync();

        await Assert.ThrowsAsync<ValidationFailedException>(() => world.RespondAsync(PollWorld.Participant(2), pollId, PollChoice.Support, "I like it."));
        await Assert.ThrowsAsync<ValidationFailedException>(() => world.RespondAsync(PollWorld.Participant(2), pollId, PollChoice.Objection, new string('x', Poll.MaxReasonLength + 1)));
        await Assert.ThrowsAsync<ValidationFailedException>(() => world.RespondAsync(PollWorld.Participant(2), pollId, (PollChoice)0));

        Assert.Equal(0, await _app.QueryAsync(db => db.PollBallots.CountAsync()));
    }

    [Fact]
    public async Task A_response_to_a_poll_of_another_consultation_or_after_the_close_is_refused()
    {
        var world = await PollWorld.StartAsync(_app, r => r with { QuorumPercent = null });
        var pollId = await world.OpenAsync();
        await world.RespondAsync(PollWorld.Participant(1), pollId, PollChoice.Support);

        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.SendAsAsync(PollWorld.Participant(2), async m =>
            await m.Send(new Web.Features.Polls.RespondToPoll(world.ConsultationId + 1, pollId, PollChoice.Support))));
        await world.CloseAsync(pollId);
        var late = await Assert.ThrowsAsync<DomainException>(() => world.RespondAsync(PollWorld.Participant(2), pollId, PollChoice.Support));
        var again = await Assert.ThrowsAsync<DomainException>(() => world.CloseAsync(pollId));

        Assert.Contains("closed", late.Message, StringComparison.Ordinal);
        Assert.Contains("already closed", again.Message, StringComparison.Ordinal);
        Assert.Equal(new PollTally(1, 0, 0), (await world.PollAsync(pollId)).Final);
    }

    [Fact]
    public async Task Only_an_organiser_closes_a_poll()
    {
        var world = await PollWorld.StartAsync(_app);
        var pollId = await world.OpenAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => world.CloseAsync(pollId, email: "cohost1@example.org"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => world.CloseAsync(pollId, email: PollWorld.Participant(3)));

        Assert.True((await world.PollAsync(pollId)).IsOpen);
    }

    [Fact]
    public async Task An_objection_under_consensus_means_not_adopted_and_the_statement_unlocks_with_the_reasons_kept_apart()
    {
        var world = await PollWorld.StartAsync(_app, r => r with { QuorumPercent = null });
        var pollId = await world.OpenAsync();
        await world.RespondAsync(PollWorld.Participant(1), pollId, PollChoice.Support);
        await world.RespondAsync(PollWorld.Participant(2), pollId, PollChoice.Objection, "The second paragraph overstates the evidence.");
        await world.RespondAsync(PollWorld.Participant(3), pollId, PollChoice.Objection);

        var decision = await world.CloseAsync(pollId);

        Assert.Equal(PollOutcome.NotAdopted, decision.Outcome);
        Assert.False(await world.LockedAsync());
        Assert.Equal(["The second paragraph overstates the evidence."], await _app.QueryAsync(db => db.PollObjections.Select(o => o.Reason).ToListAsync()));
        Assert.Equal(0, await _app.QueryAsync(db => db.PollBallots.CountAsync()));
        Assert.Null((await world.PollAsync(pollId)).Secret);

        // Not adopted: the statement can be put to the plenary again.
        var next = await world.OpenAsync();
        Assert.NotEqual(pollId, next);
    }

    [Fact]
    public async Task An_adopted_statement_stays_locked_and_cannot_be_put_to_a_poll_again()
    {
        var world = await PollWorld.StartAsync(_app, r => r with { QuorumPercent = null });
        Assert.Equal("Draft", await StageAsync(world));
        var pollId = await world.OpenAsync();
        Assert.Equal("Up for adoption", await StageAsync(world));
        await world.RespondAsync(PollWorld.Participant(1), pollId, PollChoice.Support);

        var decision = await world.CloseAsync(pollId);

        Assert.Equal(PollOutcome.AdoptedByConsensus, decision.Outcome);
        Assert.True(await world.LockedAsync());
        var closed = (await world.PollAsync(pollId)).ClosedAt!.Value;
        Assert.Equal(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Adopted on {closed:d MMMM yyyy} by consensus"), await StageAsync(world));
        var again = await Assert.ThrowsAsync<DomainException>(() => world.OpenAsync());
        Assert.Contains("adopted", again.Message, StringComparison.Ordinal);
        var unlock = await Assert.ThrowsAsync<DomainException>(() => _app.SendAsAsync(PollWorld.Chair, async m =>
            await m.Send(new Web.Features.Drafting.SetStatementLock(world.StatementId, false))));
        Assert.Contains("final", unlock.Message, StringComparison.Ordinal);
        Assert.True(await world.LockedAsync());
    }

    private Task<string> StageAsync(PollWorld world) =>
        _app.SendAsAsync(PollWorld.Participant(5), async m => (await m.Send(new Web.Features.Statements.GetStatement(world.StatementId)))!.Stage);

    [Fact]
    public async Task While_the_poll_is_open_the_statement_cannot_be_unlocked_by_hand()
    {
        var world = await PollWorld.StartAsync(_app);
        await world.OpenAsync();

        var unlock = await Assert.ThrowsAsync<DomainException>(() => _app.SendAsAsync(PollWorld.Chair, async m =>
            await m.Send(new Web.Features.Drafting.SetStatementLock(world.StatementId, false))));

        Assert.Contains("up for adoption", unlock.Message, StringComparison.Ordinal);
        Assert.True(await world.LockedAsync());
    }

    [Fact]
    public async Task Without_the_quorum_nothing_is_adopted()
    {
        var world = await PollWorld.StartAsync(_app, r => r with { QuorumPercent = 50 });
        var pollId = await world.OpenAsync();
        for (var n = 1; n <= 3; n++)
        {
            await world.RespondAsync(PollWorld.Participant(n), pollId, PollChoice.Support);
        }

        var decision = await world.CloseAsync(pollId);

        Assert.Equal(PollOutcome.NotAdopted, decision.Outcome);
        Assert.False(decision.QuorumMet);
        Assert.Equal(34, decision.Eligible); // 30 participants and 4 co-hosts; neither the observer nor the organiser
    }

    [Fact]
    public async Task Under_the_chairs_declaration_the_chair_must_declare_the_outcome()
    {
        var world = await PollWorld.StartAsync(_app, r => r with { Adoption = Domain.Consultations.AdoptionRule.Declaration });
        var pollId = await world.OpenAsync();
        await world.RespondAsync(PollWorld.Participant(1), pollId, PollChoice.Objection);

        await Assert.ThrowsAsync<DomainException>(() => world.CloseAsync(pollId));
        var decision = await world.CloseAsync(pollId, declared: true);

        Assert.Equal(PollOutcome.AdoptedByDeclaration, decision.Outcome);
        Assert.Equal(new PollTally(0, 0, 1), decision.Tally);
    }

    [Fact]
    public async Task In_organisation_mode_the_latest_response_of_any_member_is_the_organisations()
    {
        var world = await PollWorld.StartAsync(_app, r => r with { QuorumPercent = null, ResponsePerOrganisation = true });
        // Two participants of one organisation: the demo's registrants 2 and 1 differ, so make participant 2 a colleague of 1.
        await _app.QueryAsync(async db =>
        {
            var registrations = await db.Registrations.Where(r => r.Email == "participant1@example.org" || r.Email == "participant2@example.org").ToListAsync();
            var first = registrations.Single(r => r.Email == "participant1@example.org");
            var second = registrations.Single(r => r.Email == "participant2@example.org");
            return await db.Database.ExecuteSqlInterpolatedAsync($"""UPDATE "Registrations" SET "Organisation" = {first.Organisation}, "OrganisationKey" = {first.OrganisationKey} WHERE "Id" = {second.Id}""");
        });
        var pollId = await world.OpenAsync();

        await world.RespondAsync(PollWorld.Participant(1), pollId, PollChoice.Objection);
        await world.RespondAsync(PollWorld.Participant(2), pollId, PollChoice.Support);
        await world.RespondAsync(PollWorld.Participant(3), pollId, PollChoice.CanLiveWith);
        var decision = await world.CloseAsync(pollId);

        Assert.Equal(new PollTally(1, 1, 0), decision.Tally);
        Assert.Equal(PollOutcome.AdoptedByConsensus, decision.Outcome);
        Assert.Equal(3, await _app.QueryAsync(db => db.PollRespondents.CountAsync()));
        Assert.True(decision.Eligible < 34, $"organisations counted: {decision.Eligible}");
    }
}

using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Web.Infrastructure.Identity;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Tests.Features.Polls;

/// <summary>
/// Many responders at once, changes of mind, double submits and a close in the middle: a response counts if and only if
/// it was acknowledged, each voter once with their last acknowledged choice, and the recorded counts are the stored ones.
/// </summary>
public sealed class PollRaceTests : IDisposable
{
    private const int Seed = 20261207;
    private readonly AppFactory _app = new(demo: true);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Two_hundred_responders_with_a_close_in_the_middle_count_exactly_what_was_acknowledged()
    {
        var world = await PollWorld.StartAsync(_app, r => r with { QuorumPercent = null });
        var voters = await AddParticipantsAsync(world.ConsultationId, 200);
        var pollId = await world.OpenAsync();
        var random = new Random(Seed);
        Console.WriteLine($"PollRaceTests seed {Seed}");
        var plans = voters.Select(v => (Email: v, First: (PollChoice)random.Next(1, 4), Second: (PollChoice)random.Next(1, 4))).ToList();
        var acknowledged = new ConcurrentDictionary<string, PollChoice>();
        var refusedLate = 0;
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = 0;

        async Task RespondAsync((string Email, PollChoice First, PollChoice Second) plan)
        {
            foreach (var choice in new[] { plan.First, plan.Second })
            {
                try
                {
                    await world.RespondAsync(plan.Email, pollId, choice);
                    acknowledged[plan.Email] = choice;
                }
                catch (DomainException e) when (e.Message.Contains("closed", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref refusedLate);
                    return;
                }
            }

            if (Interlocked.Increment(ref done) == plans.Count / 2)
            {
                halfway.TrySetResult();
            }
        }

        var responders = plans.Select(p => Task.Run(() => RespondAsync(p))).ToList();
        await halfway.Task.WaitAsync(TimeSpan.FromSeconds(120));
        var decision = await world.CloseAsync(pollId);
        await Task.WhenAll(responders).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(PollTally.Of(acknowledged.Values), decision.Tally);
        Assert.Equal(decision.Tally, (await world.PollAsync(pollId)).Final);
        Assert.Equal(acknowledged.Count, await _app.QueryAsync(db => db.PollRespondents.CountAsync(r => r.PollId == pollId)));
        Assert.Equal(0, await _app.QueryAsync(db => db.PollBallots.CountAsync()));
        Assert.True(decision.Tally.Responses >= plans.Count / 2, $"responses counted: {decision.Tally.Responses}");
        Console.WriteLine($"counted {decision.Tally.Responses} voters; {refusedLate} late responses refused");
    }

    [Fact]
    public async Task The_same_voter_responding_from_two_tabs_at_once_holds_one_ballot_with_one_of_the_two_choices()
    {
        var world = await PollWorld.StartAsync(_app, r => r with { QuorumPercent = null });
        var pollId = await world.OpenAsync();

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            world.RespondAsync(PollWorld.Participant(4), pollId, i % 2 == 0 ? PollChoice.Support : PollChoice.Objection))));

        var ballots = await _app.QueryAsync(db => db.PollBallots.Where(b => b.PollId == pollId).ToListAsync());
        Assert.Single(ballots);
        Assert.Equal(1, await _app.QueryAsync(db => db.PollRespondents.CountAsync(r => r.PollId == pollId)));
        var decision = await world.CloseAsync(pollId);
        Assert.Equal(1, decision.Tally.Responses);
    }

    [Fact]
    public async Task In_organisation_mode_two_members_responding_at_once_leave_one_response_for_their_organisation()
    {
        var world = await PollWorld.StartAsync(_app, r => r with { QuorumPercent = null, ResponsePerOrganisation = true });
        var voters = await AddParticipantsAsync(world.ConsultationId, 2, organisation: "Shared Harbour Collective");
        var pollId = await world.OpenAsync();

        await Task.WhenAll(
            Task.Run(() => world.RespondAsync(voters[0], pollId, PollChoice.Support)),
            Task.Run(() => world.RespondAsync(voters[1], pollId, PollChoice.Objection)));

        Assert.Single(await _app.QueryAsync(db => db.PollBallots.Where(b => b.PollId == pollId).ToListAsync()));
        Assert.Equal(2, await _app.QueryAsync(db => db.PollRespondents.CountAsync(r => r.PollId == pollId)));
        var decision = await world.CloseAsync(pollId);
        Assert.Equal(1, decision.Tally.Responses);
    }

    /// <summary>Approved participants with accounts (each its own organisation unless one is given).</summary>
    private async Task<List<string>> AddParticipantsAsync(int consultationId, int count, string? organisation = null)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
        var directory = scope.ServiceProvider.GetRequiredService<AccountDirectory>();
        var consultation = await db.Consultations.Include(c => c.Clusters).SingleAsync(c => c.Id == consultationId);
        var emails = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            var email = $"voter{i:000}@example.org";
            var registration = Domain.People.Registration.Submit(
                consultation,
                new Domain.People.RegistrationDetails($"Voter {i}", email, organisation ?? $"Voter Organisation {i}", consultation.StakeholderCategories[0], "Fiji", consultation.Regions[0], Domain.People.Gender.PreferNotToSay, 1),
                [],
                Domain.People.RegistrationSource.Import,
                DateTimeOffset.UtcNow);
            registration.Approve(DateTimeOffset.UtcNow);
            db.Registrations.Add(registration);
            await db.SaveChangesAsync();
            var user = await directory.FindOrCreateUserAsync(db, email, $"Voter {i}", default);
            (await directory.FindOrCreateParticipationAsync(db, consultationId, user, default)).MakeParticipant(registration.Id);
            await db.SaveChangesAsync();
            emails.Add(email);
        }

        return emails;
    }
}

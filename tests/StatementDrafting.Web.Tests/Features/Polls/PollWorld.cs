using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Web.Features.Polls;
using StatementDrafting.Web.Tests.Features.Drafting;

namespace StatementDrafting.Web.Tests.Features.Polls;

/// <summary>The demo consultation with a poll on cluster 1's statement, and ways to respond and close as its people.</summary>
internal sealed class PollWorld(AppFactory app)
{
    public const string Chair = People.Organiser;

    public AppFactory App => app;

    public int ConsultationId { get; private set; }

    public int StatementId { get; private set; }

    public static string Participant(int n) => $"participant{n}@example.org";

    public static async Task<PollWorld> StartAsync(AppFactory app, Func<ConsultationRules, ConsultationRules>? rules = null)
    {
        var world = new PollWorld(app)
        {
            ConsultationId = await app.ConsultationIdAsync(),
            StatementId = (await StoredStatement.OfClusterAsync(app, 1)).Id,
        };
        if (rules is not null)
        {
            await world.ChangeRulesAsync(rules);
        }

        return world;
    }

    public Task ChangeRulesAsync(Func<ConsultationRules, ConsultationRules> change) =>
        app.QueryAsync(async db =>
        {
            var consultation = await db.Consultations.SingleAsync(c => c.Id == ConsultationId);
            consultation.ChangeRules(change(consultation.Rules));
            return await db.SaveChangesAsync();
        });

    public Task<int> OpenAsync(string email = Chair) => app.SendAsAsync(email, m => m.Send(new OpenAdoptionPoll(StatementId)));

    public Task RespondAsync(string email, int pollId, PollChoice choice, string? reason = null) =>
        app.SendAsAsync(email, async m => await m.Send(new RespondToPoll(ConsultationId, pollId, choice, reason)));

    public Task<PollDecision> CloseAsync(int pollId, bool? declared = null, string email = Chair) =>
        app.SendAsAsync(email, m => m.Send(new ClosePoll(ConsultationId, pollId, declared)));

    public Task<Poll> PollAsync(int pollId) => app.QueryAsync(db => db.Polls.AsNoTracking().SingleAsync(p => p.Id == pollId));

    public Task<bool> LockedAsync() => app.QueryAsync(db => db.Statements.Where(s => s.Id == StatementId).Select(s => s.IsLocked).SingleAsync());
}

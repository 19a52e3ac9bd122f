using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Web.Features.Nominations;
using StatementDrafting.Web.Features.Polls;

namespace StatementDrafting.Web.Tests.Features.Nominations;

/// <summary>The demo consultation's nominations, acted on as its people through the real pipeline.</summary>
internal sealed class NominationWorld(AppFactory app, int consultationId)
{
    public const string Chair = People.Organiser;
    public const string Observer = "observer@example.org";

    public int ConsultationId => consultationId;

    /// <summary>participant{n}'s registration is the demo's n-th registrant (participant1 is Anjali Ramaswamy).</summary>
    public static string Participant(int n) => $"participant{n}@example.org";

    public static async Task<NominationWorld> StartAsync(AppFactory app) => new(app, await app.ConsultationIdAsync());

    public Task<int> NominateSelfAsync(string email, string? slotKind = null) =>
        app.SendAsAsync(email, m => m.Send(new NominateSpeaker(ConsultationId, Self: true, SlotKind: slotKind, Consent: true)));

    public Task<int> ProposeAsync(string email, string name, string organisation, string? note = null) =>
        app.SendAsAsync(email, m => m.Send(new NominateSpeaker(ConsultationId, Self: false, name, organisation, Note: note)));

    public async Task MatchAsync(int nominationId, string nomineeEmail, string email = Chair)
    {
        var nominee = await app.ParticipationOfAsync(nomineeEmail);
        await app.SendAsAsync(email, async m => await m.Send(new MatchNomination(ConsultationId, nominationId, nominee.Id)));
    }

    public Task AnswerAsync(string email, int nominationId, bool accept) =>
        app.SendAsAsync(email, async m => await m.Send(new AnswerNomination(ConsultationId, nominationId, accept)));

    public Task WithdrawAsync(string email, int nominationId) =>
        app.SendAsAsync(email, async m => await m.Send(new WithdrawNomination(ConsultationId, nominationId)));

    public Task PlaceAsync(int nominationId, int? slotId, int? position, string email = Chair) =>
        app.SendAsAsync(email, async m => await m.Send(new PlaceNominee(ConsultationId, nominationId, slotId, position)));

    public Task<NominationsView> ViewAsync(string email) =>
        app.SendAsAsync(email, async m => (await m.Send(new GetNominations(ConsultationId)))!);

    public Task<PollSubjectView> PollViewAsync(string email) => app.SendAsAsync(email, m => m.Send(new GetSlatePoll(ConsultationId)));

    public Task<int> OpenPollAsync(string email = Chair) => app.SendAsAsync(email, m => m.Send(new OpenSlatePoll(ConsultationId)));

    public Task RespondAsync(string email, int pollId, PollChoice choice, string? reason = null) =>
        app.SendAsAsync(email, async m => await m.Send(new RespondToPoll(ConsultationId, pollId, choice, reason)));

    public Task<PollDecision> ClosePollAsync(int pollId) => app.SendAsAsync(Chair, m => m.Send(new ClosePoll(ConsultationId, pollId)));

    /// <summary>The consultation's speaker slots by kind ("opening", "roundtable", "after-country-statements").</summary>
    public Task<Dictionary<string, int>> SlotsAsync() => app.QueryAsync(db =>
        db.Consultations.Where(c => c.Id == ConsultationId).SelectMany(c => c.SpeakerSlots).ToDictionaryAsync(s => s.Kind, s => s.Id));

    /// <summary>Nominates participants 1 to <paramref name="count"/> themselves and places them in the roundtable slot, in order.</summary>
    public async Task<IReadOnlyList<int>> SlateOfAsync(int count)
    {
        var slots = await SlotsAsync();
        var ids = new List<int>();
        for (var i = 1; i <= count; i++)
        {
            var id = await NominateSelfAsync(Participant(i));
            await PlaceAsync(id, slots["roundtable"], i);
            ids.Add(id);
        }

        return ids;
    }
}

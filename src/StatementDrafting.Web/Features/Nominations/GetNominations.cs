using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Nominations;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Features.Dashboard;
using StatementDrafting.Web.Features.Polls;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Nominations;

/// <summary>
/// The nominations as the caller may see them. Everyone: the slate and the accepted nominees, by name, organisation,
/// stakeholder category, country, region and gender (they consented), never by pseudonym and never with who proposed
/// them. The caller's own: what they are asked to accept, their nomination, and their proposals. Organisers besides:
/// the proposals to match (without their proposers), the registered participants to match them to, and the slate's
/// balance against the participation.
/// </summary>
public sealed record GetNominations(int ConsultationId) : IQuery<NominationsView?>, IAuthorisedRequest
{
    public Permission Permission => Permission.Member(ConsultationId);
}

public sealed record NominationsView(
    int ConsultationId,
    string Title,
    SlateStage Stage,
    IReadOnlyList<SlateSlotView> Slots,
    IReadOnlyList<NomineeView> Unplaced,
    IReadOnlyList<string> SlotKinds,
    bool CanNominate,
    bool CanNominateSelf,
    IReadOnlyList<AskedOfMeView> AskedOfMe,
    NomineeView? Mine,
    IReadOnlyList<MyProposalView> MyProposals,
    ApprovedSlateView? Approved,
    NominationsDeskView? Desk)
{
    public int Places => Slots.Sum(s => s.Count);

    public int Filled => Slots.Sum(s => s.Places.Count(p => p.Nominee is not null));
}

public sealed record SlateSlotView(int SlotId, string Kind, int Count, int? MinutesEach, string Note, IReadOnlyList<PlaceView> Places);

public sealed record PlaceView(int Position, NomineeView? Nominee);

/// <param name="SlotId">The slot the nominee is placed in (null: not on the slate).</param>
public sealed record NomineeView(int NominationId, NomineeProfile Profile, string? PreferredSlotKind, int? SlotId, int? Position);

/// <summary>A nomination the caller is asked to accept; who proposed it is not said.</summary>
public sealed record AskedOfMeView(int NominationId, string? PreferredSlotKind);

public sealed record MyProposalView(int NominationId, string Name, string Organisation, NominationStatus Status);

/// <summary>The approved slate: when, its fingerprint, and whether the slate shown is still exactly the one approved.</summary>
public sealed record ApprovedSlateView(DateTimeOffset At, string Fingerprint, bool Unchanged);

public sealed record NominationsDeskView(
    IReadOnlyList<ProposalView> Proposals,
    IReadOnlyList<CandidateView> Candidates,
    IReadOnlyList<AcceptedView> Accepted,
    IReadOnlyList<BalanceTable> Balance);

/// <param name="MatchedTo">The participant asked, while they have not answered.</param>
/// <param name="Suggested">Registered participants whose name or organisation resembles the proposal's, likeliest first.</param>
public sealed record ProposalView(int NominationId, string Name, string Organisation, string? Note, string? PreferredSlotKind, NominationStatus Status, CandidateView? MatchedTo, IReadOnlyList<int> Suggested);

public sealed record CandidateView(int ParticipationId, string Name, string Organisation);

public sealed record AcceptedView(int NominationId, NomineeProfile Profile, string? Note, string? PreferredSlotKind, int? SlotId, int? Position);

public sealed class GetNominationsValidator : IValidator<GetNominations>
{
    public IEnumerable<ValidationError> Validate(GetNominations message) => Ids.Positive(("ConsultationId", message?.ConsultationId, "consultation"));
}

public sealed class GetNominationsHandler(IDbContextFactory<DraftingDbContext> contexts, CallerContext caller) : IQueryHandler<GetNominations, NominationsView?>
{
    private static readonly NominationStatus[] Open = [NominationStatus.AwaitingMatch, NominationStatus.AwaitingConsent];

    public async ValueTask<NominationsView?> Handle(GetNominations query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var consultation = await db.Consultations.AsNoTracking().Include(c => c.SpeakerSlots).FirstOrDefaultAsync(c => c.Id == query.ConsultationId, cancellationToken);
        if (consultation is null)
        {
            return null;
        }

        var me = await db.Participations.AsNoTracking().FirstOrDefaultAsync(p => p.ConsultationId == consultation.Id && p.UserId == caller.UserId, cancellationToken);
        var latestPoll = await NominationDesk.LatestSlatePollAsync(db, consultation.Id, cancellationToken);
        var stage = NominationDesk.StageOf(latestPoll);
        var nominations = await db.Nominations.AsNoTracking().Where(n => n.ConsultationId == consultation.Id).OrderBy(n => n.Id).ToListAsync(cancellationToken);
        var accepted = nominations.Where(n => n.Status == NominationStatus.Accepted).ToList();
        var profiles = await NominationDesk.ProfilesAsync(db, [.. accepted.Select(n => n.NomineeParticipationId!.Value)], cancellationToken);
        var nominees = accepted.Where(n => profiles.ContainsKey(n.NomineeParticipationId!.Value))
            .Select(n => new NomineeView(n.Id, profiles[n.NomineeParticipationId!.Value], n.PreferredSlotKind, n.SlotId, n.Position))
            .ToList();

        var slots = NominationDesk.SlotsOf(consultation)
            .Select(s => new SlateSlotView(s.SlotId, s.Kind, s.Count, s.MinutesEach, s.Note,
                [.. Enumerable.Range(1, s.Count).Select(i => new PlaceView(i, nominees.FirstOrDefault(n => n.SlotId == s.SlotId && n.Position == i)))]))
            .ToList();
        var unplaced = nominees.Where(n => n.SlotId is null).OrderBy(n => n.Profile.Name, StringComparer.CurrentCultureIgnoreCase).ToList();

        var eligible = me is not null && PollDesk.IsEligible(me);
        var mine = me is null ? null : nominees.FirstOrDefault(n => accepted.First(a => a.Id == n.NominationId).NomineeParticipationId == me.Id);
        var asked = me is null ? [] : nominations.Where(n => n.Status == NominationStatus.AwaitingConsent && n.NomineeParticipationId == me.Id)
            .Select(n => new AskedOfMeView(n.Id, n.PreferredSlotKind)).ToList();
        var myProposals = me is null ? [] : nominations.Where(n => n.ProposerParticipationId == me.Id && !n.IsSelf)
            .Select(n => new MyProposalView(n.Id, n.ProposedName, n.ProposedOrganisation, n.Status)).ToList();
        var canNominate = eligible && stage != SlateStage.Approved;

        ApprovedSlateView? approved = null;
        if (stage == SlateStage.Approved)
        {
            var slate = await NominationDesk.SlateAsync(db, consultation.Id, cancellationToken);
            approved = new ApprovedSlateView(latestPoll!.ClosedAt!.Value, latestPoll.Fingerprint, Domain.Statements.StatementFingerprint.Of(slate.CanonicalText()) == latestPoll.Fingerprint);
        }

        var desk = me is { IsOrganiser: true } ? await DeskAsync(db, consultation, nominations, nominees, cancellationToken) : null;
        return new NominationsView(
            consultation.Id,
            consultation.Title,
            stage,
            slots,
            unplaced,
            [.. consultation.SpeakerSlots.OrderBy(s => s.Id).Select(s => s.Kind)],
            canNominate,
            CanNominateSelf: canNominate && me!.RegistrationId is not null && mine is null && asked.Count == 0,
            asked,
            mine,
            myProposals,
            approved,
            desk);
    }

    private static async Task<NominationsDeskView> DeskAsync(DraftingDbContext db, Domain.Consultations.Consultation consultation, List<Nomination> nominations, List<NomineeView> nominees, CancellationToken cancellationToken)
    {
        var people = (await db.Participations.AsNoTracking().Where(p => p.ConsultationId == consultation.Id && p.RegistrationId != null)
                .Join(db.Registrations.AsNoTracking(), p => p.RegistrationId, r => (int?)r.Id, (p, r) => new { Participation = p, Registration = r })
                .ToListAsync(cancellationToken))
            .Where(x => PollDesk.IsEligible(x.Participation))
            .ToList();
        var candidates = people
            .Select(x => new CandidateView(x.Participation.Id, x.Registration.Name, x.Registration.Organisation))
            .OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
        var byId = candidates.ToDictionary(c => c.ParticipationId);

        var proposals = nominations.Where(n => Open.Contains(n.Status) && !n.IsSelf)
            .Select(n => new ProposalView(
                n.Id, n.ProposedName, n.ProposedOrganisation, n.Note, n.PreferredSlotKind, n.Status,
                n.NomineeParticipationId is { } id ? byId.GetValueOrDefault(id) : null,
                Suggest(n, candidates)))
            .ToList();
        var notes = nominations.ToDictionary(n => n.Id, n => n.Note);
        var acceptedViews = nominees.Select(n => new AcceptedView(n.NominationId, n.Profile, notes[n.NominationId], n.PreferredSlotKind, n.SlotId, n.Position)).ToList();

        var participants = people.Select(x => NominationDesk.ProfileOf(x.Registration)).ToList();
        var onSlate = nominees.Where(n => n.SlotId is not null).Select(n => n.Profile).ToList();
        IReadOnlyList<BalanceTable> balance =
        [
            BalanceTable.Compare("Stakeholder category", onSlate.Select(p => p.StakeholderCategory), participants.Select(p => p.StakeholderCategory), consultation.StakeholderCategories),
            BalanceTable.Compare("Region", onSlate.Select(p => p.Region), participants.Select(p => p.Region), consultation.Regions),
            BalanceTable.Compare("Gender", onSlate.Select(p => p.Gender), participants.Select(p => p.Gender), GenderWords.AllOfOne),
            BalanceTable.Compare("Country", onSlate.Select(p => p.Country), participants.Select(p => p.Country), []),
        ];
        return new NominationsDeskView(proposals, candidates, acceptedViews, balance);
    }

    /// <summary>Up to five registered participants resembling a proposal: the same organisation weighs most, then each word of the name.</summary>
    private static IReadOnlyList<int> Suggest(Nomination proposal, IReadOnlyList<CandidateView> candidates)
    {
        var organisation = OrganisationName.Normalise(proposal.ProposedOrganisation);
        var words = Words(proposal.ProposedName);
        return
        [
            .. candidates
                .Select(c => (c.ParticipationId, Score: (OrganisationName.Normalise(c.Organisation) == organisation ? 3 : 0) + Words(c.Name).Count(words.Contains)))
                .Where(c => c.Score > 0)
                .OrderByDescending(c => c.Score)
                .Take(5)
                .Select(c => c.ParticipationId),
        ];
    }

    private static HashSet<string> Words(string name) =>
        [.. name.Split([' ', '-', '.', ','], StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 1).Select(w => w.ToUpperInvariant())];
}

using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Nominations;
using StatementDrafting.Domain.People;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Web.Features.Dashboard;
using StatementDrafting.Web.Features.Polls;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Nominations;

/// <summary>Where the slate stands: open to changes, being voted on, or approved (and then final).</summary>
public enum SlateStage
{
    Open,
    Voting,
    Approved,
}

/// <summary>What the nominations use cases share: who may be nominated, the slate as it stands, and whether it may still change.</summary>
public static class NominationDesk
{
    /// <summary>Active proposals one person may have at a time (a bound on abuse, far above any real need).</summary>
    public const int MaxOpenProposalsPerPerson = 20;

    /// <summary>The latest poll on the consultation's slate, if any.</summary>
    public static Task<Poll?> LatestSlatePollAsync(DraftingDbContext db, int consultationId, CancellationToken cancellationToken) =>
        db.Polls.AsNoTracking()
            .Where(p => p.ConsultationId == consultationId && p.Subject == PollSubject.Slate)
            .OrderByDescending(p => p.Id)
            .FirstOrDefaultAsync(cancellationToken);

    public static SlateStage StageOf(Poll? latest) => latest switch
    {
        { IsOpen: true } => SlateStage.Voting,
        { Outcome: not null and not PollOutcome.NotAdopted } => SlateStage.Approved,
        _ => SlateStage.Open,
    };

    /// <summary>Refuses a change to the slate (a place, a nominee leaving it) while it is put to the plenary or once approved.</summary>
    public static async Task EnsureSlateOpenAsync(DraftingDbContext db, int consultationId, CancellationToken cancellationToken)
    {
        switch (StageOf(await LatestSlatePollAsync(db, consultationId, cancellationToken)))
        {
            case SlateStage.Voting:
                throw new DomainException("The slate is being put to the plenary: it cannot change until the poll closes.");
            case SlateStage.Approved:
                throw new DomainException("The slate has been approved: nominations are closed. Ask the organisers.");
        }
    }

    /// <summary>Refuses any nomination once the slate is approved.</summary>
    public static async Task EnsureNotApprovedAsync(DraftingDbContext db, int consultationId, CancellationToken cancellationToken)
    {
        if (StageOf(await LatestSlatePollAsync(db, consultationId, cancellationToken)) == SlateStage.Approved)
        {
            throw new DomainException("The slate has been approved: nominations are closed.");
        }
    }

    /// <summary>The caller's participation in the consultation, tracked; refused unless they may take part in nominations.</summary>
    public static async Task<Participation> EligibleAsync(DraftingDbContext db, int consultationId, string userId, CancellationToken cancellationToken)
    {
        var participation = await db.Participations.FirstOrDefaultAsync(p => p.ConsultationId == consultationId && p.UserId == userId, cancellationToken);
        return participation is not null && PollDesk.IsEligible(participation)
            ? participation
            : throw new Infrastructure.Authorisation.AccessDeniedException("Only participants and co-hosts take part in nominations; observers follow them.");
    }

    /// <summary>What may be published of each participant's registration, by participation id (registered participants only).</summary>
    public static async Task<Dictionary<int, NomineeProfile>> ProfilesAsync(DraftingDbContext db, IReadOnlyCollection<int> participationIds, CancellationToken cancellationToken)
    {
        var rows = await db.Participations.AsNoTracking()
            .Where(p => participationIds.Contains(p.Id) && p.RegistrationId != null)
            .Join(db.Registrations.AsNoTracking(), p => p.RegistrationId, r => (int?)r.Id, (p, r) => new { p.Id, Registration = r })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Id, r => ProfileOf(r.Registration));
    }

    public static NomineeProfile ProfileOf(Registration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return new(registration.Name, registration.Organisation, registration.StakeholderCategory, registration.Country, registration.Region, GenderWords.OfOne(registration.Gender));
    }

    /// <summary>The slate as it stands: the consultation's slots and the accepted nominees placed in them.</summary>
    public static async Task<Slate> SlateAsync(DraftingDbContext db, int consultationId, CancellationToken cancellationToken)
    {
        var consultation = await db.Consultations.AsNoTracking().Include(c => c.SpeakerSlots)
            .FirstOrDefaultAsync(c => c.Id == consultationId, cancellationToken) ?? throw new DomainException("There is no such consultation.");
        var placed = await db.Nominations.AsNoTracking()
            .Where(n => n.ConsultationId == consultationId && n.Status == NominationStatus.Accepted && n.SlotId != null)
            .ToListAsync(cancellationToken);
        var profiles = await ProfilesAsync(db, [.. placed.Select(n => n.NomineeParticipationId!.Value)], cancellationToken);
        return Slate.Of(
            SlotsOf(consultation),
            placed.Where(n => profiles.ContainsKey(n.NomineeParticipationId!.Value))
                .Select(n => new SlatePlace(n.Id, n.SlotId!.Value, n.Position!.Value, profiles[n.NomineeParticipationId!.Value])));
    }

    public static IReadOnlyList<SlateSlot> SlotsOf(Domain.Consultations.Consultation consultation)
    {
        ArgumentNullException.ThrowIfNull(consultation);
        return [.. consultation.SpeakerSlots.OrderBy(s => s.Id).Select(s => new SlateSlot(s.Id, s.Kind, s.Count, s.MinutesEach, s.Note))];
    }
}

using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.People;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Polls;

/// <summary>
/// What the poll use cases share: one gate per poll in this process (responses and the close of one poll take turns,
/// so that a response is either committed before the close and counted, or refused as late), who may respond and for
/// which organisation, and the count of eligible voters.
/// </summary>
public sealed class PollDesk(IDbContextFactory<DraftingDbContext> contexts, IStatementBus bus, Nominations.ISlateBus slates, TimeProvider clock)
{
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _gates = new();

    public IDbContextFactory<DraftingDbContext> Contexts => contexts;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Runs <paramref name="work"/> alone among the responses and the close of <paramref name="pollId"/> in this process.</summary>
    public async Task<T> OneAtATimeAsync<T>(int pollId, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var gate = _gates.GetOrAdd(pollId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await work();
        }
        finally
        {
            gate.Release();
        }
    }

    public void Announce(Poll poll)
    {
        ArgumentNullException.ThrowIfNull(poll);
        if (poll.StatementId is { } statementId)
        {
            bus.Publish(new PollChanged(statementId, poll.Id));
        }
        else
        {
            slates.Publish(poll.ConsultationId);
        }
    }

    /// <summary>Who may respond: participants and co-hosts (organisers only if they also hold one of those roles; never observers).</summary>
    public static bool IsEligible(Participation participation) =>
        participation is not null && (participation.IsParticipant || participation.IsCoHost);

    /// <summary>The organisation a voter responds for in organisation mode: their registration's, else their co-host seat's.</summary>
    public static async Task<string?> OrganisationOfAsync(DraftingDbContext db, Participation participation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(participation);
        if (participation.RegistrationId is { } registrationId)
        {
            var organisation = await db.Registrations.Where(r => r.Id == registrationId).Select(r => r.Organisation).FirstOrDefaultAsync(cancellationToken);
            if (!string.IsNullOrWhiteSpace(organisation))
            {
                return organisation;
            }
        }

        return participation.CoHostSeats.Select(s => s.Organisation).FirstOrDefault();
    }

    /// <summary>
    /// The voters a poll's quorum counts: eligible people, or in organisation mode the organisations with at least one
    /// eligible member.
    /// </summary>
    public static async Task<int> EligibleAsync(DraftingDbContext db, Poll poll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(poll);
        var members = (await db.Participations.Where(p => p.ConsultationId == poll.ConsultationId).ToListAsync(cancellationToken))
            .Where(IsEligible)
            .ToList();
        if (!poll.PerOrganisation)
        {
            return members.Count;
        }

        var registrationIds = members.Where(m => m.RegistrationId is not null).Select(m => m.RegistrationId!.Value).ToList();
        var organisations = await db.Registrations.Where(r => registrationIds.Contains(r.Id))
            .ToDictionaryAsync(r => r.Id, r => r.Organisation, cancellationToken);
        return members
            .Select(m => m.RegistrationId is { } id && organisations.TryGetValue(id, out var o) && !string.IsNullOrWhiteSpace(o)
                ? o
                : m.CoHostSeats.Select(s => s.Organisation).FirstOrDefault())
            .Select(OrganisationName.Normalise)
            .Where(o => o.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Count();
    }

    /// <summary>
    /// Where a statement stands, from its latest poll (null: none): "Draft", "Up for adoption", or
    /// "Adopted on 4 March 2021 by consensus" (a statement not adopted is a draft again).
    /// </summary>
    public static string StageOf((DateTimeOffset? ClosedAt, PollOutcome? Outcome)? latest) => latest switch
    {
        { ClosedAt: null } => "Up for adoption",
        { ClosedAt: { } closed, Outcome: { } outcome } when outcome != PollOutcome.NotAdopted =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Adopted on {closed:d MMMM yyyy} {GetAdoptionOutcomeHandler.OutcomeName(outcome)["adopted ".Length..]}"),
        _ => "Draft",
    };

    /// <summary>The statement's latest poll, if any.</summary>
    public static Task<Poll?> LatestOfAsync(DraftingDbContext db, int statementId, CancellationToken cancellationToken) =>
        db.Polls.Where(p => p.StatementId == statementId).OrderByDescending(p => p.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>A poll of the consultation that is still open (tracked, to be changed); refused with <paramref name="closed"/> once closed.</summary>
    public static async Task<Poll> OpenPollAsync(DraftingDbContext db, int consultationId, int pollId, string closed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var poll = await db.Polls.FirstOrDefaultAsync(p => p.Id == pollId, cancellationToken);
        if (poll is null || poll.ConsultationId != consultationId)
        {
            throw new DomainException("There is no such poll in this consultation.");
        }

        return poll.IsOpen ? poll : throw new DomainException(closed);
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Polls;

/// <summary>A statement's adoption, as the caller may see it: the rule, and its latest poll if there is one.</summary>
public sealed record GetStatementPoll(int StatementId) : IQuery<PollSubjectView>, IAuthorisedRequest
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Read);
}

/// <summary>
/// What the caller sees of a poll's subject (a statement's adoption, or the speakers' slate). Counts while the poll is
/// open only to the chair (or to all when the consultation says so), and only as they stood at the last step of five;
/// never anyone's choice but the caller's own.
/// </summary>
/// <param name="StatementId">The statement put to the plenary; null for the slate.</param>
/// <param name="Rule">The rule in words (the consultation's now, or the poll's).</param>
/// <param name="Poll">The latest poll, or null before the first.</param>
/// <param name="CanOpen">The caller may open a poll now (an organiser, no poll open, not adopted).</param>
public sealed record PollSubjectView(int? StatementId, int ConsultationId, string Rule, PollView? Poll, bool CanOpen);

/// <param name="Responses">Responses so far (at the last step of five while open).</param>
/// <param name="Tally">The counts, when the caller may see them: the chair while open (at the last step), everyone once closed.</param>
/// <param name="Mine">The caller's response (their organisation's in organisation mode) while the poll is open.</param>
/// <param name="Responded">The caller responded (kept after the close; the choice is not).</param>
/// <param name="TallyShownToAll">The consultation shows an open poll's counts to everyone (the projector too).</param>
/// <param name="ObjectionReasons">The reasons given with objections, to the statement's co-hosts and the organisers (the slate's: to organisers), once a poll ended without adoption.</param>
public sealed record PollView(
    int Id,
    int Revision,
    string Fingerprint,
    AdoptionRule Rule,
    bool PerOrganisation,
    bool IsOpen,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    int Responses,
    PollTally? Tally,
    PollOutcome? Outcome,
    string? Explanation,
    bool CanRespond,
    PollChoice? Mine,
    bool Responded,
    bool CanClose,
    IReadOnlyList<string> ObjectionReasons,
    bool TallyShownToAll = false);

public sealed class GetStatementPollHandler(PollDesk desk, CallerContext caller, PermissionHandler permissions) : IQueryHandler<GetStatementPoll, PollSubjectView>
{
    public async ValueTask<PollSubjectView> Handle(GetStatementPoll query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await desk.Contexts.CreateDbContextAsync(cancellationToken);
        var statement = await db.Statements.AsNoTracking().Where(s => s.Id == query.StatementId)
            .Select(s => new { s.ConsultationId })
            .FirstOrDefaultAsync(cancellationToken) ?? throw new Domain.DomainException("There is no such statement.");
        var rules = await db.Consultations.AsNoTracking().Where(c => c.Id == statement.ConsultationId).Select(c => c.Rules).FirstAsync(cancellationToken);
        var isOrganiser = await permissions.IsGrantedAsync(caller.User, Permission.OnStatement(query.StatementId, StatementAccess.Manage));
        var poll = await db.Polls.AsNoTracking().Where(p => p.StatementId == query.StatementId).OrderByDescending(p => p.Id).FirstOrDefaultAsync(cancellationToken);
        if (poll is null)
        {
            return new PollSubjectView(query.StatementId, statement.ConsultationId, rules.PollRule.Describe(), null, isOrganiser);
        }

        var reasonsVisible = await permissions.IsGrantedAsync(caller.User, Permission.OnStatement(query.StatementId, StatementAccess.Draft));
        var view = await PollViews.OfAsync(db, poll, caller.IsSignedIn ? caller.UserId : null, isOrganiser, reasonsVisible, cancellationToken);
        var adopted = poll.Outcome is not null and not PollOutcome.NotAdopted;
        var rule = poll.IsOpen || adopted ? poll.Rule.Describe() : rules.PollRule.Describe();
        return new PollSubjectView(query.StatementId, statement.ConsultationId, rule, view, isOrganiser && !poll.IsOpen && !adopted);
    }
}

/// <summary>Builds what a caller may see of one poll; shared by every poll subject.</summary>
internal static class PollViews
{
    public static async Task<PollView> OfAsync(DraftingDbContext db, Poll poll, string? userId, bool isOrganiser, bool reasonsVisible, CancellationToken cancellationToken)
    {
        var participation = userId is not null
            ? await db.Participations.AsNoTracking().FirstOrDefaultAsync(p => p.ConsultationId == poll.ConsultationId && p.UserId == userId, cancellationToken)
            : null;
        var eligible = participation is not null && PollDesk.IsEligible(participation);
        var responded = participation is not null && await db.PollRespondents.AnyAsync(r => r.PollId == poll.Id && r.ParticipationId == participation.Id, cancellationToken);
        PollChoice? mine = null;
        if (poll.IsOpen && eligible && (responded || poll.PerOrganisation))
        {
            var organisation = poll.PerOrganisation ? await PollDesk.OrganisationOfAsync(db, participation!, cancellationToken) : null;
            if (!poll.PerOrganisation || !string.IsNullOrWhiteSpace(organisation))
            {
                var key = poll.BallotKeyOf(participation!.Id, organisation);
                mine = await db.PollBallots.Where(b => b.PollId == poll.Id && b.VoterKey == key).Select(b => (PollChoice?)b.Choice).FirstOrDefaultAsync(cancellationToken);
            }
        }

        var shown = poll.Shown.Tally;
        var tally = !poll.IsOpen || isOrganiser || poll.TallyShownToAll ? shown : (PollTally?)null;
        IReadOnlyList<string> reasons = [];
        if (poll is { IsOpen: false, Outcome: PollOutcome.NotAdopted } && reasonsVisible)
        {
            reasons = await db.PollObjections.Where(o => o.PollId == poll.Id).OrderBy(o => o.Id).Select(o => o.Reason).ToListAsync(cancellationToken);
        }

        return new PollView(
            poll.Id, poll.Revision, poll.Fingerprint, poll.RuleName, poll.PerOrganisation, poll.IsOpen, poll.OpenedAt, poll.ClosedAt,
            shown.Responses, tally, poll.Outcome, poll.Explanation,
            CanRespond: poll.IsOpen && eligible, mine, responded, CanClose: poll.IsOpen && isOrganiser, reasons, poll.TallyShownToAll);
    }
}

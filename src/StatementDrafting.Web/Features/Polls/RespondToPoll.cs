using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Polls;

/// <summary>
/// An eligible participant responds to an open poll, or changes their response (in organisation mode: their
/// organisation's). The audit trail records that they responded, never the choice.
/// </summary>
public sealed record RespondToPoll(int ConsultationId, int PollId, PollChoice Choice, string? Reason = null) : ICommand<Unit>, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.InConsultation(ConsultationId, ConsultationRole.Participant, ConsultationRole.CoHost);

    public int? AuditConsultationId => ConsultationId;

    public string? AuditSubject => $"Poll {PollId}: responded";
}

public sealed class RespondToPollValidator : IValidator<RespondToPoll>
{
    public IEnumerable<ValidationError> Validate(RespondToPoll message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive(("ConsultationId", message.ConsultationId, "consultation"), ("PollId", message.PollId, "poll")))
        {
            yield return error;
        }

        if (!Enum.IsDefined(message.Choice))
        {
            yield return new ValidationError(nameof(message.Choice), "Choose Support, Can live with it, or Object.");
        }
        else if (!string.IsNullOrWhiteSpace(message.Reason) && message.Choice != PollChoice.Objection)
        {
            yield return new ValidationError(nameof(message.Reason), "Only an objection takes a reason.");
        }
        else if (message.Reason is { Length: > Poll.MaxReasonLength })
        {
            yield return new ValidationError(nameof(message.Reason), $"A reason has at most {Poll.MaxReasonLength} characters.");
        }
    }
}

public sealed class RespondToPollHandler(PollDesk desk, CallerContext caller) : ICommandHandler<RespondToPoll, Unit>
{
    public async ValueTask<Unit> Handle(RespondToPoll command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var userId = caller.UserId;
        var reason = Poll.CleanReason(command.Choice, command.Reason);
        var poll = await desk.OneAtATimeAsync(command.PollId, async () =>
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await RecordAsync(command, userId, reason, cancellationToken);
                }
                catch (DbUpdateException e) when (attempt < 5 && DatabaseErrors.IsConflict(e))
                {
                    // Another node recorded a response or closed the poll meanwhile: read it again.
                }
            }
        }, cancellationToken);

        if (poll.ArrivedSinceShown == 0)
        {
            desk.Announce(poll); // the shown counts moved
        }

        return Unit.Value;
    }

    private async Task<Poll> RecordAsync(RespondToPoll command, string userId, string? reason, CancellationToken cancellationToken)
    {
        await using var db = await desk.Contexts.CreateDbContextAsync(cancellationToken);
        var poll = await PollDesk.OpenPollAsync(db, command.ConsultationId, command.PollId, "This poll is closed: it takes no more responses.", cancellationToken);

        var participation = await db.Participations.FirstOrDefaultAsync(p => p.ConsultationId == poll.ConsultationId && p.UserId == userId, cancellationToken);
        if (participation is null || !PollDesk.IsEligible(participation))
        {
            throw new AccessDeniedException("Only participants and co-hosts respond to polls; observers follow them.");
        }

        var organisation = poll.PerOrganisation ? await PollDesk.OrganisationOfAsync(db, participation, cancellationToken) : null;
        var key = poll.BallotKeyOf(participation.Id, organisation);
        var ballot = await db.PollBallots.FirstOrDefaultAsync(b => b.PollId == poll.Id && b.VoterKey == key, cancellationToken);
        var previous = ballot?.Choice;
        if (ballot is null)
        {
            db.PollBallots.Add(new PollBallot { PollId = poll.Id, VoterKey = key, Choice = command.Choice, Reason = reason });
        }
        else
        {
            ballot.Choice = command.Choice;
            ballot.Reason = reason;
        }

        if (!await db.PollRespondents.AnyAsync(r => r.PollId == poll.Id && r.ParticipationId == participation.Id, cancellationToken))
        {
            db.PollRespondents.Add(new PollRespondent { PollId = poll.Id, ParticipationId = participation.Id });
        }

        // The true counts are read only when the shown ones are about to move (every ShownTally.Step responses).
        var current = poll.Shown.ArrivedSince + 1 >= ShownTally.Step
            ? PollTally.Of(await db.PollBallots.Where(b => b.PollId == poll.Id).Select(b => b.Choice).ToListAsync(cancellationToken)).After(previous, command.Choice)
            : poll.Shown.Tally;
        poll.Arrived(current);
        await db.SaveChangesAsync(cancellationToken);
        return poll;
    }
}

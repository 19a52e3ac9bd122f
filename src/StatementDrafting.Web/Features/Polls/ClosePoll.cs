using System.Security.Cryptography;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Polls;

/// <summary>
/// The chair closes a poll (under the chair's declaration, declaring the outcome). In one transaction: the rule decides
/// on the stored ballots, the counts and the objections' reasons (shuffled) are recorded, and every ballot and the
/// poll's secret are deleted, so that nothing links a voter to a choice any more (ADR 0011). A statement not adopted is
/// unlocked; an adopted one stays locked for good.
/// </summary>
public sealed record ClosePoll(int ConsultationId, int PollId, bool? DeclaredAdopted = null) : ICommand<PollDecision>, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.Organiser(ConsultationId);

    public int? AuditConsultationId => ConsultationId;

    public string? AuditSubject => $"Poll {PollId}: closed";
}

public sealed class ClosePollValidator : IValidator<ClosePoll>
{
    public IEnumerable<ValidationError> Validate(ClosePoll message) =>
        Ids.Positive(("ConsultationId", message?.ConsultationId, "consultation"), ("PollId", message?.PollId, "poll"));
}

public sealed class ClosePollHandler(PollDesk desk, DraftingEngine engine) : ICommandHandler<ClosePoll, PollDecision>
{
    public async ValueTask<PollDecision> Handle(ClosePoll command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (poll, decision) = await desk.OneAtATimeAsync(command.PollId, () => CloseAsync(command, cancellationToken), cancellationToken);
        if (!decision.Adopted && poll.StatementId is { } statementId)
        {
            await engine.SetLockedAsync(statementId, locked: false, cancellationToken);
        }

        desk.Announce(poll);
        return decision;
    }

    private async Task<(Poll, PollDecision)> CloseAsync(ClosePoll command, CancellationToken cancellationToken)
    {
        await using var db = await desk.Contexts.CreateDbContextAsync(cancellationToken);
        var poll = await PollDesk.OpenPollAsync(db, command.ConsultationId, command.PollId, "This poll is already closed.", cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ballots = await db.PollBallots.Where(b => b.PollId == poll.Id).ToListAsync(cancellationToken);
        var eligible = await PollDesk.EligibleAsync(db, poll, cancellationToken);
        // Someone who responded and then lost their role still counted once: the quorum never counts fewer voters than ballots.
        var decision = poll.Close(PollTally.Of(ballots.Select(b => b.Choice)), Math.Max(eligible, ballots.Count), command.DeclaredAdopted, desk.Now);

        var reasons = ballots.Where(b => b.Choice == PollChoice.Objection && b.Reason is not null).Select(b => b.Reason!).ToArray();
        RandomNumberGenerator.Shuffle(reasons.AsSpan());
        db.PollObjections.AddRange(reasons.Select(r => new PollObjection { PollId = poll.Id, Reason = r }));
        db.PollBallots.RemoveRange(ballots);
        await Scrubbing.BeforeDeleteAsync(db, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await Scrubbing.AfterCommitAsync(db, [typeof(PollBallot), typeof(Poll)], cancellationToken);
        return (poll, decision);
    }
}

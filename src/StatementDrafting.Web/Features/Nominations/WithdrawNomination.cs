using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Nominations;

/// <summary>
/// The nominee withdraws (consent taken back, leaving the slate), or the proposer takes back a proposal not yet
/// accepted. Not audited, since the trail would name the proposer beside the proposal they took back (ADR 0013).
/// </summary>
public sealed record WithdrawNomination(int ConsultationId, int NominationId) : ICommand<Unit>, IAuthorisedRequest, INotAudited
{
    public Permission Permission => Permission.InConsultation(ConsultationId, ConsultationRole.Participant, ConsultationRole.CoHost);
}

public sealed class WithdrawNominationValidator : IValidator<WithdrawNomination>
{
    public IEnumerable<ValidationError> Validate(WithdrawNomination message) =>
        Ids.Positive(("ConsultationId", message?.ConsultationId, "consultation"), ("NominationId", message?.NominationId, "nomination"));
}

public sealed class WithdrawNominationHandler(IDbContextFactory<DraftingDbContext> contexts, CallerContext caller, ISlateBus slates) : ICommandHandler<WithdrawNomination, Unit>
{
    public async ValueTask<Unit> Handle(WithdrawNomination command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var me = await NominationDesk.EligibleAsync(db, command.ConsultationId, caller.UserId, cancellationToken);
        var nomination = await db.Nominations.FirstOrDefaultAsync(n => n.Id == command.NominationId && n.ConsultationId == command.ConsultationId, cancellationToken)
            ?? throw new DomainException("There is no such nomination in this consultation.");
        if (nomination.IsPlaced)
        {
            await NominationDesk.EnsureSlateOpenAsync(db, command.ConsultationId, cancellationToken);
        }

        nomination.Withdraw(me.Id);
        await db.SaveChangesAsync(cancellationToken);
        slates.Publish(command.ConsultationId);
        return Unit.Value;
    }
}

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

/// <summary>The person asked accepts being named as a nominee (their consent), or declines.</summary>
public sealed record AnswerNomination(int ConsultationId, int NominationId, bool Accept) : ICommand<Unit>, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.InConsultation(ConsultationId, ConsultationRole.Participant, ConsultationRole.CoHost);

    public int? AuditConsultationId => ConsultationId;

    public string? AuditSubject => $"Nomination {NominationId}: {(Accept ? "accepted" : "declined")}";
}

public sealed class AnswerNominationValidator : IValidator<AnswerNomination>
{
    public IEnumerable<ValidationError> Validate(AnswerNomination message) =>
        Ids.Positive(("ConsultationId", message?.ConsultationId, "consultation"), ("NominationId", message?.NominationId, "nomination"));
}

public sealed class AnswerNominationHandler(IDbContextFactory<DraftingDbContext> contexts, CallerContext caller, ISlateBus slates) : ICommandHandler<AnswerNomination, Unit>
{
    public async ValueTask<Unit> Handle(AnswerNomination command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var me = await NominationDesk.EligibleAsync(db, command.ConsultationId, caller.UserId, cancellationToken);
        var nomination = await db.Nominations.FirstOrDefaultAsync(n => n.Id == command.NominationId && n.ConsultationId == command.ConsultationId, cancellationToken)
            ?? throw new DomainException("There is no such nomination in this consultation.");
        if (command.Accept)
        {
            await NominationDesk.EnsureNotApprovedAsync(db, command.ConsultationId, cancellationToken);
            nomination.Accept(me.Id);
        }
        else
        {
            nomination.Decline(me.Id);
        }

        await db.SaveChangesAsync(cancellationToken);
        slates.Publish(command.ConsultationId);
        return Unit.Value;
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Web.Features.Polls;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Nominations;

/// <summary>An organiser matches a proposal to a registered participant, who is then asked to accept.</summary>
public sealed record MatchNomination(int ConsultationId, int NominationId, int ParticipationId) : ICommand<Unit>, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.Organiser(ConsultationId);

    public int? AuditConsultationId => ConsultationId;

    public string? AuditSubject => $"Nomination {NominationId}: matched";
}

public sealed class MatchNominationValidator : IValidator<MatchNomination>
{
    public IEnumerable<ValidationError> Validate(MatchNomination message) => Ids.Positive(
        ("ConsultationId", message?.ConsultationId, "consultation"),
        ("NominationId", message?.NominationId, "nomination"),
        ("ParticipationId", message?.ParticipationId, "participant"));
}

public sealed class MatchNominationHandler(IDbContextFactory<DraftingDbContext> contexts, ISlateBus slates) : ICommandHandler<MatchNomination, Unit>
{
    public async ValueTask<Unit> Handle(MatchNomination command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await NominationDesk.EnsureNotApprovedAsync(db, command.ConsultationId, cancellationToken);
        var nomination = await db.Nominations.FirstOrDefaultAsync(n => n.Id == command.NominationId && n.ConsultationId == command.ConsultationId, cancellationToken)
            ?? throw new DomainException("There is no such nomination in this consultation.");
        var nominee = await db.Participations.AsNoTracking().FirstOrDefaultAsync(p => p.Id == command.ParticipationId && p.ConsultationId == command.ConsultationId, cancellationToken);
        if (nominee is null || !PollDesk.IsEligible(nominee) || nominee.RegistrationId is null)
        {
            throw new DomainException("Choose a registered participant of this consultation.");
        }

        if (await db.Nominations.AnyAsync(n => n.Id != nomination.Id && n.NomineeParticipationId == nominee.Id
                && (n.Status == Domain.Nominations.NominationStatus.Accepted || n.Status == Domain.Nominations.NominationStatus.AwaitingConsent), cancellationToken))
        {
            throw new DomainException("This participant is already nominated (or asked to accept another nomination).");
        }

        nomination.Match(nominee.Id);
        await db.SaveChangesAsync(cancellationToken);
        slates.Publish(command.ConsultationId);
        return Unit.Value;
    }
}

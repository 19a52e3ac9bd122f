using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Registrations;

/// <summary>
/// An organiser declines a registration, with an optional reason. Declining one approved earlier takes back the
/// participant's role it gave, and withdraws the person's sign-in links when no other role remains; the account stays.
/// </summary>
public sealed record DeclineRegistration(int ConsultationId, int RegistrationId, string? Reason = null) : ICommand<Unit>, IAuthorisedRequest, IAudited
{
    public const int MaxReasonLength = 500;

    public Permission Permission => Permission.Organiser(ConsultationId);

    public int? AuditConsultationId => ConsultationId;

    /// <summary>Never the reason: it may name the person.</summary>
    public string? AuditSubject => $"Registration {RegistrationId}";
}

public sealed class DeclineRegistrationValidator : IValidator<DeclineRegistration>
{
    public IEnumerable<ValidationError> Validate(DeclineRegistration message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive(
            (nameof(message.ConsultationId), message.ConsultationId, "consultation"),
            (nameof(message.RegistrationId), message.RegistrationId, "registration")))
        {
            yield return error;
        }

        if (message.Reason is { Length: > DeclineRegistration.MaxReasonLength })
        {
            yield return new ValidationError(nameof(message.Reason), $"A reason is at most {DeclineRegistration.MaxReasonLength} characters.");
        }
    }
}

public sealed class DeclineRegistrationHandler(IDbContextFactory<DraftingDbContext> contexts, TimeProvider clock) : ICommandHandler<DeclineRegistration, Unit>
{
    public async ValueTask<Unit> Handle(DeclineRegistration command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var registration = await db.Registrations
            .FirstOrDefaultAsync(r => r.Id == command.RegistrationId && r.ConsultationId == command.ConsultationId, cancellationToken)
            ?? throw new DomainException("This consultation has no such registration.");

        var now = clock.GetUtcNow();
        var wasApproved = registration.Status == RegistrationStatus.Approved;
        registration.Decline(command.Reason, now);
        if (wasApproved)
        {
            var participation = await db.Participations
                .FirstOrDefaultAsync(p => p.ConsultationId == command.ConsultationId && p.RegistrationId == registration.Id, cancellationToken);
            if (participation is not null)
            {
                participation.Withdraw(ConsultationRole.Participant);
                var stillHoldsARole = Enum.GetValues<ConsultationRole>().Any(participation.Holds);
                if (!stillHoldsARole)
                {
                    var links = await db.Invitations.Where(i => i.ParticipationId == participation.Id && i.RevokedAt == null).ToListAsync(cancellationToken);
                    links.ForEach(i => i.Revoke(now));
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

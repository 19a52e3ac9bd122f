using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Identity;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Registrations;

/// <summary>
/// An organiser approves a registration: the person gets an account (or keeps the one they have, found by e-mail)
/// and a participant's place in the consultation, linked to the registration. One save: all of it or nothing.
/// </summary>
public sealed record ApproveRegistration(int ConsultationId, int RegistrationId) : ICommand<Unit>, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.Organiser(ConsultationId);

    public int? AuditConsultationId => ConsultationId;

    public string? AuditSubject => $"Registration {RegistrationId}";
}

public sealed class ApproveRegistrationValidator : IValidator<ApproveRegistration>
{
    public IEnumerable<ValidationError> Validate(ApproveRegistration message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Ids.Positive(
            (nameof(message.ConsultationId), message.ConsultationId, "consultation"),
            (nameof(message.RegistrationId), message.RegistrationId, "registration"));
    }
}

public sealed class ApproveRegistrationHandler(IDbContextFactory<DraftingDbContext> contexts, AccountDirectory accounts, TimeProvider clock)
    : ICommandHandler<ApproveRegistration, Unit>
{
    public async ValueTask<Unit> Handle(ApproveRegistration command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var registration = await db.Registrations
            .FirstOrDefaultAsync(r => r.Id == command.RegistrationId && r.ConsultationId == command.ConsultationId, cancellationToken)
            ?? throw new DomainException("This consultation has no such registration.");

        registration.Approve(clock.GetUtcNow());
        var user = await accounts.FindOrCreateUserAsync(db, registration.Email, registration.Name, cancellationToken);
        var participation = await accounts.FindOrCreateParticipationAsync(db, command.ConsultationId, user, cancellationToken);
        participation.MakeParticipant(registration.Id);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Roles;

/// <summary>
/// Grants or withdraws organiser, participant or observer (co-host seats have their own commands). A consultation keeps
/// at least one organiser, so nobody can lock the organisers out.
/// </summary>
public sealed record ChangeRole(int ConsultationId, int ParticipationId, ConsultationRole Role, bool Grant)
    : ICommand<Unit>, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.Organiser(ConsultationId);

    public int? AuditConsultationId => ConsultationId;

    public string? AuditSubject => $"Participation {ParticipationId}: {(Grant ? "grant" : "withdraw")} {Role}";
}

public sealed class ChangeRoleValidator : IValidator<ChangeRole>
{
    public IEnumerable<ValidationError> Validate(ChangeRole message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Role is not (ConsultationRole.Organiser or ConsultationRole.Participant or ConsultationRole.Observer))
        {
            yield return new ValidationError(nameof(message.Role), "Choose organiser, participant or observer; co-host seats are given per session.");
        }
    }
}

public sealed class ChangeRoleHandler(IDbContextFactory<DraftingDbContext> contexts) : ICommandHandler<ChangeRole, Unit>
{
    public async ValueTask<Unit> Handle(ChangeRole command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var participation = await db.Participations.FirstOrDefaultAsync(p => p.Id == command.ParticipationId && p.ConsultationId == command.ConsultationId, cancellationToken)
            ?? throw new DomainException("That person is not a member of this consultation.");
        if (command.Grant)
        {
            switch (command.Role)
            {
                case ConsultationRole.Organiser: participation.MakeOrganiser(); break;
                case ConsultationRole.Participant: participation.MakeParticipant(); break;
                default: participation.MakeObserver(); break;
            }
        }
        else
        {
            if (command.Role == ConsultationRole.Organiser && participation.IsOrganiser
                && !await db.Participations.AnyAsync(p => p.ConsultationId == command.ConsultationId && p.IsOrganiser && p.Id != participation.Id, cancellationToken))
            {
                throw new DomainException("A consultation needs at least one organiser: make someone else organiser first.");
            }

            participation.Withdraw(command.Role);
        }

        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

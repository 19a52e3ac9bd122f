using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Identity;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Invitations;

/// <summary>
/// Withdraws a personal link: it stops working at once, and the sessions its participant opened end within the
/// cookie validation interval (their account's security stamp changes). Revoking again only ends sessions again.
/// </summary>
public sealed record RevokeInvitation(int ConsultationId, int InvitationId) : ICommand, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.Organiser(ConsultationId);

    public int? AuditConsultationId => ConsultationId;

    public string? AuditSubject => string.Create(CultureInfo.InvariantCulture, $"Invitation {InvitationId}");
}

public sealed class RevokeInvitationValidator : IValidator<RevokeInvitation>
{
    public IEnumerable<ValidationError> Validate(RevokeInvitation message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Ids.Positive(
            (nameof(message.ConsultationId), message.ConsultationId, "consultation"),
            (nameof(message.InvitationId), message.InvitationId, "invitation"));
    }
}

public sealed class RevokeInvitationHandler(IDbContextFactory<DraftingDbContext> contexts, IServiceScopeFactory scopes, TimeProvider clock)
    : ICommandHandler<RevokeInvitation>
{
    public async ValueTask<Unit> Handle(RevokeInvitation command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        string userId;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var invitation = await db.Invitations
                .FirstOrDefaultAsync(i => i.Id == command.InvitationId && i.ConsultationId == command.ConsultationId, cancellationToken)
                ?? throw new DomainException("This consultation has no such invitation.");
            userId = await db.Participations.Where(p => p.Id == invitation.ParticipationId).Select(p => p.UserId).FirstAsync(cancellationToken);
            invitation.Revoke(clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }

        // The link is dead now; changing the stamp ends the sessions it opened. Identity's stores use a scoped context:
        // a scope of our own keeps it short-lived even when the command comes from a long-lived circuit.
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByIdAsync(userId) is { } user)
        {
            var result = await users.UpdateSecurityStampAsync(user);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException("The link was withdrawn, but its sessions could not be ended: " + string.Join(" ", result.Errors.Select(e => e.Code)));
            }
        }

        return Unit.Value;
    }
}

using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Invitations;

/// <summary>
/// Creates personal sign-in links: for one participant (replacing their usable link, if any), or, when
/// <see cref="ParticipationId"/> is null, for every approved participant who has no usable link yet.
/// </summary>
public sealed record CreateInvitations(int ConsultationId, int? ParticipationId, int LifetimeDays) : ICommand<CreatedInvitations>, IAuthorisedRequest, IAudited
{
    public static int DefaultLifetimeDays => (int)Invitation.DefaultLifetime.TotalDays;

    public static int MaxLifetimeDays => (int)Invitation.MaxLifetime.TotalDays;

    public Permission Permission => Permission.Organiser(ConsultationId);

    public int? AuditConsultationId => ConsultationId;

    public string? AuditSubject => ParticipationId is { } id
        ? string.Create(CultureInfo.InvariantCulture, $"Participation {id}")
        : "Participants without a link";
}

/// <summary>How many links were made, and how many participants were left out because a link may not be made for them.</summary>
public sealed record CreatedInvitations(int Created, int Skipped);

public sealed class CreateInvitationsValidator : IValidator<CreateInvitations>
{
    public IEnumerable<ValidationError> Validate(CreateInvitations message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive(
            (nameof(message.ConsultationId), message.ConsultationId, "consultation"),
            (nameof(message.ParticipationId), message.ParticipationId, "participation")))
        {
            yield return error;
        }

        if (message.LifetimeDays < 1 || message.LifetimeDays > CreateInvitations.MaxLifetimeDays)
        {
            yield return new ValidationError(nameof(message.LifetimeDays), $"A link lasts from 1 to {CreateInvitations.MaxLifetimeDays} days.");
        }
    }
}

public sealed class CreateInvitationsHandler(IDbContextFactory<DraftingDbContext> contexts, TimeProvider clock)
    : ICommandHandler<CreateInvitations, CreatedInvitations>
{
    public async ValueTask<CreatedInvitations> Handle(CreateInvitations command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var lifetime = TimeSpan.FromDays(command.LifetimeDays);
        var people = await Invitees.LoadAsync(db, command.ConsultationId, now, cancellationToken);

        if (command.ParticipationId is { } participationId)
        {
            var person = people.Find(p => p.Participation.Id == participationId)
                ?? throw new DomainException("That person is not an approved participant of this consultation.");
            if (person.Obstacle is { } obstacle)
            {
                throw new DomainException(obstacle);
            }

            // A new link replaces the old one: the person is the same, so sessions they opened stay open.
            var usable = await db.Invitations
                .Where(i => i.ConsultationId == command.ConsultationId && i.ParticipationId == participationId && i.RevokedAt == null)
                .ToListAsync(cancellationToken);
            usable.ForEach(i => i.Revoke(now));
            db.Invitations.Add(new Invitation(command.ConsultationId, participationId, now, lifetime));
            await db.SaveChangesAsync(cancellationToken);
            return new CreatedInvitations(1, 0);
        }

        var withoutLink = people.Where(p => p.StateAt(now) != InvitationState.Active).ToList();
        var invitable = withoutLink.Where(p => p.Obstacle is null).ToList();
        db.Invitations.AddRange(invitable.Select(p => new Invitation(command.ConsultationId, p.Participation.Id, now, lifetime)));
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedInvitations(invitable.Count, withoutLink.Count - invitable.Count);
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Web.Features.Consultations;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Invitations;

/// <summary>The consultation's approved participants and where their personal links stand. Organisers only: it shows real names.</summary>
public sealed record GetInvitations(int ConsultationId) : IQuery<InvitationList?>, IAuthorisedRequest
{
    public Permission Permission => Permission.Organiser(ConsultationId);
}

public sealed record InvitationList(int ConsultationId, string ConsultationTitle, string TimeZoneId, IReadOnlyList<InvitedPerson> People);

/// <summary>
/// One participant as organisers see them. <see cref="LinkPath"/> (relative to the site's base address) is set while
/// their link is usable; <see cref="Obstacle"/> says why no link may be made for them.
/// </summary>
public sealed record InvitedPerson(
    int ParticipationId,
    string Name,
    string Email,
    string Organisation,
    string Pseudonym,
    bool IsCoHost,
    InvitationState State,
    int? InvitationId,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    int TimesUsed,
    string? LinkPath,
    string? Obstacle);

public sealed class GetInvitationsValidator : IValidator<GetInvitations>
{
    public IEnumerable<ValidationError> Validate(GetInvitations message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Ids.Positive((nameof(message.ConsultationId), message.ConsultationId, "consultation"));
    }
}

public sealed class GetInvitationsHandler(IDbContextFactory<DraftingDbContext> contexts, InvitationLinks links, TimeProvider clock)
    : IQueryHandler<GetInvitations, InvitationList?>
{
    public async ValueTask<InvitationList?> Handle(GetInvitations query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.HeaderAsync(query.ConsultationId, cancellationToken) is not { } consultation)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var people = await Invitees.LoadAsync(db, consultation.Id, now, cancellationToken);
        return new InvitationList(consultation.Id, consultation.Title, consultation.TimeZoneId, [.. people.Select(p =>
        {
            var state = p.StateAt(now);
            return new InvitedPerson(
                p.Participation.Id,
                p.Name,
                p.Email,
                p.Organisation,
                p.Participation.Pseudonym,
                p.Participation.IsCoHost,
                state,
                p.Current?.Id,
                p.Current?.ExpiresAt,
                p.Current?.RevokedAt,
                p.Current?.TimesUsed ?? 0,
                state == InvitationState.Active ? links.PathFor(p.Current!) : null,
                p.Obstacle);
        })]);
    }
}

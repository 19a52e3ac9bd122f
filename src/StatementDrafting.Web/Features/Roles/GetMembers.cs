using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Features.Consultations;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Roles;

/// <summary>The consultation's members and their roles, for organisers (real names: an organiser page).</summary>
public sealed record GetMembers(int ConsultationId) : IQuery<MembersView?>, IAuthorisedRequest
{
    public Permission Permission => Permission.Organiser(ConsultationId);
}

public sealed record MembersView(int ConsultationId, string ConsultationTitle, IReadOnlyList<MemberView> Members, IReadOnlyList<SessionSeats> Sessions);

public sealed record MemberView(
    int ParticipationId,
    string Name,
    string Email,
    string Pseudonym,
    bool IsOrganiser,
    bool IsParticipant,
    bool IsObserver,
    IReadOnlyList<CoHostSeat> Seats);

/// <summary>A parallel session and the co-host organisations named for it on the agenda.</summary>
public sealed record SessionSeats(string Key, string Title, int DayNumber, IReadOnlyList<string> Organisations);

public sealed class GetMembersHandler(IDbContextFactory<DraftingDbContext> contexts) : IQueryHandler<GetMembers, MembersView?>
{
    public async ValueTask<MembersView?> Handle(GetMembers query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var consultation = await db.WithDaysAsync(query.ConsultationId, cancellationToken);
        if (consultation is null)
        {
            return null;
        }

        var members = await db.Participations.AsNoTracking()
            .Where(p => p.ConsultationId == query.ConsultationId)
            .Join(db.Users, p => p.UserId, u => u.Id, (p, u) => new { Participation = p, u.DisplayName, u.Email })
            .ToListAsync(cancellationToken);
        return new MembersView(
            consultation.Id,
            consultation.Title,
            [.. members.OrderBy(m => m.Participation.Number).Select(m => new MemberView(
                m.Participation.Id,
                m.DisplayName,
                m.Email ?? string.Empty,
                m.Participation.Pseudonym,
                m.Participation.IsOrganiser,
                m.Participation.IsParticipant,
                m.Participation.IsObserver,
                m.Participation.CoHostSeats))],
            [.. consultation.Days.SelectMany(d => d.Items.Where(i => i.Kind == AgendaItemKind.Parallel).Select(i => new SessionSeats(i.Key, i.Title, d.Number, i.CoHosts)))]);
    }
}

using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Features.Participations;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Drafting;

/// <summary>
/// How the caller appears to others in a statement under the Chatham House Rule: "Organiser", the co-host label of
/// their seat in one of the statement's sessions, or their pseudonym. Never a real name or e-mail address.
/// </summary>
public sealed class PublicNames(IDbContextFactory<DraftingDbContext> contexts)
{
    public const string Someone = "Someone";

    public async Task<string> InStatementAsync(ClaimsPrincipal user, int statementId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            return Someone;
        }

        var names = await OfUsersAsync(statementId, [userId], cancellationToken);
        return names.GetValueOrDefault(userId, Someone);
    }

    /// <summary>The public names of several accounts in a statement, in one go (missing: not a member).</summary>
    public async Task<IReadOnlyDictionary<string, string>> OfUsersAsync(int statementId, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var statement = await db.Statements.AsNoTracking().Where(s => s.Id == statementId)
            .Select(s => new { s.ConsultationId, s.ClusterNumber }).FirstOrDefaultAsync(cancellationToken);
        if (statement is null || userIds.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        var participations = await db.Participations.AsNoTracking()
            .Where(p => p.ConsultationId == statement.ConsultationId && userIds.Contains(p.UserId))
            .ToListAsync(cancellationToken);
        var sessions = statement.ClusterNumber is null ? [] : await db.Consultations.AsNoTracking()
            .Where(c => c.Id == statement.ConsultationId)
            .SelectMany(c => c.Days).SelectMany(d => d.Items)
            .Where(i => i.Kind == AgendaItemKind.Parallel && i.ClusterNumber == statement.ClusterNumber)
            .Select(i => i.Key)
            .ToListAsync(cancellationToken);
        return participations.ToDictionary(p => p.UserId, p => NameOf(p, sessions), StringComparer.Ordinal);
    }

    private static string NameOf(Participation participation, List<string> sessions)
    {
        if (participation.IsOrganiser)
        {
            return "Organiser";
        }

        var seat = participation.CoHostSeats.FirstOrDefault(s => sessions.Contains(s.AgendaItemKey));
        return seat is null ? PublicName.Of(participation) : PublicName.Of(seat);
    }
}

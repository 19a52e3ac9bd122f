using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Infrastructure.Identity;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Invitations;

/// <summary>Where a participant's personal link stands.</summary>
public enum InvitationState
{
    None,
    Active,
    Expired,
    Revoked,
}

/// <summary>
/// A participant an organiser may send a personal link to, with their real details (organiser pages only) and their
/// current invitation. <see cref="Obstacle"/> says why no link may be made for them, when that is so.
/// </summary>
internal sealed record Invitee(Participation Participation, AppUser User, Registration? Registration, Invitation? Current, string? Obstacle)
{
    public string Name => Registration?.Name ?? User.DisplayName;

    public string Email => Registration?.Email ?? User.Email ?? string.Empty;

    public string Organisation => Registration?.Organisation ?? string.Empty;

    public InvitationState StateAt(DateTimeOffset now) => Current switch
    {
        null => InvitationState.None,
        { RevokedAt: not null } => InvitationState.Revoked,
        _ when Current.IsUsableAt(now) => InvitationState.Active,
        _ => InvitationState.Expired,
    };
}

internal static class Invitees
{
    /// <summary>
    /// Following a link signs its account in everywhere, so a link must not open more than this consultation's
    /// participant seat: administrators, organisers and co-hosts of other consultations sign in with their password.
    /// </summary>
    public const string ElevatedAccount =
        "This person is an administrator, an organiser, or a co-host elsewhere: a link would sign in more than a participant. They sign in with their password.";

    /// <summary>Why a link from this consultation may not sign this account in (checked again when a link is followed), or null.</summary>
    public static async Task<string?> ObstacleAsync(DraftingDbContext db, AppUser user, int consultationId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        if (user.IsAdministrator)
        {
            return ElevatedAccount;
        }

        var elsewhere = await db.Participations.AsNoTracking()
            .Where(p => p.UserId == user.Id && p.ConsultationId != consultationId)
            .ToListAsync(ct);
        return elsewhere.Any(p => p.IsOrganiser || p.IsCoHost) ? ElevatedAccount : null;
    }

    /// <summary>
    /// The consultation's approved participants (co-hosts included, organisers not), in participant-number order,
    /// each with the invitation that counts for them: their usable one, else their latest. Read-only (not tracked).
    /// </summary>
    public static async Task<List<Invitee>> LoadAsync(DraftingDbContext db, int consultationId, DateTimeOffset now, CancellationToken ct)
    {
        var participations = await db.Participations.AsNoTracking()
            .Where(p => p.ConsultationId == consultationId && p.IsParticipant && !p.IsOrganiser)
            .OrderBy(p => p.Number)
            .ToListAsync(ct);
        var userIds = participations.Select(p => p.UserId).ToList();
        var registrationIds = participations.Where(p => p.RegistrationId != null).Select(p => p.RegistrationId!.Value).ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
        var registrations = await db.Registrations.AsNoTracking().Where(r => registrationIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        var invitations = (await db.Invitations.AsNoTracking().Where(i => i.ConsultationId == consultationId).ToListAsync(ct))
            .ToLookup(i => i.ParticipationId);
        var elsewhere = (await db.Participations.AsNoTracking()
                .Where(p => userIds.Contains(p.UserId) && p.ConsultationId != consultationId)
                .ToListAsync(ct))
            .Where(p => p.IsOrganiser || p.IsCoHost)
            .Select(p => p.UserId)
            .ToHashSet(StringComparer.Ordinal);

        var result = new List<Invitee>(participations.Count);
        foreach (var participation in participations)
        {
            var registration = participation.RegistrationId is { } rid ? registrations.GetValueOrDefault(rid) : null;
            if (registration is { Status: not RegistrationStatus.Approved } || !users.TryGetValue(participation.UserId, out var user))
            {
                continue;
            }

            var own = invitations[participation.Id].OrderByDescending(i => i.Id).ToList();
            var current = own.FirstOrDefault(i => i.IsUsableAt(now)) ?? own.FirstOrDefault();
            var obstacle = user.IsAdministrator || elsewhere.Contains(user.Id) ? ElevatedAccount : null;
            result.Add(new Invitee(participation, user, registration, current, obstacle));
        }

        return result;
    }
}

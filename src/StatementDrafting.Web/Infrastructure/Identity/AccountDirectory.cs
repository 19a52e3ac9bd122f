using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Infrastructure.Identity;

/// <summary>
/// Finds or creates the account for an e-mail address and its participation in a consultation, in the caller's context
/// (so the caller's transaction covers both). Used by registration approval, bulk import, the accounts command and the demo.
/// New accounts have no password: participants sign in with personal links, others set a password or get a token.
/// </summary>
public sealed class AccountDirectory(ILookupNormalizer normalizer, TimeProvider clock)
{
    public async Task<AppUser> FindOrCreateUserAsync(DraftingDbContext db, string email, string displayName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var normalised = normalizer.NormalizeEmail(email.Trim());
        var user = db.Users.Local.FirstOrDefault(u => u.NormalizedEmail == normalised)
            ?? await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalised, ct);
        if (user is not null)
        {
            return user;
        }

        user = new AppUser
        {
            UserName = email.Trim(),
            NormalizedUserName = normalizer.NormalizeName(email.Trim()),
            Email = email.Trim(),
            NormalizedEmail = normalised,
            EmailConfirmed = true,
            DisplayName = displayName.Trim(),
            SecurityStamp = Guid.NewGuid().ToString("N"),
            ConcurrencyStamp = Guid.NewGuid().ToString(),
            LockoutEnabled = true,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Users.Add(user);
        return user;
    }

    /// <summary>The person's participation in the consultation, created with the next free participant number if new.</summary>
    public async Task<Participation> FindOrCreateParticipationAsync(DraftingDbContext db, int consultationId, AppUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var participation = db.Participations.Local.FirstOrDefault(p => p.ConsultationId == consultationId && p.UserId == user.Id)
            ?? await db.Participations.FirstOrDefaultAsync(p => p.ConsultationId == consultationId && p.UserId == user.Id, ct);
        if (participation is not null)
        {
            return participation;
        }

        var stored = await db.Participations.Where(p => p.ConsultationId == consultationId).MaxAsync(p => (int?)p.Number, ct) ?? 0;
        var local = db.Participations.Local.Where(p => p.ConsultationId == consultationId).Select(p => p.Number).DefaultIfEmpty(0).Max();
        participation = new Participation(consultationId, user.Id, Math.Max(stored, local) + 1);
        db.Participations.Add(participation);
        return participation;
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.People;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Infrastructure.Identity;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Infrastructure.Authorisation;

/// <summary>The single requirement behind every <see cref="Permission"/>: "the caller holds this permission".</summary>
public sealed class PermissionRequirement : IAuthorizationRequirement
{
    public static PermissionRequirement Instance { get; } = new();
}

/// <summary>Decides a <see cref="Permission"/> for a principal, from the caller's participation in the consultation concerned.</summary>
public sealed class PermissionHandler(IDbContextFactory<DraftingDbContext> contexts, PermissionCache cache) : AuthorizationHandler<PermissionRequirement, Permission>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement, Permission resource)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await IsGrantedAsync(context.User, resource))
        {
            context.Succeed(requirement);
        }
    }

    public async Task<bool> IsGrantedAsync(ClaimsPrincipal user, Permission permission)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (permission is AnyonePermission)
        {
            return true;
        }

        if (user.Identity?.IsAuthenticated != true || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return false;
        }

        var isAdministrator = user.HasClaim(AppClaims.Administrator, "true");
        return permission switch
        {
            SignedInPermission => true,
            AdministratorPermission => isAdministrator,
            ConsultationPermission p => isAdministrator || await HoldsAnyAsync(userId, p.ConsultationId, p.Roles),
            StatementPermission p => isAdministrator || await cache.GetOrAddAsync(userId, p, () => MayAsync(userId, p)),
            AgendaItemPermission p => isAdministrator || await RunsAsync(userId, p),
            ClusterPermission p => isAdministrator || await DraftsClusterAsync(userId, p),
            _ => false,
        };
    }

    private async Task<bool> HoldsAnyAsync(string userId, int consultationId, IReadOnlySet<ConsultationRole> roles)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var participation = await db.Participations.AsNoTracking()
            .FirstOrDefaultAsync(p => p.ConsultationId == consultationId && p.UserId == userId);
        return participation is not null && roles.Any(participation.Holds);
    }

    private async Task<bool> RunsAsync(string userId, AgendaItemPermission permission)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var participation = await db.Participations.AsNoTracking()
            .FirstOrDefaultAsync(p => p.ConsultationId == permission.ConsultationId && p.UserId == userId);
        return participation is not null && (participation.IsOrganiser || participation.CoHosts(permission.AgendaItemKey));
    }

    private async Task<bool> DraftsClusterAsync(string userId, ClusterPermission permission)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var participation = await db.Participations.AsNoTracking()
            .FirstOrDefaultAsync(p => p.ConsultationId == permission.ConsultationId && p.UserId == userId);
        return participation is not null
            && participation.MayDraft(StatementKind.Common, permission.ClusterNumber, await AgendaOfAsync(db, permission.ConsultationId));
    }

    private async Task<bool> MayAsync(string userId, StatementPermission permission)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var statement = await db.Statements.AsNoTracking()
            .Where(s => s.Id == permission.StatementId)
            .Select(s => new { s.ConsultationId, s.Kind, s.ClusterNumber })
            .FirstOrDefaultAsync();
        if (statement is null)
        {
            return false;
        }

        var participation = await db.Participations.AsNoTracking()
            .FirstOrDefaultAsync(p => p.ConsultationId == statement.ConsultationId && p.UserId == userId);
        if (participation is null)
        {
            return false;
        }

        return permission.Access switch
        {
            StatementAccess.Read => participation.MayReadStatements,
            StatementAccess.Propose => participation.MayProposeAmendments,
            StatementAccess.Manage => participation.MayManageStatements,
            StatementAccess.Draft => participation.MayDraft(statement.Kind, statement.ClusterNumber, await AgendaOfAsync(db, statement.ConsultationId)),
            _ => false,
        };
    }

    /// <summary>Every item of a consultation's agenda (a few dozen): who drafts a statement depends on its sessions.</summary>
    private static Task<List<AgendaItem>> AgendaOfAsync(DraftingDbContext db, int consultationId) =>
        db.Consultations.AsNoTracking()
            .Where(c => c.Id == consultationId)
            .SelectMany(c => c.Days).SelectMany(d => d.Items)
            .ToListAsync();
}

/// <summary>
/// Remembers statement permissions for a few seconds, so that live editing (a check per message) does not query the
/// database for every keystroke batch. Any command that changes who may do what is audited, and the audit behaviour
/// calls <see cref="Invalidate"/> after it, so in this process a change of role applies at once; elsewhere (another
/// node, the command line) within <see cref="Lifetime"/>.
/// </summary>
public sealed class PermissionCache(Microsoft.Extensions.Caching.Memory.IMemoryCache memory)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(3);

    private long _version;

    public void Invalidate() => Interlocked.Increment(ref _version);

    public async Task<bool> GetOrAddAsync(string userId, StatementPermission permission, Func<Task<bool>> decide)
    {
        ArgumentNullException.ThrowIfNull(decide);
        var key = (nameof(PermissionCache), Interlocked.Read(ref _version), userId, permission.StatementId, permission.Access);
        if (memory.TryGetValue(key, out var cached) && cached is bool known)
        {
            return known;
        }

        var granted = await decide();
        Microsoft.Extensions.Caching.Memory.CacheExtensions.Set(memory, key, granted, Lifetime);
        return granted;
    }
}

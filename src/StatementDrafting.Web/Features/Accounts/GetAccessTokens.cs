using System.Security.Claims;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Accounts;

/// <summary>The caller's own personal access tokens (never their secrets: only hashes are stored). Any signed-in account.</summary>
public sealed record GetAccessTokens : IQuery<IReadOnlyList<AccessTokenView>>, IAuthorisedRequest
{
    public Permission Permission => Permission.SignedIn;
}

public sealed record AccessTokenView(int Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt, bool IsUsable);

public sealed class GetAccessTokensHandler(IDbContextFactory<DraftingDbContext> contexts, CallerContext caller, TimeProvider clock)
    : IQueryHandler<GetAccessTokens, IReadOnlyList<AccessTokenView>>
{
    public async ValueTask<IReadOnlyList<AccessTokenView>> Handle(GetAccessTokens query, CancellationToken cancellationToken)
    {
        var userId = caller.User.FindFirstValue(ClaimTypes.NameIdentifier);
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tokens = await db.AccessTokens.AsNoTracking().Where(t => t.UserId == userId).ToListAsync(cancellationToken);
        return [.. tokens
            .OrderByDescending(t => t.IsUsableAt(now)).ThenByDescending(t => t.Id)
            .Select(t => new AccessTokenView(t.Id, t.Name, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt, t.IsUsableAt(now)))];
    }
}

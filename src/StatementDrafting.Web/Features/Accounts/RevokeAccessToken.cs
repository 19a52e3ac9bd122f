using System.Globalization;
using System.Security.Claims;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Accounts;

/// <summary>Revokes one of the caller's own access tokens; it stops working at once. Others' tokens are "not found".</summary>
public sealed record RevokeAccessToken(int TokenId) : ICommand, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.SignedIn;

    public int? AuditConsultationId => null;

    public string? AuditSubject => string.Create(CultureInfo.InvariantCulture, $"AccessToken {TokenId}");
}

public sealed class RevokeAccessTokenValidator : IValidator<RevokeAccessToken>
{
    public IEnumerable<ValidationError> Validate(RevokeAccessToken message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Ids.Positive((nameof(message.TokenId), message.TokenId, "token"));
    }
}

public sealed class RevokeAccessTokenHandler(IDbContextFactory<DraftingDbContext> contexts, CallerContext caller, TimeProvider clock)
    : ICommandHandler<RevokeAccessToken>
{
    public async ValueTask<Unit> Handle(RevokeAccessToken command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var userId = caller.User.FindFirstValue(ClaimTypes.NameIdentifier);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        // Someone else's token is answered exactly like a missing one: the reply tells nothing about other accounts.
        var token = await db.AccessTokens.FirstOrDefaultAsync(t => t.Id == command.TokenId && t.UserId == userId, cancellationToken)
            ?? throw new DomainException("You have no such token.");
        token.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Identity;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Accounts;

/// <summary>
/// Creates a personal access token for the caller's own account: a program holding it acts as them. The secret is in
/// the result only, to show once; the database keeps its hash.
/// </summary>
public sealed record CreateAccessToken(string Name, int Days) : ICommand<CreatedAccessToken>, IAuthorisedRequest, IAudited
{
    public const int MaxNameLength = 100;
    public const int DefaultDays = 30;
    public const int MaxDays = 365;

    /// <summary>How many usable tokens one account may hold.</summary>
    public const int MaxUsableTokens = 20;

    public Permission Permission => Permission.SignedIn;

    public int? AuditConsultationId => null;

    public string? AuditSubject => null;
}

public sealed record CreatedAccessToken(int Id, string Secret, DateTimeOffset ExpiresAt);

public sealed class CreateAccessTokenValidator : IValidator<CreateAccessToken>
{
    public IEnumerable<ValidationError> Validate(CreateAccessToken message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrWhiteSpace(message.Name))
        {
            yield return new ValidationError(nameof(message.Name), "Give the token a name, for example the program that will use it.");
        }
        else if (message.Name.Trim().Length > CreateAccessToken.MaxNameLength || message.Name.Any(char.IsControl))
        {
            yield return new ValidationError(nameof(message.Name), string.Create(CultureInfo.InvariantCulture, $"A token's name is at most {CreateAccessToken.MaxNameLength} characters, on one line."));
        }

        if (message.Days is < 1 or > CreateAccessToken.MaxDays)
        {
            yield return new ValidationError(nameof(message.Days), string.Create(CultureInfo.InvariantCulture, $"A token lasts from 1 to {CreateAccessToken.MaxDays} days."));
        }
    }
}

public sealed class CreateAccessTokenHandler(IDbContextFactory<DraftingDbContext> contexts, CallerContext caller, TimeProvider clock)
    : ICommandHandler<CreateAccessToken, CreatedAccessToken>
{
    public async ValueTask<CreatedAccessToken> Handle(CreateAccessToken command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var userId = caller.UserId;
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var usable = (await db.AccessTokens.AsNoTracking().Where(t => t.UserId == userId).ToListAsync(cancellationToken)).Count(t => t.IsUsableAt(now));
        if (usable >= CreateAccessToken.MaxUsableTokens)
        {
            throw new DomainException(string.Create(CultureInfo.InvariantCulture, $"You have {usable} usable tokens already; revoke one you no longer need first."));
        }

        var expiresAt = now.AddDays(command.Days);
        var (secret, token) = AccessToken.Issue(userId, command.Name.Trim(), now, expiresAt);
        db.AccessTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedAccessToken(token.Id, secret, expiresAt);
    }
}

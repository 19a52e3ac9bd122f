using System.Globalization;
using System.Security.Claims;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Participations;

/// <summary>
/// The caller chooses the alias others see them by in a consultation, or, with an empty alias, goes back to
/// "Participant N". Refused when it contains their name or organisation, is taken, or passes for a number or a role.
/// </summary>
public sealed record ChooseAlias(int ConsultationId, string? Alias) : ICommand<string>, IAuthorisedRequest, IAudited
{
    /// <summary>Longer than any alias the domain accepts, so that its own message explains the limit; beyond this, refused at the edge.</summary>
    public const int MaxInputLength = 200;

    public Permission Permission => Permission.Member(ConsultationId);

    public int? AuditConsultationId => ConsultationId;

    /// <summary>The alias itself is not recorded: it is chosen to be unlinkable to the person.</summary>
    public string? AuditSubject => null;
}

public sealed class ChooseAliasValidator : IValidator<ChooseAlias>
{
    public IEnumerable<ValidationError> Validate(ChooseAlias message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive((nameof(message.ConsultationId), message.ConsultationId, "consultation")))
        {
            yield return error;
        }

        if (message.Alias is { Length: > ChooseAlias.MaxInputLength })
        {
            yield return new ValidationError(nameof(message.Alias), string.Create(CultureInfo.InvariantCulture, $"An alias is at most {Participation.MaxAliasLength} characters long."));
        }
    }
}

/// <summary>Returns the caller's pseudonym after the change.</summary>
public sealed class ChooseAliasHandler(IDbContextFactory<DraftingDbContext> contexts, CallerContext caller)
    : ICommandHandler<ChooseAlias, string>
{
    public async ValueTask<string> Handle(ChooseAlias command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var userId = caller.User.FindFirstValue(ClaimTypes.NameIdentifier);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var participation = await db.Participations
            .FirstOrDefaultAsync(p => p.ConsultationId == command.ConsultationId && p.UserId == userId, cancellationToken)
            ?? throw new DomainException("You have no place in this consultation to choose an alias for.");

        // The name and organisation to keep out of the alias: from the approved registration (linked, or by the
        // account's e-mail address), else the account's display name.
        var account = await db.Users.Where(u => u.Id == participation.UserId)
            .Select(u => new { u.DisplayName, Email = u.Email ?? string.Empty })
            .FirstAsync(cancellationToken);
        var email = account.Email.Trim().ToLowerInvariant();
        var registration = await db.Registrations.AsNoTracking()
            .Where(r => r.ConsultationId == command.ConsultationId && r.Status == RegistrationStatus.Approved)
            .Where(r => r.Id == participation.RegistrationId || r.Email == email)
            .OrderByDescending(r => r.Id == participation.RegistrationId)
            .FirstOrDefaultAsync(cancellationToken);
        var realName = registration?.Name ?? account.DisplayName;

        // Without a registration, a co-host's seat organisation is the organisation an alias must not reveal.
        var organisation = registration?.Organisation ?? (participation.CoHostSeats.Count > 0 ? participation.CoHostSeats[0].Organisation : null) ?? string.Empty;
        var inUse = await db.Participations
            .Where(p => p.ConsultationId == command.ConsultationId && p.Id != participation.Id && p.Alias != null)
            .Select(p => p.Alias!)
            .ToListAsync(cancellationToken);

        participation.ChooseAlias(command.Alias, realName, organisation, inUse);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsConflict(e))
        {
            // Someone took the same alias between our check and our write: the unique index refused it.
            throw new DomainException("Someone in this consultation uses that alias already.");
        }

        return participation.Pseudonym;
    }
}

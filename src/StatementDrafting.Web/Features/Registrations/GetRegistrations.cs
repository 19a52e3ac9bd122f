using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Registrations;

/// <summary>A consultation's registrations for its organisers to review, optionally only those with one status.</summary>
public sealed record GetRegistrations(int ConsultationId, RegistrationStatus? Status = null) : IQuery<RegistrationList?>, IAuthorisedRequest
{
    /// <summary>Real names and organisations: organisers only.</summary>
    public Permission Permission => Permission.Organiser(ConsultationId);
}

/// <param name="SharesOrganisationWith">How many other pending or approved registrations name the same organisation.</param>
public sealed record RegistrationRow(
    int Id,
    string Name,
    string Email,
    string Organisation,
    string StakeholderCategory,
    string Country,
    string Region,
    Gender Gender,
    int? PreferredClusterNumber,
    RegistrationStatus Status,
    RegistrationSource Source,
    DateTimeOffset SubmittedAt,
    string? DeclineReason,
    int SharesOrganisationWith);

public sealed record RegistrationList(
    int ConsultationId,
    string Title,
    string TimeZoneId,
    OnePersonPerOrganisation OnePersonPerOrganisation,
    IReadOnlyDictionary<RegistrationStatus, int> Counts,
    IReadOnlyList<RegistrationRow> Rows);

public sealed class GetRegistrationsValidator : IValidator<GetRegistrations>
{
    public IEnumerable<ValidationError> Validate(GetRegistrations message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive((nameof(message.ConsultationId), message.ConsultationId, "consultation")))
        {
            yield return error;
        }

        if (message.Status is { } status && !Enum.IsDefined(status))
        {
            yield return new ValidationError(nameof(message.Status), "Unknown registration status.");
        }
    }
}

public sealed class GetRegistrationsHandler(IDbContextFactory<DraftingDbContext> contexts) : IQueryHandler<GetRegistrations, RegistrationList?>
{
    public async ValueTask<RegistrationList?> Handle(GetRegistrations query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var consultation = await db.Consultations.AsNoTracking()
            .Where(c => c.Id == query.ConsultationId)
            .Select(c => new { c.Id, c.Title, c.TimeZoneId, c.Rules.OnePersonPerOrganisation })
            .FirstOrDefaultAsync(cancellationToken);
        if (consultation is null)
        {
            return null;
        }

        var all = await db.Registrations.AsNoTracking()
            .Where(r => r.ConsultationId == query.ConsultationId)
            .OrderBy(r => r.Id)
            .ToListAsync(cancellationToken);

        // Computed now rather than when each person registered: a declined colleague no longer counts.
        var live = all.Where(r => r.Status != RegistrationStatus.Declined && r.OrganisationKey.Length > 0)
            .GroupBy(r => r.OrganisationKey, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var counts = Enum.GetValues<RegistrationStatus>().ToDictionary(s => s, s => all.Count(r => r.Status == s));

        return new RegistrationList(
            consultation.Id,
            consultation.Title,
            consultation.TimeZoneId,
            consultation.OnePersonPerOrganisation,
            counts,
            [.. all
                .Where(r => query.Status is null || r.Status == query.Status)
                .Select(r => new RegistrationRow(
                    r.Id,
                    r.Name,
                    r.Email,
                    r.Organisation,
                    r.StakeholderCategory,
                    r.Country,
                    r.Region,
                    r.Gender,
                    r.PreferredClusterNumber,
                    r.Status,
                    r.Source,
                    r.SubmittedAt,
                    r.DeclineReason,
                    r.Status == RegistrationStatus.Declined || !live.TryGetValue(r.OrganisationKey, out var n) ? 0 : n - 1))]);
    }
}

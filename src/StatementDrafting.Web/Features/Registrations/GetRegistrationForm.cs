using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Web.Features.Consultations;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Registrations;

/// <summary>What the public registration form offers, and whether registration is still open.</summary>
public sealed record GetRegistrationForm(int ConsultationId) : IQuery<RegistrationForm?>, IAuthorisedRequest
{
    /// <summary>Registration is public.</summary>
    public Permission Permission => Permission.Anyone;
}

public sealed record ClusterChoice(int Number, string Title);

/// <param name="ClosesAt">The instant registration closes; null when it stays open.</param>
/// <param name="IsOpen">Whether registration is open now, by the server's clock.</param>
public sealed record RegistrationForm(
    int ConsultationId,
    string Title,
    string TimeZoneId,
    DateTimeOffset? ClosesAt,
    bool IsOpen,
    bool ChathamHouse,
    OnePersonPerOrganisation OnePersonPerOrganisation,
    IReadOnlyList<string> StakeholderCategories,
    IReadOnlyList<string> Regions,
    IReadOnlyList<ClusterChoice> Clusters);

public sealed class GetRegistrationFormValidator : IValidator<GetRegistrationForm>
{
    public IEnumerable<ValidationError> Validate(GetRegistrationForm message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Ids.Positive((nameof(message.ConsultationId), message.ConsultationId, "consultation"));
    }
}

public sealed class GetRegistrationFormHandler(IDbContextFactory<DraftingDbContext> contexts, TimeProvider clock)
    : IQueryHandler<GetRegistrationForm, RegistrationForm?>
{
    public async ValueTask<RegistrationForm?> Handle(GetRegistrationForm query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var consultation = await db.WithClustersAsync(query.ConsultationId, cancellationToken);
        if (consultation is null)
        {
            return null;
        }

        var closesAt = consultation.RegistrationClosesAt;
        return new RegistrationForm(
            consultation.Id,
            consultation.Title,
            consultation.TimeZoneId,
            closesAt,
            closesAt is null || clock.GetUtcNow() < closesAt,
            consultation.Rules.ChathamHouse,
            consultation.Rules.OnePersonPerOrganisation,
            consultation.StakeholderCategories,
            consultation.Regions,
            [.. consultation.Clusters.Select(c => new ClusterChoice(c.Number, c.Title))]);
    }
}

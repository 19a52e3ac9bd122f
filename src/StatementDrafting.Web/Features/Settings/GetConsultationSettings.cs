using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Settings;

/// <summary>A consultation's rules, registration deadline and registration lists, for its organisers to change.</summary>
public sealed record GetConsultationSettings(int ConsultationId) : IQuery<ConsultationSettings?>, IAuthorisedRequest
{
    public Permission Permission => Permission.Organiser(ConsultationId);
}

/// <param name="RegistrationClosesLocal">The deadline as the consultation's clocks show it; null when registration has none.</param>
public sealed record ConsultationSettings(
    int ConsultationId,
    string Title,
    string TimeZoneId,
    ConsultationRules Rules,
    DateTime? RegistrationClosesLocal,
    IReadOnlyList<string> StakeholderCategories,
    IReadOnlyList<string> Regions);

public sealed class GetConsultationSettingsValidator : IValidator<GetConsultationSettings>
{
    public IEnumerable<ValidationError> Validate(GetConsultationSettings message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Ids.Positive((nameof(message.ConsultationId), message.ConsultationId, "consultation"));
    }
}

public sealed class GetConsultationSettingsHandler(IDbContextFactory<DraftingDbContext> contexts) : IQueryHandler<GetConsultationSettings, ConsultationSettings?>
{
    public async ValueTask<ConsultationSettings?> Handle(GetConsultationSettings query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var consultation = await db.Consultations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == query.ConsultationId, cancellationToken);
        return consultation is null
            ? null
            : new ConsultationSettings(
                consultation.Id,
                consultation.Title,
                consultation.TimeZoneId,
                consultation.Rules,
                consultation.RegistrationClosesLocal,
                consultation.StakeholderCategories,
                consultation.Regions);
    }
}

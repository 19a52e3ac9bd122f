using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Setup;

/// <summary>A consultation's definition as JSON, for organisers: it re-imports onto the same consultation without duplicating anything.</summary>
public sealed record ExportConsultation(int ConsultationId) : IQuery<string?>, IAuthorisedRequest
{
    public Permission Permission => Permission.Organiser(ConsultationId);
}

public sealed class ExportConsultationValidator : IValidator<ExportConsultation>
{
    public IEnumerable<ValidationError> Validate(ExportConsultation message) => Ids.Positive(("ConsultationId", message?.ConsultationId, "consultation"));
}

public sealed class ExportConsultationHandler(IDbContextFactory<DraftingDbContext> contexts) : IQueryHandler<ExportConsultation, string?>
{
    public async ValueTask<string?> Handle(ExportConsultation query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var consultation = await DefinitionStore.TrackedAsync(db, query.ConsultationId, cancellationToken);
        if (consultation is null)
        {
            return null;
        }

        var statements = (await db.Statements.AsNoTracking().Where(s => s.ConsultationId == consultation.Id)
                .Select(s => new { s.Kind, s.ClusterNumber }).ToListAsync(cancellationToken))
            .OrderBy(s => s.Kind == StatementKind.Opening ? 1 : 0).ThenBy(s => s.ClusterNumber)
            .Select(s => (s.Kind == StatementKind.Opening ? "opening" : "common", s.ClusterNumber));
        return JsonSerializer.Serialize(ConsultationDefinition.Of(consultation, statements), ConsultationDefinition.Json);
    }
}

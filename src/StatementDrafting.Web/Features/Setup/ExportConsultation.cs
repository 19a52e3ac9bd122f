using System.Text.Json;
using Mediator;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;

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

public sealed class ExportConsultationHandler(DefinitionStore store) : IQueryHandler<ExportConsultation, string?>
{
    public async ValueTask<string?> Handle(ExportConsultation query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await store.DefinitionOfAsync(query.ConsultationId, cancellationToken) is { } definition
            ? JsonSerializer.Serialize(definition, ConsultationDefinition.Json)
            : null;
    }
}

using StatementDrafting.Web.Features.Documents;

namespace StatementDrafting.Web.Tests.Authorisation.Cases;

/// <summary>The consultation's outcome record: every member may download it; nobody else.</summary>
public sealed class OutcomeRecordCases : AuthorisationCases
{
    public override IEnumerable<AuthorisationCase> Cases(MatrixWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        yield return AuthorisationCase.For(() => new ExportOutcomeRecord(world.ConsultationId, ExportFormat.Docx), Members);
    }
}

using StatementDrafting.Web.Features.Documents;

namespace StatementDrafting.Web.Tests.Authorisation.Cases;

/// <summary>The pre-read pack: every member of the consultation may download it (each reads every statement anyway); no one else.</summary>
public sealed class PreReadPackCases : AuthorisationCases
{
    public override IEnumerable<AuthorisationCase> Cases(MatrixWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        yield return AuthorisationCase.For(() => new ExportPreReadPack(world.ConsultationId, ExportFormat.Docx), Members);
    }
}

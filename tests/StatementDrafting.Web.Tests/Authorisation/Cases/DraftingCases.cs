using StatementDrafting.Web.Features.Clusters;
using StatementDrafting.Web.Features.Consultations;
using StatementDrafting.Web.Features.Statements;

namespace StatementDrafting.Web.Tests.Authorisation.Cases;

/// <summary>The consultation's public pages and its statements.</summary>
public sealed class DraftingCases : AuthorisationCases
{
    public override IEnumerable<AuthorisationCase> Cases(MatrixWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        yield return AuthorisationCase.For(() => new GetConsultationOverview(world.ConsultationId), Everyone);
        yield return AuthorisationCase.For(() => new GetCluster(world.ConsultationId, 1), Everyone);
        yield return AuthorisationCase.For(() => new GetStatement(world.StatementId), Members);
    }
}

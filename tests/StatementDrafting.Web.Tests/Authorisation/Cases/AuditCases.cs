using StatementDrafting.Web.Features.Audit;

namespace StatementDrafting.Web.Tests.Authorisation.Cases;

/// <summary>The audit trail.</summary>
public sealed class AuditCases : AuthorisationCases
{
    public override IEnumerable<AuthorisationCase> Cases(MatrixWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        yield return AuthorisationCase.For(() => new GetAuditTrail(world.ConsultationId), Organisers);
        yield return AuthorisationCase.For(() => new GetAuditTrail(world.ConsultationId, Page: 2, Action: "SignedIn"), Organisers);
    }
}

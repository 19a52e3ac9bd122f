using StatementDrafting.Web.Features.Setup;

namespace StatementDrafting.Web.Tests.Authorisation.Cases;

/// <summary>The setup page: organisers read and change the set-up; only administrators (no actor of the matrix) create a consultation.</summary>
public sealed class SetupEditCases : AuthorisationCases
{
    public override IEnumerable<AuthorisationCase> Cases(MatrixWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        yield return AuthorisationCase.For(() => new GetConsultationDefinition(world.ConsultationId), Organisers);
        yield return AuthorisationCase.For(() => new EditConsultation(world.ConsultationId, new RemoveSpeakerSlot("a slot this consultation does not have")), Organisers);
        yield return AuthorisationCase.For(() => new CreateConsultation("Matrix consultation", "Asia/Bangkok"));
    }
}

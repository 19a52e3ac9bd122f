using StatementDrafting.Web.Features.Invitations;

namespace StatementDrafting.Web.Tests.Authorisation.Cases;

/// <summary>Personal sign-in links: organisers only, for they show real names and hand out sign-ins.</summary>
public sealed class InvitationsCases : AuthorisationCases
{
    /// <summary>The demo seeds five invitations first, so the first has id 1.</summary>
    private const int DemoInvitationId = 1;

    public override IEnumerable<AuthorisationCase> Cases(MatrixWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        yield return AuthorisationCase.For(() => new GetInvitations(world.ConsultationId), Organisers);
        yield return AuthorisationCase.For(() => new CreateInvitations(world.ConsultationId, world.ParticipantParticipationId, 14), Organisers);
        yield return AuthorisationCase.For(() => new CreateInvitations(world.ConsultationId, null, 14), Organisers);
        yield return AuthorisationCase.For(() => new RevokeInvitation(world.ConsultationId, DemoInvitationId), Organisers);
        yield return AuthorisationCase.For(() => new ExportInvitations(world.ConsultationId, "http://localhost/"), Organisers);
    }
}

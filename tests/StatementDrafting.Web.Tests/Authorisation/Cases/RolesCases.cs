using StatementDrafting.Domain.People;
using StatementDrafting.Web.Features.Roles;

namespace StatementDrafting.Web.Tests.Authorisation.Cases;

/// <summary>Organisers manage who holds which role.</summary>
public sealed class RolesCases : AuthorisationCases
{
    public override IEnumerable<AuthorisationCase> Cases(MatrixWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        yield return AuthorisationCase.For(() => new GetMembers(world.ConsultationId), Organisers);
        yield return AuthorisationCase.For(() => new ChangeRole(world.ConsultationId, world.ParticipantParticipationId, ConsultationRole.Observer, Grant: true), Organisers);
        yield return AuthorisationCase.For(() => new SeatCoHost(world.ConsultationId, world.ParticipantParticipationId, world.ThisSessionKey, null), Organisers);

        // Unseat again (cases of one type run in this order), so the participant is no co-host for the cases after.
        yield return AuthorisationCase.For(() => new SeatCoHost(world.ConsultationId, world.ParticipantParticipationId, world.ThisSessionKey, null, Seat: false), Organisers);
        yield return AuthorisationCase.For(() => new AddMember(world.ConsultationId, "matrix.added@example.org", "Added By Matrix", ConsultationRole.Observer), Organisers);
    }
}

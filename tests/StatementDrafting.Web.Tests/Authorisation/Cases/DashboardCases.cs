using StatementDrafting.Web.Features.Dashboard;

namespace StatementDrafting.Web.Tests.Authorisation.Cases;

/// <summary>Presence and the participation dashboard.</summary>
public sealed class DashboardCases : AuthorisationCases
{
    public override IEnumerable<AuthorisationCase> Cases(MatrixWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        yield return AuthorisationCase.For(() => new RecordPresence(world.ConsultationId), Members);
        yield return AuthorisationCase.For(() => new MarkPresent(world.ConsultationId, world.ParticipantParticipationId, 1), Organisers);
        yield return AuthorisationCase.For(() => new MarkPresent(world.ConsultationId, world.ParticipantParticipationId, 1, Present: false), Organisers);
        yield return AuthorisationCase.For(() => new GetParticipationDashboard(world.ConsultationId), Organisers);
    }
}

using StatementDrafting.Web.Features.Consultations;
using StatementDrafting.Web.Features.Statements;

namespace StatementDrafting.Web.Tests.Authorisation.Cases;

/// <summary>
/// The projector: every member reads what its changes are shown against and what the statement page offers beside it;
/// only organisers and the co-hosts of an agenda item start that item (not the co-hosts of another session).
/// </summary>
public sealed class ProjectorCases : AuthorisationCases
{
    public override IEnumerable<AuthorisationCase> Cases(MatrixWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        yield return AuthorisationCase.For(() => new GetProjectorBaseline(world.StatementId), Members);
        yield return AuthorisationCase.For(() => new GetProjectorBaseline(world.StatementId, "0"), Members);
        yield return AuthorisationCase.For(() => new GetProjectorControls(world.StatementId), Members);
        yield return AuthorisationCase.For(() => new StartAgendaItem(world.ConsultationId, world.ThisSessionKey), Actor.Organiser, Actor.CoHostOfThisSession);
    }
}

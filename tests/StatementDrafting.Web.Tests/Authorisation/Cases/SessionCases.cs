using StatementDrafting.Web.Features.Sessions;

namespace StatementDrafting.Web.Tests.Authorisation.Cases;

/// <summary>
/// Session rooms: every member opens a room and sees who is in its statement; participants and co-hosts choose the
/// session they follow (organisers and observers do not, nor anyone without a role); anyone signed in asks which
/// sessions they chose themselves (someone without a role has none).
/// </summary>
public sealed class SessionCases : AuthorisationCases
{
    public override IEnumerable<AuthorisationCase> Cases(MatrixWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        yield return AuthorisationCase.For(() => new GetSessionRoom(world.ConsultationId, world.ThisSessionKey), Members);
        yield return AuthorisationCase.For(() => new GetWhoIsHere(world.StatementId), Members);
        yield return AuthorisationCase.For(
            () => new ChooseSession(world.ConsultationId, world.ThisSessionKey), Actor.CoHostOfThisSession, Actor.CoHostOfAnotherSession, Actor.Participant);
        yield return AuthorisationCase.For(() => new GetMySessionChoices(world.ConsultationId), Members);
    }
}

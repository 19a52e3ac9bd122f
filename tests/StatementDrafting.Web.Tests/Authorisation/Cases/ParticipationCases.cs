using StatementDrafting.Web.Features.Participations;

namespace StatementDrafting.Web.Tests.Authorisation.Cases;

/// <summary>One's own participation: every member sees how others see them and may choose an alias.</summary>
public sealed class ParticipationCases : AuthorisationCases
{
    public override IEnumerable<AuthorisationCase> Cases(MatrixWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        yield return AuthorisationCase.For(() => new GetMyParticipation(world.ConsultationId), Members);

        // Going back to "Participant N" changes nothing visible for the rest of the matrix, whoever is allowed.
        yield return AuthorisationCase.For(() => new ChooseAlias(world.ConsultationId, null), Members);
    }
}

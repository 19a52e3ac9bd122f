using StatementDrafting.Web.Features.History;

namespace StatementDrafting.Web.Tests.Authorisation.Cases;

/// <summary>History: every member reads it, compares revisions and has their visits remembered; co-hosts and organisers name milestones.</summary>
public sealed class HistoryCases : AuthorisationCases
{
    public override IEnumerable<AuthorisationCase> Cases(MatrixWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        yield return AuthorisationCase.For(() => new GetStatementHistory(world.StatementId), Members);
        yield return AuthorisationCase.For(() => new CompareRevisions(world.StatementId, 0, 0), Members);
        yield return AuthorisationCase.For(() => new RecordVisit(world.StatementId, 0), Members);
        yield return AuthorisationCase.For(() => new NameMilestone(world.StatementId, 0, "Matrix milestone"), Actor.Organiser, Actor.CoHostOfThisSession);
    }
}

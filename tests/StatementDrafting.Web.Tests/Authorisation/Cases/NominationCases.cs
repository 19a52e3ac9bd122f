using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Web.Features.Nominations;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Tests.Authorisation.Cases;

/// <summary>
/// Speaker nominations: participants and co-hosts nominate, answer and withdraw (observers and organisers who do not take
/// part do not); organisers match proposals, place nominees and put the slate to the plenary; members see the
/// nominations and the slate's poll.
/// </summary>
public sealed class NominationCases : AuthorisationCases
{
    private static readonly Actor[] Voters = [Actor.CoHostOfThisSession, Actor.CoHostOfAnotherSession, Actor.Participant];

    public override IEnumerable<AuthorisationCase> Cases(MatrixWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var nominationId = Proposal(world);
        var c = world.ConsultationId;
        yield return AuthorisationCase.For(() => new NominateSpeaker(c, Self: false, "Matrix Nominee", "Matrix Organisation"), Voters);
        yield return AuthorisationCase.For(() => new AnswerNomination(c, nominationId, Accept: true), Voters);
        yield return AuthorisationCase.For(() => new WithdrawNomination(c, nominationId), Voters);
        yield return AuthorisationCase.For(() => new MatchNomination(c, nominationId, world.ParticipantParticipationId), Organisers);
        yield return AuthorisationCase.For(() => new PlaceNominee(c, nominationId, null, null), Organisers);
        yield return AuthorisationCase.For(() => new OpenSlatePoll(c), Organisers);
        yield return AuthorisationCase.For(() => new GetSlatePoll(c), Members);
        yield return AuthorisationCase.For(() => new GetNominations(c), Members);
        yield return AuthorisationCase.For(() => new CountNominationRequests(c), Members);
    }

    /// <summary>A proposal by the matrix's participant, made once before any call is checked.</summary>
    private static int Proposal(MatrixWorld world)
    {
        using var scope = world.App.Services.CreateScope();
        using (var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<DraftingDbContext>>().CreateDbContext())
        {
            var existing = db.Nominations.AsNoTracking().Where(n => n.ProposedName == "Matrix Proposal").Select(n => (int?)n.Id).FirstOrDefault();
            if (existing is { } id)
            {
                return id;
            }
        }

        scope.ServiceProvider.GetRequiredService<CallerContext>().Set(world.PrincipalOf(Actor.Participant));
        return scope.ServiceProvider.GetRequiredService<IMediator>()
            .Send(new NominateSpeaker(world.ConsultationId, Self: false, "Matrix Proposal", "Matrix Organisation")).AsTask().GetAwaiter().GetResult();
    }
}

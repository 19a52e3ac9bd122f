using System.Runtime.CompilerServices;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Web.Features.Amendments;
using StatementDrafting.Web.Infrastructure.Callers;

namespace StatementDrafting.Web.Tests.Authorisation.Cases;

/// <summary>
/// Amendments: every member reads them; participants, co-hosts and organisers propose and support (observers do not);
/// only the proposer changes or withdraws an open one; co-hosts of the statement's sessions and organisers decide.
/// </summary>
public sealed class AmendmentCases : AuthorisationCases
{
    private static readonly Actor[] Deciders = [Actor.Organiser, Actor.CoHostOfThisSession];
    private static readonly ConditionalWeakTable<MatrixWorld, Dictionary<string, int>> Proposed = [];

    public override IEnumerable<AuthorisationCase> Cases(MatrixWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var statement = world.StatementId;

        // Made now, before any call is checked, so that making them is not taken for a refused call storing something.
        var (revise, withdraw, support, decide) = (AmendmentOf(world, "revise"), AmendmentOf(world, "withdraw"), AmendmentOf(world, "support"), AmendmentOf(world, "decide"));
        var paragraph = FirstParagraph(world);
        yield return AuthorisationCase.For(() => new ListAmendments(statement), Members);
        yield return AuthorisationCase.For(() => new CountOpenAmendments(statement), Members);
        yield return AuthorisationCase.For(() => new ProposeAmendment(statement, AmendmentKind.InsertAfter, paragraph, "A paragraph from the matrix.", null), ParticipantsAndUp);
        yield return AuthorisationCase.For(() => new ReviseAmendment(statement, revise, "Matrix wording, revised.", null), Actor.Participant);
        yield return AuthorisationCase.For(() => new WithdrawAmendment(statement, withdraw), Actor.Participant);
        yield return AuthorisationCase.For(() => new SupportAmendment(statement, support, true), ParticipantsAndUp);
        yield return AuthorisationCase.For(() => new DecideAmendment(statement, decide, AmendmentDecision.Reject, Reason: "Not now."), Deciders);
    }

    private static string FirstParagraph(MatrixWorld world) =>
        world.App.QueryAsync(db => Task.FromResult(db.Statements.Where(s => s.Id == world.StatementId).SelectMany(s => s.Blocks)
            .Where(b => b.Kind == Domain.Statements.BlockKind.NumberedParagraph).OrderBy(b => b.Position).Select(b => b.Id).First().Value))
            .GetAwaiter().GetResult();

    /// <summary>An amendment the matrix's participant proposed for one case, made once per world, before any call is checked.</summary>
    private static int AmendmentOf(MatrixWorld world, string purpose)
    {
        var numbers = Proposed.GetOrCreateValue(world);
        lock (numbers)
        {
            if (!numbers.TryGetValue(purpose, out var number))
            {
                number = ProposeAsync(world).GetAwaiter().GetResult();
                numbers[purpose] = number;
            }

            return number;
        }
    }

    private static async Task<int> ProposeAsync(MatrixWorld world)
    {
        await using var scope = world.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().Set(world.PrincipalOf(Actor.Participant));
        var created = await scope.ServiceProvider.GetRequiredService<IMediator>()
            .Send(new ProposeAmendment(world.StatementId, AmendmentKind.InsertAfter, FirstParagraph(world), "Matrix wording.", null));
        return created.Number;
    }
}

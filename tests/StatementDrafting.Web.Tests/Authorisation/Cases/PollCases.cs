using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Web.Features.Polls;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Tests.Authorisation.Cases;

/// <summary>
/// Adoption polls, on the opening statement (no other case uses it): organisers open and close them; participants and
/// co-hosts respond (observers and organisers who do not take part do not); members see a statement's poll; anyone reads
/// an adopted statement's public record.
/// </summary>
public sealed class PollCases : AuthorisationCases
{
    private static readonly Actor[] Voters = [Actor.CoHostOfThisSession, Actor.CoHostOfAnotherSession, Actor.Participant];

    public override IEnumerable<AuthorisationCase> Cases(MatrixWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var pollId = OpenPoll(world);
        yield return AuthorisationCase.For(() => new OpenAdoptionPoll(world.OpeningStatementId), Organisers);
        yield return AuthorisationCase.For(() => new RespondToPoll(world.ConsultationId, pollId, PollChoice.Support), Voters);
        yield return AuthorisationCase.For(() => new ClosePoll(world.ConsultationId, pollId), Organisers);
        yield return AuthorisationCase.For(() => new GetStatementPoll(world.OpeningStatementId), Members);
        yield return AuthorisationCase.For(() => new GetAdoptionOutcome(world.OpeningStatementId), Everyone);
        yield return AuthorisationCase.For(() => new GetClosingPlenary(world.ConsultationId), Members);
        yield return AuthorisationCase.For(() => new StatementDrafting.Web.Features.Documents.ExportStatementDocx(world.OpeningStatementId), Members);
        yield return AuthorisationCase.For(() => new StatementDrafting.Web.Features.Documents.ExportStatementChanges(world.OpeningStatementId, 0, 1), Members);
        yield return AuthorisationCase.For(() => new StatementDrafting.Web.Features.Documents.ExportStatementChanges(world.OpeningStatementId, 0, 1, StatementDrafting.Web.Features.Documents.ExportFormat.Html), Members);
        yield return AuthorisationCase.For(() => new StatementDrafting.Web.Features.Documents.ExportOpenAmendments(world.OpeningStatementId), Members);
    }

    /// <summary>The opening statement's open poll, opened by the matrix's organiser when there is none (before any call is checked).</summary>
    private static int OpenPoll(MatrixWorld world)
    {
        using var scope = world.App.Services.CreateScope();
        using (var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<DraftingDbContext>>().CreateDbContext())
        {
            var open = db.Polls.AsNoTracking().Where(p => p.StatementId == world.OpeningStatementId && p.ClosedAt == null).Select(p => (int?)p.Id).FirstOrDefault();
            if (open is { } id)
            {
                return id;
            }
        }

        scope.ServiceProvider.GetRequiredService<CallerContext>().Set(world.PrincipalOf(Actor.Organiser));
        return scope.ServiceProvider.GetRequiredService<IMediator>().Send(new OpenAdoptionPoll(world.OpeningStatementId)).AsTask().GetAwaiter().GetResult();
    }
}

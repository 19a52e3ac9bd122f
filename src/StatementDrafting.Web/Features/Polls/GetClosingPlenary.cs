using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Web.Features.Nominations;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Polls;

/// <summary>
/// The closing plenary at a glance: every statement of the consultation and where it stands (draft, up for adoption
/// with its count of responses, adopted), and the speakers' slate. Counts of responses only, never a tally while open.
/// </summary>
public sealed record GetClosingPlenary(int ConsultationId) : IQuery<ClosingPlenaryView?>, IAuthorisedRequest
{
    public Permission Permission => Permission.Member(ConsultationId);
}

/// <param name="Responses">Responses so far (at the last step of five) while a poll is open.</param>
public sealed record PlenaryItem(int StatementId, string Title, string Stage, int? Responses, bool Adopted);

public sealed record ClosingPlenaryView(int ConsultationId, string Title, IReadOnlyList<PlenaryItem> Statements, SlateStage Slate, int SlateFilled, int SlatePlaces, int? SlateResponses)
{
    public int Adopted => Statements.Count(s => s.Adopted);
}

public sealed class GetClosingPlenaryValidator : IValidator<GetClosingPlenary>
{
    public IEnumerable<ValidationError> Validate(GetClosingPlenary message) => Ids.Positive(("ConsultationId", message?.ConsultationId, "consultation"));
}

public sealed class GetClosingPlenaryHandler(IDbContextFactory<DraftingDbContext> contexts) : IQueryHandler<GetClosingPlenary, ClosingPlenaryView?>
{
    public async ValueTask<ClosingPlenaryView?> Handle(GetClosingPlenary query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var title = await db.Consultations.Where(c => c.Id == query.ConsultationId).Select(c => c.Title).FirstOrDefaultAsync(cancellationToken);
        if (title is null)
        {
            return null;
        }

        var statements = await db.Statements.AsNoTracking().Where(s => s.ConsultationId == query.ConsultationId)
            .OrderBy(s => s.ClusterNumber == null ? 0 : 1).ThenBy(s => s.ClusterNumber)
            .Select(s => new { s.Id, s.Title })
            .ToListAsync(cancellationToken);
        var polls = (await db.Polls.AsNoTracking().Where(p => p.ConsultationId == query.ConsultationId).ToListAsync(cancellationToken))
            .GroupBy(p => p.StatementId ?? 0)
            .ToDictionary(g => g.Key, g => g.MaxBy(p => p.Id)!);
        var items = statements.Select(s =>
        {
            var poll = polls.GetValueOrDefault(s.Id);
            return new PlenaryItem(
                s.Id, s.Title,
                PollDesk.StageOf(poll is null ? null : (poll.ClosedAt, poll.Outcome)),
                poll is { IsOpen: true } ? poll.Shown.Tally.Responses : null,
                poll is { IsOpen: false, Outcome: not PollOutcome.NotAdopted });
        }).ToList();

        var slatePoll = await NominationDesk.LatestSlatePollAsync(db, query.ConsultationId, cancellationToken);
        var slate = await NominationDesk.SlateAsync(db, query.ConsultationId, cancellationToken);
        return new ClosingPlenaryView(query.ConsultationId, title, items, NominationDesk.StageOf(slatePoll), slate.Filled, slate.Places,
            slatePoll is { IsOpen: true } ? slatePoll.Shown.Tally.Responses : null);
    }
}

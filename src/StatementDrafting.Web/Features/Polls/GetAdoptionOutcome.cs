using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Web.Infrastructure.Authorisation;

namespace StatementDrafting.Web.Features.Polls;

/// <summary>
/// The public record of a statement's adoption: the exact text adopted, its revision and fingerprint, the rule and the
/// counts. Anyone may read it once the statement is adopted (it is what the consultation publishes); before, there is
/// none. It names nobody.
/// </summary>
public sealed record GetAdoptionOutcome(int StatementId) : IQuery<AdoptionOutcome?>, IAuthorisedRequest
{
    public Permission Permission => Permission.Anyone;
}

/// <summary>The outcome as served at <c>/statements/{id}/outcome.json</c> (docs/outcome.md).</summary>
public sealed record AdoptionOutcome(
    int StatementId,
    string Title,
    string Consultation,
    string Outcome,
    string Rule,
    string Explanation,
    DateTimeOffset AdoptedAt,
    int Revision,
    string Fingerprint,
    string FingerprintAlgorithm,
    int Support,
    int CanLiveWith,
    int Objections,
    int Eligible,
    string Text);

public sealed class GetAdoptionOutcomeHandler(PollDesk desk) : IQueryHandler<GetAdoptionOutcome, AdoptionOutcome?>
{
    public async ValueTask<AdoptionOutcome?> Handle(GetAdoptionOutcome query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await desk.Contexts.CreateDbContextAsync(cancellationToken);
        var poll = await db.Polls.AsNoTracking()
            .Where(p => p.StatementId == query.StatementId && p.ClosedAt != null && p.Outcome != null && p.Outcome != PollOutcome.NotAdopted)
            .OrderByDescending(p => p.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (poll is null)
        {
            return null;
        }

        var consultation = await db.Consultations.AsNoTracking().Where(c => c.Id == poll.ConsultationId).Select(c => c.Title).FirstAsync(cancellationToken);
        return new AdoptionOutcome(
            query.StatementId, poll.Title, consultation, OutcomeName(poll.Outcome!.Value), poll.Rule.Describe(), poll.Explanation ?? string.Empty,
            poll.ClosedAt!.Value, poll.Revision, poll.Fingerprint, "SHA-256 of the UTF-8 text, lower-case hex",
            poll.FinalSupport, poll.FinalCanLiveWith, poll.FinalObjections, poll.Eligible, poll.Text);
    }

    public static string OutcomeName(PollOutcome outcome) => outcome switch
    {
        PollOutcome.AdoptedByConsensus => "adopted by consensus",
        PollOutcome.AdoptedByMajority => "adopted by a qualified majority",
        PollOutcome.AdoptedByDeclaration => "adopted by the chair's declaration",
        _ => "not adopted",
    };
}

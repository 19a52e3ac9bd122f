using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Nominations;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Nominations;

/// <summary>How many nominations wait for the caller's answer (shown as a notice on the consultation's page).</summary>
public sealed record CountNominationRequests(int ConsultationId) : IQuery<int>, IAuthorisedRequest
{
    public Permission Permission => Permission.Member(ConsultationId);
}

public sealed class CountNominationRequestsValidator : IValidator<CountNominationRequests>
{
    public IEnumerable<ValidationError> Validate(CountNominationRequests message) => Ids.Positive(("ConsultationId", message?.ConsultationId, "consultation"));
}

public sealed class CountNominationRequestsHandler(IDbContextFactory<DraftingDbContext> contexts, CallerContext caller) : IQueryHandler<CountNominationRequests, int>
{
    public async ValueTask<int> Handle(CountNominationRequests query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var userId = caller.UserId;
        return await db.Nominations.CountAsync(
            n => n.ConsultationId == query.ConsultationId && n.Status == NominationStatus.AwaitingConsent
                && db.Participations.Any(p => p.Id == n.NomineeParticipationId && p.UserId == userId),
            cancellationToken);
    }
}

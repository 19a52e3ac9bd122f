using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Web.Features.Polls;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;

namespace StatementDrafting.Web.Features.Nominations;

/// <summary>The slate's approval as the caller may see it: the rule, and the latest poll on the slate if there is one.</summary>
public sealed record GetSlatePoll(int ConsultationId) : IQuery<PollSubjectView>, IAuthorisedRequest
{
    public Permission Permission => Permission.Member(ConsultationId);
}

public sealed class GetSlatePollValidator : IValidator<GetSlatePoll>
{
    public IEnumerable<ValidationError> Validate(GetSlatePoll message) => Ids.Positive(("ConsultationId", message?.ConsultationId, "consultation"));
}

public sealed class GetSlatePollHandler(PollDesk desk, CallerContext caller, PermissionHandler permissions) : IQueryHandler<GetSlatePoll, PollSubjectView>
{
    public async ValueTask<PollSubjectView> Handle(GetSlatePoll query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await desk.Contexts.CreateDbContextAsync(cancellationToken);
        var rules = await db.Consultations.AsNoTracking().Where(c => c.Id == query.ConsultationId).Select(c => c.Rules).FirstOrDefaultAsync(cancellationToken)
            ?? throw new Domain.DomainException("There is no such consultation.");
        var isOrganiser = await permissions.IsGrantedAsync(caller.User, Permission.Organiser(query.ConsultationId));
        var poll = await NominationDesk.LatestSlatePollAsync(db, query.ConsultationId, cancellationToken);
        if (poll is null)
        {
            return new PollSubjectView(null, query.ConsultationId, rules.PollRule.Describe(), null, isOrganiser);
        }

        var view = await PollViews.OfAsync(db, poll, caller.IsSignedIn ? caller.UserId : null, isOrganiser, reasonsVisible: isOrganiser, cancellationToken);
        var approved = NominationDesk.StageOf(poll) == SlateStage.Approved;
        var rule = poll.IsOpen || approved ? poll.Rule.Describe() : rules.PollRule.Describe();
        return new PollSubjectView(null, query.ConsultationId, rule, view, isOrganiser && !poll.IsOpen && !approved);
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Web.Features.Polls;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Nominations;

/// <summary>
/// The chair puts the slate as it stands to the plenary, as a whole: a poll of the same kind as adoption, on the slate's
/// canonical text and its fingerprint. While it is open the slate cannot change; approved, it is published and final.
/// </summary>
public sealed record OpenSlatePoll(int ConsultationId) : ICommand<int>, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.Organiser(ConsultationId);

    public int? AuditConsultationId => ConsultationId;

    public string? AuditSubject => "Slate: poll opened";
}

public sealed class OpenSlatePollValidator : IValidator<OpenSlatePoll>
{
    public IEnumerable<ValidationError> Validate(OpenSlatePoll message) => Ids.Positive(("ConsultationId", message?.ConsultationId, "consultation"));
}

public sealed class OpenSlatePollHandler(PollDesk desk) : ICommandHandler<OpenSlatePoll, int>
{
    public async ValueTask<int> Handle(OpenSlatePoll command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await desk.Contexts.CreateDbContextAsync(cancellationToken);
        switch (NominationDesk.StageOf(await NominationDesk.LatestSlatePollAsync(db, command.ConsultationId, cancellationToken)))
        {
            case SlateStage.Voting:
                throw new DomainException("The slate's poll is already open.");
            case SlateStage.Approved:
                throw new DomainException("The slate has been approved: it is final.");
        }

        var slate = await NominationDesk.SlateAsync(db, command.ConsultationId, cancellationToken);
        if (slate.Filled == 0)
        {
            throw new DomainException("The slate is empty: place at least one nominee before putting it to the plenary.");
        }

        var rules = await db.Consultations.Where(c => c.Id == command.ConsultationId).Select(c => c.Rules).FirstAsync(cancellationToken);
        var version = await db.Polls.CountAsync(p => p.ConsultationId == command.ConsultationId && p.Subject == PollSubject.Slate, cancellationToken) + 1;
        var poll = Poll.OpenSlate(command.ConsultationId, version, slate.CanonicalText(), rules.PollRule, rules.ResponsePerOrganisation, rules.TallyShownToAll, desk.Now);
        db.Polls.Add(poll);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsConflict(e))
        {
            // Two chairs at once: the database keeps one open poll on the slate.
            throw new DomainException("The slate's poll is already open.");
        }

        desk.Announce(poll);
        return poll.Id;
    }
}

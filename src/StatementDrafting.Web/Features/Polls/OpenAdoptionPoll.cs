using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Polls;

/// <summary>
/// The chair (an organiser) puts a statement to the plenary: it is locked at its current revision (no edits, no new
/// amendments) and a poll opens on that exact text, decided by the consultation's rule as it stands now.
/// </summary>
public sealed record OpenAdoptionPoll(int StatementId) : ICommand<int>, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Manage);

    public int? AuditConsultationId => null;

    public string? AuditSubject => $"Statement {StatementId}: adoption poll opened";
}

public sealed class OpenAdoptionPollValidator : IValidator<OpenAdoptionPoll>
{
    public IEnumerable<ValidationError> Validate(OpenAdoptionPoll message) => DraftingValidation.Statement(message?.StatementId);
}

public sealed class OpenAdoptionPollHandler(PollDesk desk, DraftingEngine engine) : ICommandHandler<OpenAdoptionPoll, int>
{
    public async ValueTask<int> Handle(OpenAdoptionPoll command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        Poll? opened = null;
        try
        {
            await engine.SetLockedAsync(command.StatementId, locked: true, async (db, statement, ct) =>
            {
                var latest = await PollDesk.LatestOfAsync(db, statement.Id, ct);
                if (latest is { IsOpen: true })
                {
                    throw new DomainException("This statement's adoption poll is already open.");
                }

                if (latest is { Outcome: not null and not PollOutcome.NotAdopted })
                {
                    throw new DomainException("This statement has been adopted; its text is final.");
                }

                var rules = await db.Consultations.Where(c => c.Id == statement.ConsultationId).Select(c => c.Rules).FirstAsync(ct);
                var text = StatementFingerprint.CanonicalText(statement.Title, statement.Blocks.Select(b => (b.Kind, b.HeadingLevel, b.Text)));
                opened = Poll.OpenAdoption(statement.ConsultationId, statement.Id, statement.Title, statement.Revision, text, rules.PollRule,
                    rules.ResponsePerOrganisation, rules.TallyShownToAll, desk.Now);
                db.Polls.Add(opened);
            }, cancellationToken);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsConflict(e))
        {
            // Two chairs at the same moment: the database keeps one open poll per statement.
            throw new DomainException("This statement's adoption poll is already open.");
        }

        desk.Announce(opened!);
        return opened!.Id;
    }
}

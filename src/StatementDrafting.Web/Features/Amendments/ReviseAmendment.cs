using Mediator;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;

namespace StatementDrafting.Web.Features.Amendments;

/// <summary>The proposer changes their amendment; or the proposer or a co-host brings one that needs an update onto the current text.</summary>
public sealed record ReviseAmendment(int StatementId, int Number, string? ProposedText, string? Rationale, string? WrittenAgainst = null)
    : ICommand<AmendmentRef>, IAuthorisedRequest, INotAudited
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Propose);
}

public sealed class ReviseAmendmentValidator : IValidator<ReviseAmendment>
{
    public IEnumerable<ValidationError> Validate(ReviseAmendment message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return AmendmentInput.Identified(message.StatementId, message.Number)
            .Concat(AmendmentInput.Texts(message.ProposedText, message.Rationale, message.WrittenAgainst));
    }
}

public sealed class ReviseAmendmentHandler(AmendmentDesk desk) : ICommandHandler<ReviseAmendment, AmendmentRef>
{
    public async ValueTask<AmendmentRef> Handle(ReviseAmendment command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await desk.Contexts.CreateDbContextAsync(cancellationToken);
        var amendment = await AmendmentDesk.LoadAsync(db, command.StatementId, command.Number, cancellationToken);
        AmendmentActor actor;
        if (amendment.ProposerId == desk.ActingUserId())
        {
            actor = AmendmentActor.Proposer;
        }
        else if (amendment.Status == AmendmentStatus.NeedsUpdate && await desk.MayDraftAsync(command.StatementId))
        {
            actor = AmendmentActor.CoHost;
        }
        else
        {
            throw new AccessDeniedException();
        }

        var snapshot = await desk.SnapshotAsync(command.StatementId, cancellationToken);
        var block = await desk.ParagraphOfAsync(db, amendment, snapshot, cancellationToken);
        var proposed = amendment.Kind == AmendmentKind.Replace ? Amendment.FollowWhileWritten(command.WrittenAgainst, command.ProposedText, block.Text) : command.ProposedText;
        amendment.Revise(actor, block.Text, proposed, command.Rationale, snapshot.Revision, desk.Now);
        await AmendmentDesk.SaveAsync(db, amendment, cancellationToken);
        return desk.Announce(amendment);
    }
}

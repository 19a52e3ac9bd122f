using System.Text.Json;
using Mediator;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;

namespace StatementDrafting.Web.Features.Drafting;

/// <summary>One change to a statement's text or blocks (protocol: <c>Submit</c>). The change log is its record, not the audit trail.</summary>
public sealed record SubmitChange(int StatementId, string ChangeId, int BaseRevision, JsonElement Op)
    : ICommand<SubmitResult>, IAuthorisedRequest, INotAudited
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Draft);
}

public sealed class SubmitChangeValidator : IValidator<SubmitChange>
{
    public IEnumerable<ValidationError> Validate(SubmitChange message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in DraftingValidation.Statement(message.StatementId))
        {
            yield return error;
        }

        if (!DraftingValidation.IsChangeId(message.ChangeId))
        {
            yield return new ValidationError(nameof(message.ChangeId), $"A change id is 8 to {DraftingValidation.MaxChangeId} letters, digits, '-' or '_'.");
        }

        if (message.BaseRevision < 0)
        {
            yield return new ValidationError(nameof(message.BaseRevision), "A base revision is 0 or more.");
        }

        if (message.Op.ValueKind != JsonValueKind.Object)
        {
            yield return new ValidationError(nameof(message.Op), "A submission carries one operation, a JSON object.");
        }
    }
}

public sealed class SubmitChangeHandler(DraftingEngine engine, CallerContext caller) : ICommandHandler<SubmitChange, SubmitResult>
{
    public async ValueTask<SubmitResult> Handle(SubmitChange command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        // The operation's own check (shape, normal form, typed text, self-references), before the engine transforms it.
        var op = SubmittedEdit.Read(command.Op);
        var author = caller.UserId;
        return await engine.SubmitAsync(command.StatementId, author, command.ChangeId, command.BaseRevision, op, cancellationToken);
    }
}

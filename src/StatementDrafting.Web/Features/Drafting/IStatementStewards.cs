using StatementDrafting.Domain.Editing;

namespace StatementDrafting.Web.Features.Drafting;

/// <summary>
/// With several nodes, the one node that sequences a statement at a time (its steward, ADR 0019). Not registered on
/// one node: the engine then sequences everything itself.
/// </summary>
public interface IStatementStewards
{
    /// <summary>
    /// Sends a plain change to the statement's steward and returns its answer, or null when this node should sequence the
    /// change itself: it is the steward, or the steward is unknown, unreachable or too slow. A refusal of the steward is
    /// thrown as the same <see cref="DraftingRefusedException"/> code and message.
    /// </summary>
    Task<SubmitResult?> ForwardAsync(int statementId, string authorId, string changeId, int baseRevision, EditOp op, CancellationToken cancellationToken);
}

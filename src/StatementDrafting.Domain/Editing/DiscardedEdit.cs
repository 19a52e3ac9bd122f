using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Domain.Editing;

/// <summary>Part of an edit that could not be applied, told to its author. <paramref name="Text"/> is what it inserted.</summary>
public sealed record DiscardedEdit(BlockId Block, string Reason, string Text)
{
    /// <summary>The reason given when the block was deleted meanwhile.</summary>
    public const string Deleted = "deleted";

    /// <summary>The reason given when the edit no longer fitted the document and was refused.</summary>
    public const string Refused = "refused";
}

/// <summary>The result of transforming one incoming operation: what to apply, and what was dropped.</summary>
public sealed record TransformOutcome(IReadOnlyList<EditOp> Ops, IReadOnlyList<DiscardedEdit> Discarded);

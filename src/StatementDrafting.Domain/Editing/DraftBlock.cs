using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Domain.Editing;

/// <summary>One block of a draft as the live editor sees it: an immutable value.</summary>
public sealed record DraftBlock(BlockId Id, BlockKind Kind, int Level, string Text);

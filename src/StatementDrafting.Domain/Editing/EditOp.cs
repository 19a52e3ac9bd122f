using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Domain.Editing;

/// <summary>
/// One operation on a draft's list of blocks (see docs/protocol.md). A client submits exactly one; the server may
/// turn it into zero, one or several after transforming it over changes the client had not seen. Fields named as
/// "applied form" are filled in by <see cref="DraftDocument.Apply"/> and left out by clients.
/// </summary>
public abstract record EditOp(BlockId Block);

/// <summary>Edits the text of <paramref name="Block"/>; the operation covers its whole current text.</summary>
public sealed record TextEdit(BlockId Block, TextOperation Operation) : EditOp(Block);

/// <summary>Inserts a new block after <paramref name="After"/> (null: first place).</summary>
public sealed record InsertBlock(BlockId Block, BlockId? After, BlockKind Kind, int Level, string Text) : EditOp(Block);

/// <summary>Deletes a block with its text. The applied form records where it was and what it held.</summary>
public sealed record DeleteBlock(BlockId Block) : EditOp(Block)
{
    /// <summary>Applied form: the block that preceded it, or null when it was first.</summary>
    public BlockId? After { get; init; }

    /// <summary>Applied form: the text it held; null when not applied.</summary>
    public string? Text { get; init; }

    /// <summary>Applied form: its kind.</summary>
    public BlockKind? Kind { get; init; }

    /// <summary>Applied form: its level.</summary>
    public int? Level { get; init; }

    /// <summary>True when the applied-form fields are filled in.</summary>
    public bool IsApplied => Text is not null;
}

/// <summary>Moves a block (with its text) after <paramref name="After"/> (null: first place).</summary>
public sealed record MoveBlock(BlockId Block, BlockId? After) : EditOp(Block)
{
    /// <summary>Applied form: the block that preceded it before the move, or null (first, or not applied).</summary>
    public BlockId? From { get; init; }
}

/// <summary>Changes what a block is: its kind and heading level (0 for paragraphs).</summary>
public sealed record RestyleBlock(BlockId Block, BlockKind Kind, int Level) : EditOp(Block)
{
    /// <summary>Applied form: the kind before.</summary>
    public BlockKind? WasKind { get; init; }

    /// <summary>Applied form: the level before.</summary>
    public int? WasLevel { get; init; }
}

/// <summary>
/// Cuts <paramref name="Block"/>'s text at <paramref name="Offset"/>: the text from there on becomes the new block
/// <paramref name="NewBlock"/> (of the given kind and level), placed right after it.
/// </summary>
public sealed record SplitBlock(BlockId Block, int Offset, BlockId NewBlock, BlockKind Kind, int Level) : EditOp(Block)
{
    /// <summary>
    /// Set by the server's transformation when the split brings back a block that was joined in (someone deleted the
    /// block that took it in). Such a split keeps the text after its offset when another split cuts at the same place.
    /// </summary>
    public bool Restores { get; init; }
}

/// <summary>Appends <paramref name="Next"/>'s text to <paramref name="Block"/> and removes <paramref name="Next"/>.</summary>
public sealed record JoinBlocks(BlockId Block, BlockId Next) : EditOp(Block)
{
    /// <summary>Applied form: the length of <see cref="EditOp.Block"/>'s text before the join.</summary>
    public int? Offset { get; init; }

    /// <summary>Applied form: the length of the text that came from <see cref="Next"/>.</summary>
    public int? NextLength { get; init; }

    /// <summary>Applied form: the kind <see cref="Next"/> had.</summary>
    public BlockKind? NextKind { get; init; }

    /// <summary>Applied form: the level <see cref="Next"/> had.</summary>
    public int? NextLevel { get; init; }

    /// <summary>True when the applied-form fields are filled in.</summary>
    public bool IsApplied => Offset is not null && NextLength is not null && NextKind is not null && NextLevel is not null;
}

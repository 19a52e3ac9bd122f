using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Domain.Editing;

/// <summary>
/// The live editor's model of a statement: an ordered list of blocks. <see cref="Apply"/> validates an operation
/// completely before changing anything, so a refused operation leaves the document as it was.
/// </summary>
public sealed class DraftDocument
{
    /// <summary>The most blocks a statement may hold.</summary>
    public const int MaxBlocks = 1_000;

    private readonly List<DraftBlock> blocks;

    /// <exception cref="EditRefusedException">The blocks break a limit, repeat an id or have a bad kind or level.</exception>
    public DraftDocument(IEnumerable<DraftBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        this.blocks = [.. blocks];
        if (this.blocks.Count > MaxBlocks)
        {
            throw new EditRefusedException(EditError.TooManyBlocks, $"A statement holds at most {MaxBlocks} blocks.");
        }

        var seen = new HashSet<BlockId>();
        foreach (var block in this.blocks)
        {
            ArgumentNullException.ThrowIfNull(block);
            if (!seen.Add(block.Id))
            {
                throw new EditRefusedException(EditError.Malformed, $"The block id {block.Id} appears twice.");
            }

            CheckStyle(block.Kind, block.Level);
            CheckText(block.Text);
        }
    }

    private DraftDocument(List<DraftBlock> blocks, bool _) => this.blocks = blocks;

    /// <summary>The blocks in document order.</summary>
    public IReadOnlyList<DraftBlock> Blocks => blocks;

    public DraftBlock? Find(BlockId id)
    {
        var index = IndexOf(id);
        return index < 0 ? null : blocks[index];
    }

    /// <summary>The block's place from 0, or -1 when there is no such block.</summary>
    public int IndexOf(BlockId id)
    {
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    public DraftDocument Clone() => new([.. blocks], false);

    /// <summary>True when both documents hold the same blocks in the same order.</summary>
    public bool ContentEquals(DraftDocument other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return blocks.SequenceEqual(other.blocks);
    }

    /// <summary>
    /// Applies <paramref name="op"/> and returns its applied form (with the fields the server fills in).
    /// </summary>
    /// <exception cref="EditRefusedException">The operation does not fit this document; nothing was changed.</exception>
    public EditOp Apply(EditOp op)
    {
        ArgumentNullException.ThrowIfNull(op);
        return op switch
        {
            TextEdit edit => ApplyText(edit),
            InsertBlock insert => ApplyInsert(insert),
            DeleteBlock delete => ApplyDelete(delete),
            MoveBlock move => ApplyMove(move),
            RestyleBlock restyle => ApplyRestyle(restyle),
            SplitBlock split => ApplySplit(split),
            JoinBlocks join => ApplyJoin(join),
            _ => throw new EditRefusedException(EditError.Malformed, "Unknown kind of operation."),
        };
    }

    /// <summary>Applies each operation in order; refused as a whole (nothing changed) if any one is refused.</summary>
    public IReadOnlyList<EditOp> ApplyAll(IEnumerable<EditOp> ops)
    {
        ArgumentNullException.ThrowIfNull(ops);
        var trial = Clone();
        var applied = ops.Select(trial.Apply).ToList();
        blocks.Clear();
        blocks.AddRange(trial.blocks);
        return applied;
    }

    public override string ToString() =>
        string.Join(" | ", blocks.Select(b => $"{b.Id}:{b.Text}"));

    internal static void CheckStyle(BlockKind kind, int level)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new EditRefusedException(EditError.Malformed, "Unknown block kind.");
        }

        if (kind == BlockKind.Heading ? level is < 1 or > Statements.Block.MaxHeadingLevel : level != 0)
        {
            throw new EditRefusedException(
                EditError.Malformed,
                $"A heading's level is 1 to {Statements.Block.MaxHeadingLevel}; a paragraph's level is 0.");
        }
    }

    private static void CheckText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > Text.MaxBlockLength)
        {
            throw new EditRefusedException(EditError.TooLong, $"A block holds at most {Text.MaxBlockLength} characters.");
        }

        if (!TextOperation.IsWellFormed(text))
        {
            throw new EditRefusedException(EditError.Malformed, "The text holds an unpaired UTF-16 surrogate.");
        }
    }

    private static bool SplitsPair(string text, int index) =>
        index > 0 && index < text.Length && char.IsHighSurrogate(text[index - 1]) && char.IsLowSurrogate(text[index]);

    private int Existing(BlockId id, string role)
    {
        var index = IndexOf(id);
        return index >= 0
            ? index
            : throw new EditRefusedException(EditError.UnknownBlock, $"There is no block {id} ({role}).");
    }

    private void CheckNew(BlockId id)
    {
        if (IndexOf(id) >= 0)
        {
            throw new EditRefusedException(EditError.UnknownBlock, $"The new block's id {id} is already taken.");
        }

        if (blocks.Count >= MaxBlocks)
        {
            throw new EditRefusedException(EditError.TooManyBlocks, $"A statement holds at most {MaxBlocks} blocks.");
        }
    }

    /// <summary>The index a block goes to when placed after <paramref name="after"/> (null: first).</summary>
    private int PlaceAfter(BlockId? after) => after is { } id ? Existing(id, "after") + 1 : 0;

    private TextEdit ApplyText(TextEdit edit)
    {
        ArgumentNullException.ThrowIfNull(edit.Operation);
        var index = Existing(edit.Block, "text");
        var block = blocks[index];
        if (edit.Operation.BaseLength != block.Text.Length)
        {
            throw new EditRefusedException(
                EditError.OutOfRange,
                $"The text operation covers {edit.Operation.BaseLength} characters; block {edit.Block} holds {block.Text.Length}.");
        }

        string text;
        try
        {
            text = edit.Operation.Apply(block.Text);
        }
        catch (DomainException e)
        {
            throw new EditRefusedException(EditError.OutOfRange, e.Message);
        }

        blocks[index] = block with { Text = text };
        return edit;
    }

    private InsertBlock ApplyInsert(InsertBlock insert)
    {
        CheckNew(insert.Block);
        CheckStyle(insert.Kind, insert.Level);
        CheckText(insert.Text);
        var place = PlaceAfter(insert.After);
        blocks.Insert(place, new DraftBlock(insert.Block, insert.Kind, insert.Level, insert.Text));
        return insert;
    }

    private DeleteBlock ApplyDelete(DeleteBlock delete)
    {
        var index = Existing(delete.Block, "delete");
        var block = blocks[index];
        blocks.RemoveAt(index);
        return new DeleteBlock(delete.Block)
        {
            After = index > 0 ? blocks[index - 1].Id : null,
            Text = block.Text,
            Kind = block.Kind,
            Level = block.Level,
        };
    }

    private MoveBlock ApplyMove(MoveBlock move)
    {
        var index = Existing(move.Block, "move");
        if (move.After == move.Block)
        {
            throw new EditRefusedException(EditError.Malformed, "A block cannot be moved after itself.");
        }

        if (move.After is { } after)
        {
            Existing(after, "after");
        }

        var block = blocks[index];
        BlockId? from = index > 0 ? blocks[index - 1].Id : null;
        blocks.RemoveAt(index);
        blocks.Insert(PlaceAfter(move.After), block);
        return move with { From = from };
    }

    private RestyleBlock ApplyRestyle(RestyleBlock restyle)
    {
        var index = Existing(restyle.Block, "restyle");
        CheckStyle(restyle.Kind, restyle.Level);
        var block = blocks[index];
        blocks[index] = block with { Kind = restyle.Kind, Level = restyle.Level };
        return restyle with { WasKind = block.Kind, WasLevel = block.Level };
    }

    private SplitBlock ApplySplit(SplitBlock split)
    {
        var index = Existing(split.Block, "split");
        if (split.NewBlock == split.Block)
        {
            throw new EditRefusedException(EditError.UnknownBlock, "The new block's id is the split block's.");
        }

        CheckNew(split.NewBlock);
        CheckStyle(split.Kind, split.Level);
        var block = blocks[index];
        if (split.Offset < 0 || split.Offset > block.Text.Length || SplitsPair(block.Text, split.Offset))
        {
            throw new EditRefusedException(
                EditError.OutOfRange,
                $"Cannot split block {split.Block} ({block.Text.Length} characters) at {split.Offset}.");
        }

        blocks[index] = block with { Text = block.Text[..split.Offset] };
        blocks.Insert(index + 1, new DraftBlock(split.NewBlock, split.Kind, split.Level, block.Text[split.Offset..]));
        return split;
    }

    private JoinBlocks ApplyJoin(JoinBlocks join)
    {
        var index = Existing(join.Block, "join");
        var nextIndex = Existing(join.Next, "next");
        if (index == nextIndex)
        {
            throw new EditRefusedException(EditError.Malformed, "A block cannot be joined with itself.");
        }

        var block = blocks[index];
        var next = blocks[nextIndex];
        if (block.Text.Length + next.Text.Length > Text.MaxBlockLength)
        {
            throw new EditRefusedException(EditError.TooLong, $"A block holds at most {Text.MaxBlockLength} characters.");
        }

        blocks[index] = block with { Text = block.Text + next.Text };
        blocks.RemoveAt(nextIndex);
        return join with
        {
            Offset = block.Text.Length,
            NextLength = next.Text.Length,
            NextKind = next.Kind,
            NextLevel = next.Level,
        };
    }
}

namespace StatementDrafting.Domain.Statements;

/// <summary>Whose statement it is: a cluster's common statement, or the opening statement.</summary>
public enum StatementKind
{
    /// <summary>A cluster's common statement, drafted by the co-hosts of that cluster's parallel sessions.</summary>
    Common,

    /// <summary>The opening statement, drafted by the organisers; no session of its own.</summary>
    Opening,
}

/// <summary>A block with the number it is displayed with (¶n), or none for headings and unnumbered paragraphs.</summary>
public sealed record NumberedBlock(Block Block, int? Number);

/// <summary>
/// A document being drafted: a title and an ordered list of blocks with stable ids.
/// Numbered paragraphs are numbered in order; headings and unnumbered paragraphs are skipped by the count.
/// </summary>
public sealed class Statement
{
    private readonly List<Block> _blocks = [];

    private Statement()
    {
        Title = string.Empty;
    }

    private Statement(int consultationId, StatementKind kind, int? clusterNumber, string title)
    {
        ConsultationId = consultationId;
        Kind = kind;
        ClusterNumber = clusterNumber;
        Title = Domain.Text.Required(title, "statement title", Domain.Text.MaxTitleLength);
    }

    public int Id { get; private set; }

    public int ConsultationId { get; private set; }

    public StatementKind Kind { get; private set; }

    /// <summary>The cluster of a common statement; null for the opening statement.</summary>
    public int? ClusterNumber { get; private set; }

    public string Title { get; private set; }

    /// <summary>How many changes the live editor has applied: 0 for the text as first stored.</summary>
    public int Revision { get; private set; }

    /// <summary>A locked statement refuses every change (e.g. while it is up for adoption).</summary>
    public bool IsLocked { get; private set; }

    /// <summary>The blocks in document order.</summary>
    public IReadOnlyList<Block> Blocks => _blocks;

    public static Statement CommonStatement(int consultationId, int clusterNumber, string title) =>
        new(consultationId, StatementKind.Common, clusterNumber, title);

    public static Statement OpeningStatement(int consultationId, string title) =>
        new(consultationId, StatementKind.Opening, null, title);

    /// <summary>Blocks loaded from storage come in any order: put them back in document order.</summary>
    public void RestoreOrder() => _blocks.Sort((a, b) => a.Position.CompareTo(b.Position));

    public Block Append(BlockKind kind, string text, int headingLevel = 0) => Insert(_blocks.Count, kind, text, headingLevel);

    /// <summary>Inserts a new block at <paramref name="index"/> (0 puts it first).</summary>
    public Block Insert(int index, BlockKind kind, string text, int headingLevel = 0)
    {
        if (index < 0 || index > _blocks.Count)
        {
            throw new DomainException($"There is no place {index} in a statement of {_blocks.Count} blocks.");
        }

        BlockId id;
        do
        {
            id = BlockId.New();
        }
        while (Find(id) is not null);

        var block = new Block(id, kind, headingLevel, text);
        _blocks.Insert(index, block);
        Reposition();
        return block;
    }

    /// <summary>Moves a block to <paramref name="index"/> in the order that results once it is taken out.</summary>
    public void Move(BlockId id, int index)
    {
        var block = Get(id);
        if (index < 0 || index >= _blocks.Count)
        {
            throw new DomainException($"There is no place {index} in a statement of {_blocks.Count} blocks.");
        }

        _blocks.Remove(block);
        _blocks.Insert(index, block);
        Reposition();
    }

    public void Remove(BlockId id)
    {
        _blocks.Remove(Get(id));
        Reposition();
    }

    public void SetText(BlockId id, string text) => Get(id).SetText(text);

    public void Restyle(BlockId id, BlockKind kind, int headingLevel = 0) => Get(id).Restyle(kind, headingLevel);

    public void Lock() => IsLocked = true;

    public void Unlock() => IsLocked = false;

    /// <summary>
    /// Makes the blocks equal to <paramref name="blocks"/> (in that order) as of <paramref name="revision"/>: blocks keep
    /// their identity by id, new ids are added, missing ones removed. Used by the live editor, which owns the order.
    /// </summary>
    public void Synchronise(IEnumerable<(BlockId Id, BlockKind Kind, int HeadingLevel, string Text)> blocks, int revision)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        if (revision < Revision)
        {
            throw new DomainException($"Revision {revision} is older than the statement's {Revision}.");
        }

        var existing = _blocks.ToDictionary(b => b.Id);
        var ordered = new List<Block>();
        foreach (var (id, kind, level, text) in blocks)
        {
            if (existing.Remove(id, out var block))
            {
                if (block.Kind != kind || block.HeadingLevel != level)
                {
                    block.Restyle(kind, level);
                }

                if (!string.Equals(block.Text, text, StringComparison.Ordinal))
                {
                    block.SetText(text);
                }
            }
            else
            {
                block = new Block(id, kind, level, text);
            }

            ordered.Add(block);
        }

        _blocks.Clear();
        _blocks.AddRange(ordered);
        Reposition();
        Revision = revision;
    }

    public Block? Find(BlockId id) => _blocks.Find(b => b.Id == id);

    public int IndexOf(BlockId id) => _blocks.FindIndex(b => b.Id == id);

    /// <summary>Every block with its display number, in document order.</summary>
    public IReadOnlyList<NumberedBlock> Numbered()
    {
        var result = new List<NumberedBlock>(_blocks.Count);
        var number = 0;
        foreach (var block in _blocks)
        {
            result.Add(new NumberedBlock(block, block.Kind == BlockKind.NumberedParagraph ? ++number : null));
        }

        return result;
    }

    /// <summary>The display number of a block (¶n), or null when it is not a numbered paragraph.</summary>
    public int? NumberOf(BlockId id) => Numbered().FirstOrDefault(n => n.Block.Id == id)?.Number;

    private Block Get(BlockId id) => Find(id) ?? throw new DomainException("That block is not part of this statement.");

    private void Reposition()
    {
        for (var i = 0; i < _blocks.Count; i++)
        {
            if (_blocks[i].Position != i)
            {
                _blocks[i].Position = i;
            }
        }
    }
}

namespace StatementDrafting.Domain.Statements;

/// <summary>
/// One block of a statement: a heading or a paragraph. Its text is Markdown limited to inline formatting
/// (emphasis, strong, links); block syntax typed into it stays literal text.
/// </summary>
public sealed class Block
{
    public const int MaxHeadingLevel = 3;

    private Block()
    {
        Text = string.Empty;
    }

    internal Block(BlockId id, BlockKind kind, int headingLevel, string text)
    {
        Id = id;
        Text = string.Empty;
        Restyle(kind, headingLevel);
        SetText(text);
    }

    public BlockId Id { get; private set; }

    public BlockKind Kind { get; private set; }

    /// <summary>1 to 3 for headings; 0 for paragraphs.</summary>
    public int HeadingLevel { get; private set; }

    public string Text { get; private set; }

    /// <summary>The block's place in its statement, from 0. Kept by the statement.</summary>
    public int Position { get; internal set; }

    internal void SetText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > Domain.Text.MaxBlockLength)
        {
            throw new DomainException($"A block holds at most {Domain.Text.MaxBlockLength} characters.");
        }

        Text = text;
    }

    internal void Restyle(BlockKind kind, int headingLevel)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new DomainException("Unknown block kind.");
        }

        if (kind == BlockKind.Heading && headingLevel is < 1 or > MaxHeadingLevel)
        {
            throw new DomainException($"A heading's level is 1 to {MaxHeadingLevel}.");
        }

        Kind = kind;
        HeadingLevel = kind == BlockKind.Heading ? headingLevel : 0;
    }
}

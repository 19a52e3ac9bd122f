using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Domain.Editing;

/// <summary>The protocol's names of block kinds: <c>heading</c>, <c>numbered</c>, <c>unnumbered</c>.</summary>
public static class BlockKindNames
{
    public static string ToWire(BlockKind kind) => kind switch
    {
        BlockKind.Heading => "heading",
        BlockKind.NumberedParagraph => "numbered",
        BlockKind.UnnumberedParagraph => "unnumbered",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown block kind."),
    };

    public static bool TryParse(string? name, out BlockKind kind)
    {
        switch (name)
        {
            case "heading": kind = BlockKind.Heading; return true;
            case "numbered": kind = BlockKind.NumberedParagraph; return true;
            case "unnumbered": kind = BlockKind.UnnumberedParagraph; return true;
            default: kind = default; return false;
        }
    }
}

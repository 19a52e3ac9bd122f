using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Web.Features.Statements;

/// <summary>Blocks of a live document as shown: numbered paragraphs get their ¶n in document order.</summary>
public static class StatementBlocks
{
    public static IReadOnlyList<BlockView> From(IEnumerable<DraftBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var number = 0;
        return
        [
            .. blocks.Select(b => new BlockView(
                b.Id.Value,
                b.Kind,
                b.Level,
                b.Kind == BlockKind.NumberedParagraph ? ++number : null,
                b.Text)),
        ];
    }
}

using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Domain.Tests.Editing;

/// <summary>Short helpers for building documents and operations in tests: blocks named by a letter.</summary>
internal static class Blocks
{
    private static readonly Dictionary<string, BlockId> Ids = [];

    /// <summary>A fixed block id per name: "a" → aaaaaaaaaaaa (names use the id alphabet).</summary>
    public static BlockId Id(string name)
    {
        lock (Ids)
        {
            if (!Ids.TryGetValue(name, out var id))
            {
                id = BlockId.Parse(string.Concat(Enumerable.Repeat(name, 12))[..12]);
                Ids[name] = id;
            }

            return id;
        }
    }

    public static DraftBlock Para(string name, string text) => new(Id(name), BlockKind.NumberedParagraph, 0, text);

    public static DraftBlock Heading(string name, string text, int level = 1) => new(Id(name), BlockKind.Heading, level, text);

    public static DraftDocument Doc(params DraftBlock[] blocks) => new(blocks);

    /// <summary>The document as "name:text | name:text" with the one-letter names.</summary>
    public static string Show(DraftDocument document) =>
        string.Join(" | ", document.Blocks.Select(b => $"{b.Id.Value[0]}:{b.Text}"));

    public static TextEdit Insert(string block, int baseLength, int at, string text) =>
        new(Id(block), TextOperation.InsertAt(baseLength, at, text));

    public static TextEdit Delete(string block, int baseLength, int at, int count) =>
        new(Id(block), TextOperation.DeleteAt(baseLength, at, count));

    public static SplitBlock Split(string block, int offset, string newBlock) =>
        new(Id(block), offset, Id(newBlock), BlockKind.NumberedParagraph, 0);

    public static JoinBlocks Join(string block, string next) => new(Id(block), Id(next));

    public static DeleteBlock Remove(string block) => new(Id(block));

    public static MoveBlock Move(string block, string? after) => new(Id(block), after is null ? null : Id(after));

    public static InsertBlock Add(string block, string? after, string text = "") =>
        new(Id(block), after is null ? null : Id(after), BlockKind.NumberedParagraph, 0, text);

    public static RestyleBlock Restyle(string block, BlockKind kind, int level) => new(Id(block), kind, level);

    /// <summary>Applies <paramref name="op"/> to a copy of <paramref name="document"/> and returns the applied form.</summary>
    public static EditOp Applied(DraftDocument document, EditOp op) => document.Clone().Apply(op);
}

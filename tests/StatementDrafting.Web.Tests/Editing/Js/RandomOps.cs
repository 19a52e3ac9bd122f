using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Web.Tests.Editing.Js;

/// <summary>
/// Seeded random documents and operations of every kind for the differential tests. Every character made is new (a
/// CJK ideograph), so that text typed by different people is never confused.
/// </summary>
internal sealed class RandomOps(Random random)
{
    /// <summary>The seven kinds, in the order <see cref="Of"/> takes them.</summary>
    public static readonly string[] Kinds = ["text", "insert", "delete", "move", "restyle", "split", "join"];

    private const string IdAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    private int nextChar;

    public Random Random { get; } = random;

    public BlockId NewId() =>
        BlockId.Parse(new string([.. Enumerable.Range(0, 12).Select(_ => IdAlphabet[Random.Next(IdAlphabet.Length)])]));

    public string NewText(int length) => new([.. Enumerable.Range(0, length).Select(_ => (char)(0x4E00 + nextChar++ % 20_000))]);

    public (BlockKind Kind, int Level) Style() => Random.Next(3) switch
    {
        0 => (BlockKind.Heading, Random.Next(1, 4)),
        1 => (BlockKind.NumberedParagraph, 0),
        _ => (BlockKind.UnnumberedParagraph, 0),
    };

    public DraftDocument Document(int minBlocks, int maxBlocks) => new(Enumerable.Range(0, Random.Next(minBlocks, maxBlocks + 1)).Select(_ =>
    {
        var (kind, level) = Style();
        return new DraftBlock(NewId(), kind, level, NewText(Random.Next(0, 7)));
    }));

    /// <summary>
    /// A random operation of kind <paramref name="kind"/> (an index of <see cref="Kinds"/>) that fits
    /// <paramref name="document"/>, or null when none does. A text edit always inserts something new.
    /// </summary>
    public EditOp? Of(int kind, DraftDocument document)
    {
        var blocks = document.Blocks;
        if (blocks.Count == 0)
        {
            return kind == 1 ? Insert(null) : null;
        }

        var index = Random.Next(blocks.Count);
        var block = blocks[index];
        switch (kind)
        {
            case 0:
                return new TextEdit(block.Id, TextOp(block.Text.Length));
            case 1:
                var place = Random.Next(blocks.Count + 1);
                return Insert(place == 0 ? null : blocks[place - 1].Id);
            case 2:
                return new DeleteBlock(block.Id);
            case 3:
                var others = blocks.Where(b => b.Id != block.Id).ToList();
                var after = Random.Next(others.Count + 1);
                return new MoveBlock(block.Id, after == 0 ? null : others[after - 1].Id);
            case 4:
                var (kindTo, level) = Style();
                return new RestyleBlock(block.Id, kindTo, level);
            case 5:
                var (newKind, newLevel) = Style();
                return new SplitBlock(block.Id, Random.Next(block.Text.Length + 1), NewId(), newKind, newLevel)
                {
                    Restores = Random.Next(5) == 0,
                };
            default:
                if (blocks.Count < 2)
                {
                    return null;
                }

                // Usually the next block; sometimes any other (the protocol allows it).
                var next = index + 1 < blocks.Count && Random.Next(4) > 0
                    ? blocks[index + 1]
                    : blocks.Where(b => b.Id != block.Id).ElementAt(Random.Next(blocks.Count - 1));
                return new JoinBlocks(block.Id, next.Id);
        }
    }

    /// <summary>A random kind, then a fitting operation of it (trying other kinds when none fits).</summary>
    public EditOp Any(DraftDocument document, out int kind)
    {
        for (var attempt = 0; ; attempt++)
        {
            kind = attempt < 10 ? Random.Next(Kinds.Length) : 1;
            if (Of(kind, document) is { } op)
            {
                return op;
            }
        }
    }

    /// <summary>A text operation over a text of <paramref name="length"/> that inserts at least one new character.</summary>
    public TextOperation TextOp(int length)
    {
        var builder = TextOperation.Builder();
        var at = 0;
        var inserted = false;
        while (at < length || !inserted)
        {
            if (Random.Next(3) == 0 || (at >= length && !inserted))
            {
                builder.Insert(NewText(Random.Next(1, 3)));
                inserted = true;
            }

            var step = Random.Next(0, Math.Min(3, length - at) + 1);
            if (Random.Next(3) == 0)
            {
                builder.Delete(step);
            }
            else
            {
                builder.Retain(step);
            }

            at += step;
        }

        return builder.Build();
    }

    private InsertBlock Insert(BlockId? after)
    {
        var (kind, level) = Style();
        return new InsertBlock(NewId(), after, kind, level, NewText(Random.Next(0, 4)));
    }
}

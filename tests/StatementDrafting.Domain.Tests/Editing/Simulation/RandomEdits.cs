using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Domain.Tests.Editing.Simulation;

/// <summary>Random documents and operations for seeded tests. Every character made is new (a CJK ideograph).</summary>
internal sealed class RandomEdits(Random random)
{
    private const string IdAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    private int nextChar;

    public Random Random { get; } = random;

    public BlockId NewId() =>
        BlockId.Parse(new string([.. Enumerable.Range(0, 12).Select(_ => IdAlphabet[Random.Next(IdAlphabet.Length)])]));

    /// <summary>A character never made before by this instance: U+4E00 onwards, one UTF-16 unit each.</summary>
    public char NextChar() => (char)(0x4E00 + nextChar++);

    public string NewText(int length) => new([.. Enumerable.Range(0, length).Select(_ => NextChar())]);

    public (BlockKind Kind, int Level) Style() => Random.Next(3) switch
    {
        0 => (BlockKind.Heading, Random.Next(1, 4)),
        1 => (BlockKind.NumberedParagraph, 0),
        _ => (BlockKind.UnnumberedParagraph, 0),
    };

    public DraftBlock Block(int maxLength = 8)
    {
        var (kind, level) = Style();
        return new DraftBlock(NewId(), kind, level, NewText(Random.Next(0, maxLength + 1)));
    }

    public DraftDocument Document(int minBlocks, int maxBlocks) =>
        new(Enumerable.Range(0, Random.Next(minBlocks, maxBlocks + 1)).Select(_ => Block()));

    /// <summary>A random operation of the given kind (see <see cref="OpKinds"/>) that fits <paramref name="document"/>, or null.</summary>
    public EditOp? Of(int kind, DraftDocument document)
    {
        var blocks = document.Blocks;
        if (blocks.Count == 0)
        {
            return kind == 1 ? Insert(null) : null;
        }

        var block = blocks[Random.Next(blocks.Count)];
        var length = block.Text.Length;
        switch (kind)
        {
            case 0:
                var builder = TextOperation.Builder();
                var at = 0;
                while (at < length || builder.TargetLength == builder.BaseLength)
                {
                    if (Random.Next(3) == 0)
                    {
                        builder.Insert(NewText(Random.Next(1, 3)));
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
                    if (at >= length && builder.TargetLength == builder.BaseLength && Random.Next(2) == 0)
                    {
                        builder.Insert(NewText(1));
                    }
                }

                return new TextEdit(block.Id, builder.Build());
            case 1:
                var place = Random.Next(blocks.Count + 1);
                return Insert(place == blocks.Count ? null : blocks[place].Id);
            case 2:
                return new DeleteBlock(block.Id);
            case 3:
                var others = blocks.Where(b => b.Id != block.Id).Select(b => (BlockId?)b.Id).Append(null).ToList();
                return new MoveBlock(block.Id, others[Random.Next(others.Count)]);
            case 4:
                var (kind4, level4) = Style();
                return new RestyleBlock(block.Id, kind4, level4);
            case 5:
                var (kind5, level5) = Style();
                return new SplitBlock(block.Id, Random.Next(length + 1), NewId(), kind5, level5);
            default:
                if (blocks.Count < 2)
                {
                    return null;
                }

                var index = Random.Next(blocks.Count - 1);
                var next = Random.Next(5) == 0
                    ? blocks.Where(b => b.Id != blocks[index].Id).ElementAt(Random.Next(blocks.Count - 1)).Id
                    : blocks[index + 1].Id;
                return new JoinBlocks(blocks[index].Id, next);
        }
    }

    private InsertBlock Insert(BlockId? after)
    {
        var (kind, level) = Style();
        return new InsertBlock(NewId(), after, kind, level, NewText(Random.Next(0, 3)));
    }
}

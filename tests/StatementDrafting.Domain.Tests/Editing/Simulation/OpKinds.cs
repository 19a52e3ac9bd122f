using StatementDrafting.Domain.Editing;

namespace StatementDrafting.Domain.Tests.Editing.Simulation;

/// <summary>The seven kinds of block operations, for counting which pairs the transformation met.</summary>
internal static class OpKinds
{
    public static readonly string[] Names = ["text", "insert", "delete", "move", "restyle", "split", "join"];

    public static int Count => Names.Length;

    public static int Of(EditOp op) => op switch
    {
        TextEdit => 0,
        InsertBlock => 1,
        DeleteBlock => 2,
        MoveBlock => 3,
        RestyleBlock => 4,
        SplitBlock => 5,
        JoinBlocks => 6,
        _ => throw new ArgumentException("Unknown operation.", nameof(op)),
    };
}

/// <summary>How many times each (incoming kind, applied kind) pair was transformed. Thread-safe.</summary>
internal sealed class PairCounts
{
    private readonly long[] counts = new long[OpKinds.Count * OpKinds.Count];

    public void Add(EditOp incoming, EditOp applied) =>
        Interlocked.Increment(ref counts[(OpKinds.Of(incoming) * OpKinds.Count) + OpKinds.Of(applied)]);

    public long this[int incoming, int applied] => Interlocked.Read(ref counts[(incoming * OpKinds.Count) + applied]);

    public long Total => counts.Sum();

    public IEnumerable<string> Missing()
    {
        for (var i = 0; i < OpKinds.Count; i++)
        {
            for (var j = 0; j < OpKinds.Count; j++)
            {
                if (this[i, j] == 0)
                {
                    yield return $"{OpKinds.Names[i]} over {OpKinds.Names[j]}";
                }
            }
        }
    }

    /// <summary>A table: rows are incoming kinds, columns applied kinds.</summary>
    public string Table()
    {
        var lines = new List<string> { "incoming \\ applied" + string.Concat(OpKinds.Names.Select(n => $"{n,9}")) };
        for (var i = 0; i < OpKinds.Count; i++)
        {
            lines.Add($"{OpKinds.Names[i],-18}" + string.Concat(Enumerable.Range(0, OpKinds.Count).Select(j => $"{this[i, j],9}")));
        }

        return string.Join(Environment.NewLine, lines);
    }
}

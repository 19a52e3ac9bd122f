using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Tests.Editing.Simulation;

using Xunit.Abstractions;

namespace StatementDrafting.Domain.Tests.Editing;

/// <summary>
/// For every pair of kinds, two operations x and y made against one document: x then y carried over x must give the
/// same blocks as y then x carried over y (TP1, with the server's rules). Clients rely on it to keep their queued
/// changes meaningful; for a text edit x the order of blocks must agree too, since the client then applies the
/// carried-over remote change to what the user sees.
/// </summary>
public class TransformConsistencyTests(ITestOutputHelper output)
{
    [Fact]
    public void Seed_777_both_orders_give_the_same_blocks_for_every_pair_of_kinds()
    {
        const int seed = 777;
        output.WriteLine($"Seed {seed}");
        var generator = new Random(seed);
        var failures = new List<string>();
        var checkedPairs = new int[OpKinds.Count, OpKinds.Count];
        var orderOnly = new int[OpKinds.Count, OpKinds.Count];
        for (var i = 0; i < 40_000; i++)
        {
            var random = new RandomEdits(generator);
            var document = random.Document(1, 5);
            var xKind = random.Random.Next(OpKinds.Count);
            var yKind = random.Random.Next(OpKinds.Count);
            if (random.Of(xKind, document) is not { } x || random.Of(yKind, document) is not { } y)
            {
                continue;
            }

            var afterX = document.Clone();
            var xApplied = afterX.Apply(x);
            var afterY = document.Clone();
            var yApplied = afterY.Apply(y);
            var transformer = new BlockTransformer(TransformRules.Standard, []);
            try
            {
                afterY.ApplyAll(transformer.Forward(x, yApplied));
                foreach (var op in BlockTransformer.Backward(yApplied, xApplied))
                {
                    // The carried-over applied operation is carried over further ones in turn: its applied-form
                    // fields must describe the document it now applies to.
                    var anchorMissing = op is DeleteBlock { After: { } anchor } && afterX.Find(anchor) is null;
                    var applied = afterX.Apply(op);
                    if (anchorMissing || Stale(op, applied))
                    {
                        failures.Add($"{OpKinds.Names[xKind]}/{OpKinds.Names[yKind]}: y' {op} applies as {applied}{Environment.NewLine}  doc {document}{Environment.NewLine}  x {xApplied}{Environment.NewLine}  y {yApplied}");
                    }
                }
            }
            catch (EditRefusedException e)
            {
                failures.Add($"{OpKinds.Names[xKind]}/{OpKinds.Names[yKind]}: refused {e.Message}{Environment.NewLine}  doc {document}{Environment.NewLine}  x {xApplied}{Environment.NewLine}  y {yApplied}");
                continue;
            }

            checkedPairs[xKind, yKind]++;
            var sameBlocks = afterX.Blocks.OrderBy(b => b.Id.Value, StringComparer.Ordinal)
                .SequenceEqual(afterY.Blocks.OrderBy(b => b.Id.Value, StringComparer.Ordinal));
            if (!sameBlocks || (xKind == 0 && !afterX.ContentEquals(afterY)))
            {
                failures.Add($"{OpKinds.Names[xKind]}/{OpKinds.Names[yKind]}: differ{Environment.NewLine}  doc {document}{Environment.NewLine}  x {xApplied}{Environment.NewLine}  y {yApplied}{Environment.NewLine}  x,y' {afterX}{Environment.NewLine}  y,x' {afterY}");
            }
            else if (!afterX.ContentEquals(afterY))
            {
                orderOnly[xKind, yKind]++;
            }
        }

        for (var a = 0; a < OpKinds.Count; a++)
        {
            output.WriteLine($"{OpKinds.Names[a],-8}" + string.Concat(Enumerable.Range(0, OpKinds.Count).Select(b => $"{checkedPairs[a, b],7}/{orderOnly[a, b],-4}")));
        }

        foreach (var failure in failures.Take(15))
        {
            output.WriteLine(failure);
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void Seed_4242_lists_of_operations_carried_over_each_other_give_the_same_blocks()
    {
        const int seed = 4242;
        output.WriteLine($"Seed {seed}");
        var generator = new Random(seed);
        var failures = new List<string>();
        var checkedLists = 0;
        for (var i = 0; i < 60_000; i++)
        {
            var random = new RandomEdits(generator);
            var document = random.Document(1, 5);
            var afterX = document.Clone();
            var afterY = document.Clone();
            var xs = RandomList(random, afterX);
            var ys = RandomList(random, afterY);
            if (xs.Count == 0 || ys.Count == 0)
            {
                continue;
            }

            var describe = $"{Environment.NewLine}  doc {document}{Environment.NewLine}  xs {string.Join("; ", xs)}{Environment.NewLine}  ys {string.Join("; ", ys)}";
            try
            {
                var (xPrime, yPrime) = new BlockTransformer(TransformRules.Standard, []).ListsAt(document, [.. xs], [.. ys]);
                afterY.ApplyAll(xPrime);
                foreach (var op in yPrime)
                {
                    var applied = afterX.Apply(op);
                    if (Stale(op, applied))
                    {
                        failures.Add($"y' {op} applies as {applied}{describe}");
                    }
                }
            }
            catch (EditRefusedException e)
            {
                failures.Add($"refused: {e.Message}{describe}");
                continue;
            }

            checkedLists++;
            var same = afterX.Blocks.OrderBy(b => b.Id.Value, StringComparer.Ordinal)
                .SequenceEqual(afterY.Blocks.OrderBy(b => b.Id.Value, StringComparer.Ordinal));
            if (!same)
            {
                failures.Add($"differ{describe}{Environment.NewLine}  xs,ys' {afterX}{Environment.NewLine}  ys,xs' {afterY}");
            }
        }

        output.WriteLine($"{checkedLists} pairs of lists checked.");
        foreach (var failure in failures.Take(10))
        {
            output.WriteLine(failure);
        }

        Assert.Empty(failures);
    }

    /// <summary>One to three random operations applied one after the other to <paramref name="document"/>, in applied form.</summary>
    private static List<EditOp> RandomList(RandomEdits random, DraftDocument document)
    {
        var ops = new List<EditOp>();
        var count = random.Random.Next(1, 5);
        for (var i = 0; i < count; i++)
        {
            if (random.Of(random.Random.Next(OpKinds.Count), document) is { } op)
            {
                ops.Add(document.Apply(op));
            }
        }

        return ops;
    }

    /// <summary>
    /// A join's offset and length must be exact (text is carried over them). Where a deleted block was only places
    /// blocks, so it need only name a block that exists (checked before applying).
    /// </summary>
    private static bool Stale(EditOp op, EditOp applied) => (op, applied) switch
    {
        (JoinBlocks join, JoinBlocks actual) => join.Offset != actual.Offset || join.NextLength != actual.NextLength,
        _ => false,
    };
}

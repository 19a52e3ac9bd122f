using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Domain.Tests.Editing.Simulation;

using Xunit.Abstractions;

using static StatementDrafting.Domain.Tests.Editing.Blocks;

namespace StatementDrafting.Domain.Tests.Editing;

/// <summary>
/// TP1 for the pairs a client computes in text mode: a queued text edit x and a remote operation y of any kind.
/// x then y' (y carried over x, applied to what the user sees) must equal y then x' (x carried over y, what the
/// server will apply), block for block and in the same order.
/// </summary>
public class ClientTextPairTests(ITestOutputHelper output)
{
    private static void AssertTp1(DraftDocument document, TextEdit x, EditOp y)
    {
        var yApplied = Applied(document, y);
        var xApplied = Applied(document, x);
        var xThenY = document.Clone();
        xThenY.Apply(x);
        xThenY.ApplyAll(BlockTransformer.Backward(yApplied, xApplied));
        var yThenX = document.Clone();
        yThenX.Apply(y);
        yThenX.ApplyAll(new BlockTransformer(TransformRules.Standard, []).Forward(x, yApplied));

        Assert.Equal(Show(yThenX), Show(xThenY));
        Assert.True(xThenY.ContentEquals(yThenX));
    }

    public static TheoryData<string, EditOp> RemoteOperations() => new()
    {
        { "text, same block", Insert("a", 6, 3, "Y") },
        { "text, same place", Insert("a", 6, 2, "Y") },
        { "text, other block", Insert("b", 2, 0, "Y") },
        { "insert", Add("c", "a", "new") },
        { "delete the block", Remove("a") },
        { "delete another block", Remove("b") },
        { "move the block", Move("a", "b") },
        { "restyle the block", Restyle("a", BlockKind.Heading, 2) },
        { "split before the typing", Split("a", 1, "n") },
        { "split at the typing", Split("a", 2, "n") },
        { "split after the typing", Split("a", 4, "n") },
        { "join with the next", Join("a", "b") },
        { "join into the previous", Join("p", "a") },
    };

    [Theory]
    [MemberData(nameof(RemoteOperations))]
    public void Typing_and_a_remote_operation_commute(string what, EditOp remote)
    {
        var document = Doc(Para("p", "pp"), Para("a", "abcdef"), Para("b", "gh"));

        AssertTp1(document, Insert("a", 6, 2, "X"), remote);
        AssertTp1(document, Delete("a", 6, 1, 3), remote);
        AssertTp1(document, new TextEdit(Id("a"), TextOperation.Builder().Insert("<").Retain(6).Insert(">").Build()), remote);
        Assert.NotEmpty(what);
    }

    [Fact]
    public void Seed_2024_random_text_edits_commute_with_random_operations_of_every_kind()
    {
        const int seed = 2024;
        output.WriteLine($"Seed {seed}");
        var generator = new Random(seed);
        var checkedPerKind = new int[OpKinds.Count];
        for (var i = 0; i < 20_000; i++)
        {
            var random = new RandomEdits(generator);
            var document = random.Document(1, 5);
            var kind = generator.Next(OpKinds.Count);
            if (random.Of(0, document) is not TextEdit x || random.Of(kind, document) is not { } y)
            {
                continue;
            }

            AssertTp1(document, x, y);
            checkedPerKind[kind]++;
        }

        output.WriteLine(string.Join(", ", OpKinds.Names.Select((name, k) => $"{name} {checkedPerKind[k]}")));
        Assert.All(checkedPerKind, count => Assert.True(count > 1_000));
    }
}

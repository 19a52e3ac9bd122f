using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Domain.Tests.Statements;

public class StatementFingerprintTests
{
    private static Statement Sample()
    {
        var statement = Statement.CommonStatement(1, 2, "Common statement of cluster 2");
        statement.Append(BlockKind.Heading, "Key challenges", 1);
        statement.Append(BlockKind.UnnumberedParagraph, "We, the participants,");
        statement.Append(BlockKind.NumberedParagraph, "Call for *urgent* action on clean water.");
        return statement;
    }

    [Fact]
    public void The_canonical_text_is_the_title_then_one_tagged_line_per_block()
    {
        var statement = Sample();

        var text = StatementFingerprint.CanonicalText(statement.Title, statement.Blocks.Select(b => (b.Kind, b.HeadingLevel, b.Text)));

        Assert.Equal(
            "title: Common statement of cluster 2\nh1: Key challenges\nu: We, the participants,\np: Call for *urgent* action on clean water.\n",
            text);
    }

    [Fact]
    public void The_fingerprint_is_the_sha256_of_the_canonical_text_in_lower_case_hex()
    {
        // SHA-256 of the three bytes "abc" (the FIPS 180-2 example).
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", StatementFingerprint.Of("abc"));
    }

    [Fact]
    public void Any_change_to_a_word_a_kind_or_the_order_changes_the_fingerprint()
    {
        var original = StatementFingerprint.Of(Sample());

        var word = Sample();
        word.SetText(word.Blocks[2].Id, "Call for urgent action on clean water.");
        var kind = Sample();
        kind.Restyle(kind.Blocks[1].Id, BlockKind.NumberedParagraph);
        var order = Sample();
        order.Move(order.Blocks[2].Id, 1);

        Assert.Equal(original, StatementFingerprint.Of(Sample()));
        Assert.NotEqual(original, StatementFingerprint.Of(word));
        Assert.NotEqual(original, StatementFingerprint.Of(kind));
        Assert.NotEqual(original, StatementFingerprint.Of(order));
    }

    [Fact]
    public void A_line_break_inside_a_text_cannot_pass_for_another_block()
    {
        var forged = StatementFingerprint.CanonicalText("T", [(BlockKind.NumberedParagraph, 0, "One.\np: Two.")]);
        var two = StatementFingerprint.CanonicalText("T", [(BlockKind.NumberedParagraph, 0, "One."), (BlockKind.NumberedParagraph, 0, "Two.")]);

        Assert.Equal("title: T\np: One.\n\tp: Two.\n", forged);
        Assert.NotEqual(StatementFingerprint.Of(two), StatementFingerprint.Of(forged));
    }
}

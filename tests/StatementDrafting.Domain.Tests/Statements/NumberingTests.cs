using StatementDrafting.Domain;
using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Domain.Tests.Statements;

public class NumberingTests
{
    private static Statement Draft()
    {
        var statement = Statement.CommonStatement(1, 2, "Common statement of cluster 2");
        statement.Append(BlockKind.Heading, "Introduction", 1);
        statement.Append(BlockKind.UnnumberedParagraph, "We, the stakeholders, present this draft.");
        statement.Append(BlockKind.NumberedParagraph, "First.");
        statement.Append(BlockKind.NumberedParagraph, "Second.");
        statement.Append(BlockKind.Heading, "Recommendations", 2);
        statement.Append(BlockKind.NumberedParagraph, "Third.");
        return statement;
    }

    private static IEnumerable<(string Text, int? Number)> Labels(Statement s) =>
        s.Numbered().Select(n => (n.Block.Text, n.Number));

    [Fact]
    public void Numbering_counts_numbered_paragraphs_only_and_skips_headings_and_unnumbered_paragraphs()
    {
        Assert.Equal(
            [("Introduction", null), ("We, the stakeholders, present this draft.", null), ("First.", 1), ("Second.", 2), ("Recommendations", null), ("Third.", 3)],
            Labels(Draft()));
    }

    [Fact]
    public void Inserting_a_paragraph_renumbers_the_ones_after_it_and_keeps_every_id()
    {
        var statement = Draft();
        var idsBefore = statement.Blocks.ToDictionary(b => b.Text, b => b.Id);

        var inserted = statement.Insert(2, BlockKind.NumberedParagraph, "New first.");

        Assert.Equal(1, statement.NumberOf(inserted.Id));
        Assert.Equal(
            [("First.", 2), ("Second.", 3), ("Third.", 4)],
            Labels(statement).Where(l => idsBefore.ContainsKey(l.Text) && l.Number is not null));
        Assert.All(idsBefore, pair => Assert.Equal(pair.Value, statement.Blocks.Single(b => b.Text == pair.Key).Id));
    }

    [Fact]
    public void Moving_a_paragraph_changes_its_number_but_not_its_id()
    {
        var statement = Draft();
        var third = statement.Blocks.Single(b => b.Text == "Third.");
        var first = statement.Blocks.Single(b => b.Text == "First.");

        statement.Move(third.Id, 2);

        Assert.Equal(1, statement.NumberOf(third.Id));
        Assert.Equal(2, statement.NumberOf(first.Id));
        Assert.Same(third, statement.Find(third.Id));
        Assert.Equal(["Introduction", "We, the stakeholders, present this draft.", "Third.", "First.", "Second.", "Recommendations"], statement.Blocks.Select(b => b.Text));
        Assert.Equal([0, 1, 2, 3, 4, 5], statement.Blocks.Select(b => b.Position));
    }

    [Fact]
    public void Moving_a_paragraph_above_a_heading_or_turning_it_into_a_heading_renumbers_the_rest()
    {
        var statement = Draft();
        var second = statement.Blocks.Single(b => b.Text == "Second.");

        statement.Restyle(second.Id, BlockKind.Heading, 3);

        Assert.Null(statement.NumberOf(second.Id));
        Assert.Equal(2, statement.NumberOf(statement.Blocks.Single(b => b.Text == "Third.").Id));
    }

    [Fact]
    public void Removing_a_paragraph_renumbers_the_ones_after_it()
    {
        var statement = Draft();
        statement.Remove(statement.Blocks.Single(b => b.Text == "First.").Id);

        Assert.Equal([("Second.", 1), ("Third.", 2)], Labels(statement).Where(l => l.Number is not null));
    }

    [Fact]
    public void Restoring_order_after_loading_puts_blocks_back_by_position()
    {
        var statement = Draft();
        var texts = statement.Blocks.Select(b => b.Text).ToList();
        var shuffled = Statement.CommonStatement(1, 2, "x");
        foreach (var block in statement.Blocks.Reverse())
        {
            var copy = shuffled.Insert(0, block.Kind, block.Text, block.HeadingLevel);
            copy.Position = block.Position;
        }

        shuffled.RestoreOrder();

        Assert.Equal(texts, shuffled.Blocks.Select(b => b.Text));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void A_heading_level_outside_one_to_three_is_refused(int level)
    {
        var statement = Draft();
        Assert.Throws<DomainException>(() => statement.Append(BlockKind.Heading, "Bad", level));
    }

    [Fact]
    public void Block_text_is_limited_in_utf16_code_units()
    {
        var statement = Draft();
        var emoji = string.Concat(Enumerable.Repeat("\U0001F30F", Text.MaxBlockLength / 2));

        statement.Append(BlockKind.NumberedParagraph, emoji);
        Assert.Throws<DomainException>(() => statement.Append(BlockKind.NumberedParagraph, emoji + "x"));
    }

    [Fact]
    public void Paragraphs_carry_no_heading_level()
    {
        var block = Draft().Append(BlockKind.NumberedParagraph, "Text", headingLevel: 2);
        Assert.Equal(0, block.HeadingLevel);
    }

    [Fact]
    public void Moving_to_a_place_outside_the_statement_is_refused()
    {
        var statement = Draft();
        Assert.Throws<DomainException>(() => statement.Move(statement.Blocks[0].Id, statement.Blocks.Count));
        Assert.Throws<DomainException>(() => statement.Insert(-1, BlockKind.NumberedParagraph, "x"));
    }
}

using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;

using static StatementDrafting.Domain.Tests.Editing.Blocks;

namespace StatementDrafting.Domain.Tests.Editing;

public class DraftDocumentTests
{
    private static DraftDocument Sample() => Doc(Heading("h", "Title"), Para("a", "Hello world"), Para("b", "Second"));

    private static void Refused(EditError code, DraftDocument document, EditOp op)
    {
        var before = document.Clone();
        var error = Assert.Throws<EditRefusedException>(() => document.Apply(op));
        Assert.Equal(code, error.Code);
        Assert.True(document.ContentEquals(before), "A refused operation must leave the document as it was.");
    }

    [Fact]
    public void Text_edits_change_the_block_and_return_themselves()
    {
        var document = Sample();
        var op = Insert("a", 11, 6, "brave ");

        Assert.Equal(op, document.Apply(op));
        Assert.Equal("Hello brave world", document.Find(Id("a"))!.Text);
    }

    [Fact]
    public void Text_edits_must_cover_the_whole_text_and_name_a_block()
    {
        Refused(EditError.OutOfRange, Sample(), Insert("a", 10, 0, "x"));
        Refused(EditError.UnknownBlock, Sample(), Insert("z", 0, 0, "x"));
    }

    [Fact]
    public void Text_edits_may_not_split_a_surrogate_pair()
    {
        var document = Doc(Para("a", "a😀b"));

        Refused(EditError.OutOfRange, document, Insert("a", 4, 2, "x"));
    }

    [Fact]
    public void Inserting_places_the_block_after_its_anchor_or_first()
    {
        var document = Sample();
        document.Apply(Add("c", "a", "new"));
        document.Apply(Add("d", null));

        Assert.Equal("d: | h:Title | a:Hello world | c:new | b:Second", Show(document));
    }

    [Fact]
    public void Inserting_refuses_a_taken_id_an_unknown_anchor_and_a_bad_style()
    {
        Refused(EditError.UnknownBlock, Sample(), Add("a", null));
        Refused(EditError.UnknownBlock, Sample(), Add("c", "z"));
        Refused(EditError.Malformed, Sample(), new InsertBlock(Id("c"), null, BlockKind.Heading, 4, ""));
        Refused(EditError.Malformed, Sample(), new InsertBlock(Id("c"), null, BlockKind.Heading, 0, ""));
        Refused(EditError.Malformed, Sample(), new InsertBlock(Id("c"), null, BlockKind.NumberedParagraph, 1, ""));
        Refused(EditError.Malformed, Sample(), new InsertBlock(Id("c"), null, (BlockKind)9, 0, ""));
    }

    [Fact]
    public void A_block_holds_at_most_20000_characters()
    {
        var full = new string('x', Text.MaxBlockLength);
        var document = Doc(Para("a", full), Para("b", "y"));

        Refused(EditError.TooLong, document, Add("c", null, full + "x"));
        Refused(EditError.TooLong, document, Join("a", "b"));
        Assert.Throws<EditRefusedException>(() => Doc(Para("a", full + "x")));
        document.Apply(Add("c", null, full));
    }

    [Fact]
    public void A_statement_holds_at_most_1000_blocks()
    {
        var document = new DraftDocument(Enumerable.Range(0, DraftDocument.MaxBlocks - 1)
            .Select(i => new DraftBlock(BlockId.Parse($"b{i:D4}aaaaaaa".Replace('0', 'k').Replace('1', 'm')), BlockKind.NumberedParagraph, 0, "x")));
        var last = document.Blocks[^1].Id;
        document.Apply(new InsertBlock(Id("z"), last, BlockKind.NumberedParagraph, 0, "x"));

        Refused(EditError.TooManyBlocks, document, Add("y", null));
        Refused(EditError.TooManyBlocks, document, Split("z", 0, "y"));
    }

    [Fact]
    public void Deleting_returns_where_the_block_was_and_what_it_held()
    {
        var document = Sample();

        var applied = (DeleteBlock)document.Apply(Remove("a"));

        Assert.Equal(Id("h"), applied.After);
        Assert.Equal("Hello world", applied.Text);
        Assert.Equal(BlockKind.NumberedParagraph, applied.Kind);
        Assert.Equal(0, applied.Level);
        Assert.Null(((DeleteBlock)document.Apply(Remove("h"))).After);
        Refused(EditError.UnknownBlock, document, Remove("a"));
    }

    [Fact]
    public void Moving_returns_where_the_block_came_from()
    {
        var document = Sample();

        var applied = (MoveBlock)document.Apply(Move("b", null));

        Assert.Equal(Id("a"), applied.From);
        Assert.Equal("b:Second | h:Title | a:Hello world", Show(document));
        document.Apply(Move("b", "a"));
        Assert.Equal("h:Title | a:Hello world | b:Second", Show(document));
    }

    [Fact]
    public void A_block_cannot_move_after_itself_or_an_unknown_block()
    {
        Refused(EditError.Malformed, Sample(), Move("a", "a"));
        Refused(EditError.UnknownBlock, Sample(), Move("a", "z"));
        Refused(EditError.UnknownBlock, Sample(), Move("z", null));
    }

    [Fact]
    public void Restyling_returns_the_style_before()
    {
        var document = Sample();

        var applied = (RestyleBlock)document.Apply(Restyle("a", BlockKind.Heading, 2));

        Assert.Equal((BlockKind.NumberedParagraph, 0), (applied.WasKind!.Value, applied.WasLevel!.Value));
        Assert.Equal((BlockKind.Heading, 2), (document.Find(Id("a"))!.Kind, document.Find(Id("a"))!.Level));
        Refused(EditError.Malformed, Sample(), Restyle("a", BlockKind.UnnumberedParagraph, 2));
        Refused(EditError.Malformed, Sample(), Restyle("a", BlockKind.Heading, 0));
    }

    [Fact]
    public void Splitting_puts_the_rest_of_the_text_in_a_new_block_right_after()
    {
        var document = Sample();

        document.Apply(new SplitBlock(Id("a"), 5, Id("c"), BlockKind.UnnumberedParagraph, 0));

        Assert.Equal("h:Title | a:Hello | c: world | b:Second", Show(document));
        Assert.Equal(BlockKind.UnnumberedParagraph, document.Find(Id("c"))!.Kind);
        Assert.Equal(BlockKind.NumberedParagraph, document.Find(Id("a"))!.Kind);
    }

    [Fact]
    public void Splitting_refuses_bad_offsets_and_ids()
    {
        Refused(EditError.OutOfRange, Sample(), Split("a", 12, "c"));
        Refused(EditError.OutOfRange, Sample(), Split("a", -1, "c"));
        Refused(EditError.OutOfRange, Doc(Para("a", "😀")), Split("a", 1, "c"));
        Refused(EditError.UnknownBlock, Sample(), Split("a", 1, "b"));
        Refused(EditError.UnknownBlock, Sample(), Split("a", 1, "a"));
        Refused(EditError.UnknownBlock, Sample(), Split("z", 0, "c"));
    }

    [Fact]
    public void Joining_appends_the_next_blocks_text_and_returns_what_it_took_in()
    {
        var document = Sample();

        var applied = (JoinBlocks)document.Apply(Join("h", "a"));

        Assert.Equal("h:TitleHello world | b:Second", Show(document));
        Assert.Equal((5, 11, BlockKind.NumberedParagraph, 0), (applied.Offset, applied.NextLength, applied.NextKind, applied.NextLevel));
        Assert.True(applied.IsApplied);
        Refused(EditError.Malformed, Sample(), Join("a", "a"));
        Refused(EditError.UnknownBlock, Sample(), Join("a", "z"));
    }

    [Fact]
    public void Apply_all_is_all_or_nothing()
    {
        var document = Sample();

        Assert.Throws<EditRefusedException>(() => document.ApplyAll([Remove("a"), Remove("a")]));

        Assert.True(document.ContentEquals(Sample()));
    }

    [Fact]
    public void Documents_refuse_repeated_ids_and_clone_independently()
    {
        Assert.Equal(EditError.Malformed, Assert.Throws<EditRefusedException>(() => Doc(Para("a", "x"), Para("a", "y"))).Code);
        var document = Sample();
        var copy = document.Clone();

        copy.Apply(Remove("a"));

        Assert.False(copy.ContentEquals(document));
        Assert.Equal(1, document.IndexOf(Id("a")));
        Assert.Equal(-1, copy.IndexOf(Id("a")));
        Assert.Null(copy.Find(Id("a")));
    }
}

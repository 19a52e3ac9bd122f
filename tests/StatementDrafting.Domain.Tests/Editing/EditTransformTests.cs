using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;

using static StatementDrafting.Domain.Tests.Editing.Blocks;

namespace StatementDrafting.Domain.Tests.Editing;

/// <summary>
/// One test per rule of the server's transformation (docs/protocol.md, "How concurrent changes are resolved"): x is the
/// incoming operation, y the one applied before it, both made against the same document.
/// </summary>
public class EditTransformTests
{
    /// <summary>Applies y, then x carried over y; returns the document and the outcome.</summary>
    private static (string Document, TransformOutcome Outcome) Run(DraftDocument document, EditOp x, EditOp y)
    {
        var result = document.Clone();
        var applied = result.Apply(y);
        var outcome = EditTransform.Transform(x, applied);
        result.ApplyAll(outcome.Ops);
        return (Show(result), outcome);
    }

    private static string After(DraftDocument document, EditOp x, EditOp y) => Run(document, x, y).Document;

    // ---------- over a text edit ----------

    [Fact]
    public void Two_people_typing_in_one_block_both_keep_their_words()
    {
        var document = Doc(Para("a", "Hello world"));

        Assert.Equal("a:Hello brave new world", After(document, Insert("a", 11, 6, "new "), Insert("a", 11, 6, "brave ")));
        Assert.Equal("a:Hi brave world!", After(document, Insert("a", 11, 11, "!"), new TextEdit(Id("a"),
            TextOperation.Builder().Insert("Hi").Delete(5).Retain(1).Insert("brave ").Retain(5).Build())));
    }

    [Fact]
    public void At_one_place_the_text_the_server_accepted_first_comes_first()
    {
        var document = Doc(Para("a", "ab"));

        Assert.Equal("a:aXYb", After(document, Insert("a", 2, 1, "Y"), Insert("a", 2, 1, "X")));
        Assert.Equal("a:aYXb", After(document, Insert("a", 2, 1, "X"), Insert("a", 2, 1, "Y")));
    }

    [Fact]
    public void Deleting_what_someone_else_deleted_deletes_it_once()
    {
        var document = Doc(Para("a", "abcdef"));

        Assert.Equal("a:af", After(document, Delete("a", 6, 1, 3), Delete("a", 6, 2, 3)));
    }

    [Fact]
    public void A_split_is_carried_over_typing_and_typing_at_its_point_stays_in_the_block()
    {
        var document = Doc(Para("a", "abcdef"));

        Assert.Equal("a:XYabc | n:def", After(document, Split("a", 3, "n"), Insert("a", 6, 0, "XY")));
        Assert.Equal("a:abcXY | n:def", After(document, Split("a", 3, "n"), Insert("a", 6, 3, "XY")));
        Assert.Equal("a:abc | n:dXYef", After(document, Split("a", 3, "n"), Insert("a", 6, 4, "XY")));
        Assert.Equal("a:a | n:ef", After(document, Split("a", 3, "n"), Delete("a", 6, 1, 3)));
    }

    [Fact]
    public void Other_operations_are_unchanged_by_typing()
    {
        var document = Doc(Para("a", "ab"), Para("b", "cd"));
        var typing = Insert("a", 2, 1, "X");

        foreach (EditOp x in new EditOp[]
                 {
                     Insert("b", 2, 0, "Y"), Add("c", "a"), Remove("a"), Move("a", "b"), Restyle("a", BlockKind.Heading, 1),
                     Join("a", "b"),
                 })
        {
            Assert.Equal([x], EditTransform.Transform(x, Applied(document, typing)).Ops);
        }
    }

    // ---------- over an insert ----------

    [Fact]
    public void Nothing_changes_over_an_insert_and_a_later_insert_at_one_place_goes_first()
    {
        var document = Doc(Para("a", "ab"));

        Assert.Equal("a:ab | d: | c:", After(document, Add("d", "a"), Add("c", "a")));
        Assert.Equal([Join("a", "b")], EditTransform.Transform(Join("a", "b"), Add("c", "a")).Ops);
    }

    // ---------- over a delete ----------

    [Fact]
    public void A_block_deleted_while_someone_types_in_it_stays_deleted_and_the_typing_is_reported()
    {
        var document = Doc(Para("a", "Hello"), Para("b", "Second"));

        var (result, outcome) = Run(document, new TextEdit(Id("a"),
            TextOperation.Builder().Insert("Oh ").Retain(5).Insert("!").Build()), Remove("a"));

        Assert.Equal("b:Second", result);
        Assert.Empty(outcome.Ops);
        Assert.Equal([new DiscardedEdit(Id("a"), DiscardedEdit.Deleted, "Oh !")], outcome.Discarded);
    }

    [Fact]
    public void Deleting_text_in_a_deleted_block_is_dropped_without_a_report()
    {
        var outcome = Run(Doc(Para("a", "Hello")), Delete("a", 5, 0, 2), Remove("a")).Outcome;

        Assert.Empty(outcome.Ops);
        Assert.Empty(outcome.Discarded);
    }

    [Fact]
    public void Splitting_joining_moving_restyling_or_deleting_a_deleted_block_is_dropped()
    {
        var document = Doc(Para("a", "ab"), Para("b", "cd"), Para("c", "ef"));
        var deleted = Applied(document, Remove("b"));

        foreach (EditOp x in new EditOp[]
                 {
                     Split("b", 1, "n"), Join("b", "c"), Join("a", "b"), Move("b", null), Restyle("b", BlockKind.Heading, 2),
                     Remove("b"),
                 })
        {
            Assert.Empty(EditTransform.Transform(x, deleted).Ops);
        }
    }

    [Fact]
    public void A_block_inserted_or_moved_after_a_deleted_block_goes_after_its_predecessor()
    {
        var document = Doc(Para("a", "1"), Para("b", "2"), Para("c", "3"));

        Assert.Equal("a:1 | n: | c:3", After(document, Add("n", "b"), Remove("b")));
        Assert.Equal("a:1 | c:3", After(document, Move("c", "b"), Remove("b")));
        Assert.Equal("c:3 | b:2", After(document, Move("c", "a"), Remove("a")));
        Assert.Equal("n: | b:2 | c:3", After(document, Add("n", "a"), Remove("a")));
    }

    [Fact]
    public void A_move_that_would_put_a_block_after_itself_is_dropped()
    {
        var document = Doc(Para("a", "1"), Para("b", "2"));

        // a was to go after b; b is deleted and a preceded it: a would go after a.
        Assert.Empty(Run(document, Move("a", "b"), Remove("b")).Outcome.Ops);
    }

    // ---------- over a move or a restyle ----------

    [Fact]
    public void Of_two_moves_of_one_block_the_later_wins()
    {
        var document = Doc(Para("a", "1"), Para("b", "2"), Para("c", "3"));

        Assert.Equal("b:2 | c:3 | a:1", After(document, Move("a", "c"), Move("a", "b")));
    }

    [Fact]
    public void Of_two_restyles_of_one_block_the_later_wins_and_text_is_unchanged_by_both()
    {
        var document = Doc(Para("a", "1"));
        var later = Restyle("a", BlockKind.Heading, 3);

        var result = document.Clone();
        result.Apply(Restyle("a", BlockKind.UnnumberedParagraph, 0));
        result.ApplyAll(EditTransform.Transform(later, Applied(document, Restyle("a", BlockKind.UnnumberedParagraph, 0))).Ops);

        Assert.Equal((BlockKind.Heading, 3), (result.Blocks[0].Kind, result.Blocks[0].Level));
        Assert.Equal([Insert("a", 1, 0, "x")], EditTransform.Transform(Insert("a", 1, 0, "x"), Applied(document, later)).Ops);
        Assert.Equal([Insert("a", 1, 0, "x")], EditTransform.Transform(Insert("a", 1, 0, "x"), Applied(document, Move("a", null))).Ops);
    }

    // ---------- over a split ----------

    [Fact]
    public void Typing_before_the_split_point_stays_after_it_moves_to_the_new_block_at_the_same_place()
    {
        var document = Doc(Para("a", "abcdef"));
        var split = Split("a", 3, "n");

        Assert.Equal("a:aXbc | n:def", After(document, Insert("a", 6, 1, "X"), split));
        Assert.Equal("a:abc | n:deXf", After(document, Insert("a", 6, 5, "X"), split));
        Assert.Equal("a:abcX | n:def", After(document, Insert("a", 6, 3, "X"), split));
        Assert.Equal([Insert("a", 3, 1, "X")], Run(document, Insert("a", 6, 1, "X"), split).Outcome.Ops);
    }

    [Fact]
    public void Typing_across_the_split_point_becomes_one_edit_per_part()
    {
        var document = Doc(Para("a", "abcdef"));

        var (result, outcome) = Run(document, new TextEdit(Id("a"),
            TextOperation.Builder().Retain(1).Insert("X").Delete(3).Retain(1).Insert("Y").Retain(1).Build()), Split("a", 3, "n"));

        Assert.Equal("a:aX | n:eYf", result);
        Assert.Equal(2, outcome.Ops.Count);
    }

    [Fact]
    public void Two_splits_of_one_block()
    {
        var document = Doc(Para("a", "abcdef"));

        Assert.Equal("a:a | m:bc | n:def", After(document, Split("a", 1, "m"), Split("a", 3, "n")));
        Assert.Equal("a:abc | n:d | m:ef", After(document, Split("a", 4, "m"), Split("a", 3, "n")));
        Assert.Equal("a:abc | m: | n:def", After(document, Split("a", 3, "m"), Split("a", 3, "n")));
    }

    [Fact]
    public void A_block_that_comes_back_keeps_the_text_after_a_cut_at_the_same_place()
    {
        var document = Doc(Para("a", "abcdef"));
        var restore = Split("a", 3, "m") with { Restores = true };

        Assert.Equal("a:abc | n: | m:def", After(document, restore, Split("a", 3, "n")));
        Assert.Equal("a:abc | m: | n:def", After(document, Split("a", 3, "m"), Split("a", 3, "n") with { Restores = true }));
    }

    [Fact]
    public void Joining_a_split_block_with_the_next_joins_its_second_part()
    {
        var document = Doc(Para("a", "abcdef"), Para("b", "gh"));

        Assert.Equal("a:abc | n:defgh", After(document, Join("a", "b"), Split("a", 3, "n")));
        Assert.Equal("b:ghabc | n:def", After(Doc(Para("b", "gh"), Para("a", "abcdef")), Join("b", "a"), Split("a", 3, "n")));
    }

    [Fact]
    public void Deleting_or_moving_a_block_someone_split_deletes_or_moves_both_parts()
    {
        var document = Doc(Para("a", "abcdef"), Para("b", "gh"));

        Assert.Equal("b:gh", After(document, Remove("a"), Split("a", 3, "n")));
        Assert.Equal("b:gh | a:abc | n:def", After(document, Move("a", "b"), Split("a", 3, "n")));
    }

    [Fact]
    public void Inserting_or_moving_after_a_split_block_goes_after_its_second_part()
    {
        var document = Doc(Para("a", "abcdef"), Para("b", "gh"));

        Assert.Equal("a:abc | n:def | c: | b:gh", After(document, Add("c", "a"), Split("a", 3, "n")));
        Assert.Equal("a:abc | n:def | b:gh", After(Doc(Para("b", "gh"), Para("a", "abcdef")), Move("b", "a"), Split("a", 3, "n")));
    }

    [Fact]
    public void Restyling_a_split_block_restyles_its_first_part()
    {
        var document = Doc(Para("a", "abcdef"));
        var result = document.Clone();
        result.Apply(Split("a", 3, "n"));

        result.ApplyAll(EditTransform.Transform(Restyle("a", BlockKind.Heading, 2), Split("a", 3, "n")).Ops);

        Assert.Equal(BlockKind.Heading, result.Find(Id("a"))!.Kind);
        Assert.Equal(BlockKind.NumberedParagraph, result.Find(Id("n"))!.Kind);
    }

    // ---------- over a join ----------

    [Fact]
    public void Typing_concurrent_with_a_join_lands_where_it_was_typed()
    {
        var document = Doc(Para("a", "abc"), Para("b", "def"));

        Assert.Equal("a:aXbcdef", After(document, Insert("a", 3, 1, "X"), Join("a", "b")));
        Assert.Equal("a:abcXdef", After(document, Insert("a", 3, 3, "X"), Join("a", "b")));
        Assert.Equal("a:abcdXef", After(document, Insert("b", 3, 1, "X"), Join("a", "b")));
        Assert.Equal("a:abcXdef", After(document, Insert("b", 3, 0, "X"), Join("a", "b")));
    }

    [Fact]
    public void Splitting_a_joined_in_block_splits_the_joined_block_at_the_same_place()
    {
        var document = Doc(Para("a", "abc"), Para("b", "def"));

        Assert.Equal("a:abcd | m:ef", After(document, Split("b", 1, "m"), Join("a", "b")));
        Assert.Equal("a:a | m:bcdef", After(document, Split("a", 1, "m"), Join("a", "b")));
    }

    [Fact]
    public void Joins_over_a_join()
    {
        var document = Doc(Para("a", "ab"), Para("b", "cd"), Para("c", "ef"));

        Assert.Empty(Run(document, Join("a", "b"), Join("a", "b")).Outcome.Ops);
        Assert.Equal("a:abcdef", After(document, Join("b", "c"), Join("a", "b")));
        Assert.Equal("a:abcdef", After(document, Join("a", "c"), Join("a", "b")));
        Assert.Empty(Run(document, Join("c", "b"), Join("a", "b")).Outcome.Ops);
    }

    [Fact]
    public void Deleting_a_block_someone_joined_with_its_next_deletes_only_its_own_text()
    {
        var document = Doc(Para("a", "abc"), Heading("b", "def", 2), Para("c", "gh"));

        var (result, outcome) = Run(document, Remove("a"), Join("a", "b"));

        Assert.Equal("b:def | c:gh", result);
        var restored = Assert.IsType<SplitBlock>(outcome.Ops[0]);
        Assert.True(restored.Restores);
        Assert.Equal((BlockKind.Heading, 2), (restored.Kind, restored.Level));
    }

    [Fact]
    public void Deleting_the_joined_in_block_deletes_its_text_from_the_joined_block()
    {
        var document = Doc(Para("a", "abc"), Para("b", "def"));

        Assert.Equal("a:abc", After(document, Remove("b"), Join("a", "b")));
        Assert.Empty(Run(Doc(Para("a", "abc"), Para("b", "")), Remove("b"), Join("a", "b")).Outcome.Ops);
    }

    [Fact]
    public void Moving_or_restyling_a_joined_in_block_is_dropped_and_anchors_move_to_the_joined_block()
    {
        var document = Doc(Para("a", "ab"), Para("b", "cd"), Para("c", "ef"));
        var join = Applied(document, Join("a", "b"));

        Assert.Empty(EditTransform.Transform(Move("b", null), join).Ops);
        Assert.Empty(EditTransform.Transform(Restyle("b", BlockKind.Heading, 1), join).Ops);
        Assert.Equal([Add("n", "a")], EditTransform.Transform(Add("n", "b"), join).Ops);
        Assert.Equal([Move("c", "a")], EditTransform.Transform(Move("c", "b"), join).Ops);
        Assert.Empty(EditTransform.Transform(Move("a", "b"), join).Ops);
    }

    [Fact]
    public void Carrying_over_a_join_needs_its_applied_form()
    {
        Assert.Throws<ArgumentException>(() => EditTransform.Transform(Insert("b", 1, 0, "x"), Join("a", "b")));
    }

    // ---------- over a sequence of changes ----------

    [Fact]
    public void Typing_carried_over_a_split_and_the_join_that_undid_it_lands_where_it_was_typed()
    {
        var document = Doc(Para("a", "abcdef"));
        var log = new List<IReadOnlyList<EditOp>>();
        var server = document.Clone();
        log.Add([server.Apply(Split("a", 3, "n"))]);
        log.Add([server.Apply(Join("a", "n"))]);
        var typing = new TextEdit(Id("a"), TextOperation.Builder().Retain(1).Insert("X").Retain(4).Insert("Y").Retain(1).Build());

        var outcome = EditTransform.Rebase(typing, log);
        server.ApplyAll(outcome.Ops);

        Assert.Equal("a:aXbcdeYf", Show(server));
        Assert.Equal(2, outcome.Ops.Count);
    }

    [Fact]
    public void Two_deletes_of_a_joined_block_bring_the_joined_in_block_back_once()
    {
        var document = Doc(Para("a", "abc"), Para("b", "def"));
        var server = document.Clone();
        var log = new List<IReadOnlyList<EditOp>>();
        log.Add([server.Apply(Join("a", "b"))]);
        log.Add(server.ApplyAll(EditTransform.Rebase(Remove("a"), log).Ops));

        var second = EditTransform.Rebase(Remove("a"), log);
        server.ApplyAll(second.Ops);

        Assert.Empty(second.Ops);
        Assert.Equal("b:def", Show(server));
    }

    [Fact]
    public void Rebasing_over_nothing_changes_nothing_and_a_mismatched_text_edit_is_refused()
    {
        Assert.Equal([Insert("a", 3, 0, "x")], EditTransform.Rebase(Insert("a", 3, 0, "x"), []).Ops);

        var error = Assert.Throws<EditRefusedException>(
            () => EditTransform.Rebase(Insert("a", 3, 0, "x"), [[Insert("a", 4, 0, "y")]]));
        Assert.Equal(EditError.OutOfRange, error.Code);
    }
}

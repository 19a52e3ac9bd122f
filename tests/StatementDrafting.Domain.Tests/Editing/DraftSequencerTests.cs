using StatementDrafting.Domain.Editing;

using static StatementDrafting.Domain.Tests.Editing.Blocks;

namespace StatementDrafting.Domain.Tests.Editing;

public class DraftSequencerTests
{
    private static DraftSequencer Server(int snapshotEvery = 100) =>
        new(Doc(Para("a", "Hello"), Para("b", "World")), snapshotEvery);

    [Fact]
    public void A_change_against_the_current_revision_is_applied_as_the_next()
    {
        var server = Server();

        var result = server.Submit(0, "k1", Insert("a", 5, 5, "!"));

        Assert.Equal((SubmitStatus.Applied, 1), (result.Status, result.Revision));
        Assert.Equal(1, server.Revision);
        Assert.Equal("Hello!", server.Blocks[0].Text);
        Assert.Equal([Insert("a", 5, 5, "!")], server.Log[0].Ops);
    }

    [Fact]
    public void A_stale_change_is_carried_over_what_it_missed()
    {
        var server = Server();
        server.Submit(0, "k1", Insert("a", 5, 0, ">"));

        var result = server.Submit(0, "k2", Insert("a", 5, 5, "!"));

        Assert.Equal([Insert("a", 6, 6, "!")], result.Ops);
        Assert.Equal(">Hello!", server.Blocks[0].Text);
    }

    [Fact]
    public void The_same_change_key_is_applied_once_and_answered_again()
    {
        var server = Server();
        server.Submit(0, "k1", Remove("a"));
        var first = server.Submit(0, "k2", Insert("a", 5, 0, "typed "));

        var again = server.Submit(0, "k2", Insert("a", 5, 0, "typed "));

        Assert.Equal(SubmitStatus.Duplicate, again.Status);
        Assert.Equal(first.Revision, again.Revision);
        Assert.Equal([new DiscardedEdit(Id("a"), DiscardedEdit.Deleted, "typed ")], again.Discarded);
        Assert.Equal(2, server.Revision);
    }

    [Fact]
    public void Typing_into_a_deleted_block_still_takes_a_revision_with_no_operations()
    {
        var server = Server();
        server.Submit(0, "k1", Remove("a"));

        var result = server.Submit(0, "k2", Insert("a", 5, 0, "x"));

        Assert.Empty(result.Ops);
        Assert.Equal(2, result.Revision);
        Assert.Single(result.Discarded);
    }

    [Fact]
    public void A_base_newer_than_the_document_or_an_operation_that_does_not_fit_is_refused_and_changes_nothing()
    {
        var server = Server();

        Assert.Equal(EditError.FutureRevision, Assert.Throws<EditRefusedException>(() => server.Submit(1, "k1", Remove("a"))).Code);
        Assert.Equal(EditError.UnknownBlock, Assert.Throws<EditRefusedException>(() => server.Submit(0, "k2", Remove("z"))).Code);
        Assert.Equal(EditError.OutOfRange, Assert.Throws<EditRefusedException>(() => server.Submit(0, "k3", Insert("a", 4, 0, "x"))).Code);
        Assert.Equal(0, server.Revision);

        // A refused key is not remembered: the same key may be used again.
        Assert.Equal(SubmitStatus.Applied, server.Submit(0, "k2", Remove("a")).Status);
    }

    [Fact]
    public void Snapshots_are_kept_every_n_revisions_and_documents_are_rebuilt_from_them()
    {
        var server = Server(snapshotEvery: 2);
        for (var i = 0; i < 5; i++)
        {
            server.Submit(i, $"k{i}", Insert("b", 5 + i, 0, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.Equal([0, 2, 4], server.SnapshotRevisions);
        Assert.Equal("10World", server.Snapshot(2).Blocks[1].Text);
        Assert.Equal("210World", server.DocumentAt(3).Blocks[1].Text);
        Assert.Equal("World", server.DocumentAt(0).Blocks[1].Text);
        Assert.Throws<ArgumentOutOfRangeException>(() => server.Snapshot(3));
    }

    [Fact]
    public void Changes_since_a_revision_come_in_order_and_at_most_the_limit()
    {
        var server = Server();
        for (var i = 0; i < 4; i++)
        {
            server.Submit(i, $"k{i}", Insert("a", 5 + i, 0, "x"));
        }

        Assert.Equal([2, 3, 4], server.ChangesSince(1).Select(c => c.Revision));
        Assert.Equal([2, 3], server.ChangesSince(1, max: 2).Select(c => c.Revision));
        Assert.Empty(server.ChangesSince(4));
    }

    [Fact]
    public void Replaying_the_log_gives_the_current_document_and_the_same_applied_operations()
    {
        var server = Server();
        server.Submit(0, "k1", Join("a", "b"));
        server.Submit(0, "k2", Remove("a"));
        server.Submit(2, "k3", Split("b", 2, "c"));
        var applied = new List<IReadOnlyList<EditOp>>();

        var replayed = server.Replay((_, ops, _) => applied.Add(ops));

        Assert.True(replayed.ContentEquals(server.CloneDocument()));
        Assert.Equal(server.Log.Select(c => c.Ops), applied);
        Assert.Equal("b:Wo | c:rld", Show(replayed));
    }
}

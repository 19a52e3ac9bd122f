using StatementDrafting.Domain.Editing;

using static StatementDrafting.Domain.Tests.Editing.Blocks;

namespace StatementDrafting.Domain.Tests.Editing;

public class DraftingClientTests
{
    private static DraftDocument Start() => Doc(Para("a", "Hello"), Para("b", "World"));

    private static DraftingClient Client(string name = "c")
    {
        var counter = 0;
        return new DraftingClient(Start(), 0, () => $"{name}-{++counter:D8}");
    }

    /// <summary>Sends the client's next submission to the server and delivers the answer and the broadcast back.</summary>
    private static SubmitResult Deliver(DraftingClient client, DraftSequencer server, params DraftingClient[] others)
    {
        var submission = client.NextSubmission() ?? throw new InvalidOperationException("Nothing to send.");
        var result = server.Submit(submission.BaseRevision, submission.ChangeId, submission.Op);
        foreach (var other in others)
        {
            other.ReceiveChanged(result.Revision, submission.ChangeId, result.Ops);
        }

        client.ReceiveAcknowledgement(submission.ChangeId, result.Revision, result.Ops, result.Discarded);
        return result;
    }

    [Fact]
    public void A_local_edit_shows_at_once_and_is_sent_alone_against_the_confirmed_revision()
    {
        var client = Client();

        client.Edit(Insert("a", 5, 5, "!"));

        Assert.Equal("a:Hello! | b:World", Show(client.Local));
        Assert.Equal("a:Hello | b:World", Show(client.Confirmed));
        var submission = client.NextSubmission();
        Assert.Equal(new ClientSubmission("c-00000001", 0, Insert("a", 5, 5, "!")), submission);
        Assert.True(client.HasChangeInFlight);
        client.Edit(Insert("b", 5, 0, "x"));
        Assert.Null(client.NextSubmission());
    }

    [Fact]
    public void Typing_composes_into_the_last_unsent_text_entry_on_the_same_block()
    {
        var client = Client();
        client.Edit(Insert("a", 5, 5, "!"));
        client.NextSubmission();

        client.Edit(Insert("a", 6, 0, ">"));
        client.Edit(Insert("a", 7, 0, ">"));
        client.Edit(Insert("b", 5, 0, "_"));
        client.Edit(Insert("b", 6, 6, "_"));

        Assert.Equal(
            ["[r5 +\"!\"]", "[+\">>\" r6]", "[+\"_\" r5 +\"_\"]"],
            client.Outbox.Select(e => ((TextEdit)Assert.Single(e.Ops)).Operation.ToString()));
    }

    [Fact]
    public void Its_own_change_coming_back_acknowledges_it_and_the_next_one_goes_against_the_new_revision()
    {
        var server = new DraftSequencer(Start());
        var client = Client();
        client.Edit(Insert("a", 5, 5, "!"));
        client.Edit(Remove("b"));

        Deliver(client, server);

        Assert.Equal(1, client.Revision);
        Assert.Equal(1, client.NextSubmission()!.BaseRevision);
        Assert.Equal("a:Hello!", Show(client.Local));
    }

    [Fact]
    public void In_text_mode_a_remote_change_is_carried_into_what_the_user_sees()
    {
        var server = new DraftSequencer(Start());
        var alice = Client("alice");
        var bob = Client("bob");
        alice.Edit(Insert("a", 5, 0, "Oh "));
        bob.Edit(Insert("a", 5, 5, "!"));
        Assert.True(bob.InTextMode);

        Deliver(alice, server, bob);

        Assert.Equal("a:Oh Hello! | b:World", Show(bob.Local));
        Deliver(bob, server, alice);
        Assert.Equal(Show(alice.Local), Show(bob.Local));
        Assert.True(alice.Confirmed.ContentEquals(server.CloneDocument()));
        Assert.True(bob.IsSettled);
    }

    [Fact]
    public void In_structural_mode_a_remote_change_shows_at_once_too()
    {
        var server = new DraftSequencer(Start());
        var alice = Client("alice");
        var bob = Client("bob");
        alice.Edit(Insert("b", 5, 5, "!"));
        bob.Edit(Move("a", "b"));
        bob.Edit(Insert("a", 5, 0, ">"));
        Assert.False(bob.InTextMode);

        Deliver(alice, server, bob);

        Assert.Equal("b:World! | a:>Hello", Show(bob.Local));
        Deliver(bob, server, alice);
        Deliver(bob, server, alice);
        Assert.Equal("b:World! | a:>Hello", Show(alice.Local));
    }

    [Fact]
    public void Revisions_are_applied_strictly_in_order()
    {
        var server = new DraftSequencer(Start());
        var author = Client("x");
        var reader = Client("r");
        author.Edit(Insert("a", 5, 0, "1"));
        var first = Deliver(author, server);
        author.Edit(Insert("a", 6, 0, "2"));
        var second = Deliver(author, server);

        reader.ReceiveChanged(second.Revision, "x-00000002", second.Ops);
        Assert.True(reader.NeedsCatchUp);
        Assert.Equal(0, reader.Revision);
        reader.ReceiveChanged(first.Revision, "x-00000001", first.Ops);
        reader.ReceiveChanged(first.Revision, "x-00000001", first.Ops);

        Assert.False(reader.NeedsCatchUp);
        Assert.Equal("a:21Hello | b:World", Show(reader.Local));
    }

    [Fact]
    public void Typing_in_a_block_deleted_meanwhile_is_dropped_and_reported_once()
    {
        var server = new DraftSequencer(Start());
        var alice = Client("alice");
        var bob = Client("bob");
        alice.Edit(Remove("a"));
        bob.Edit(Insert("a", 5, 0, "typed "));
        bob.NextSubmission();
        var submission = bob.Outbox[0];

        Deliver(alice, server, bob);
        var reports = bob.Discarded.ToList();
        var result = server.Submit(0, submission.ChangeId, submission.Ops[0]);
        bob.ReceiveAcknowledgement(submission.ChangeId, result.Revision, result.Ops, result.Discarded);

        Assert.Equal([new DiscardedEdit(Id("a"), DiscardedEdit.Deleted, "typed ")], reports);
        Assert.Single(bob.Discarded);
        Assert.Single(result.Discarded);
        Assert.Equal("b:World", Show(bob.Local));
        Assert.True(bob.IsSettled);
    }

    [Fact]
    public void Unsent_typing_split_by_a_remote_split_becomes_two_entries()
    {
        var server = new DraftSequencer(Start());
        var alice = Client("alice");
        var bob = Client("bob");
        alice.Edit(Split("a", 2, "n"));
        bob.Edit(Remove("b"));
        bob.NextSubmission();
        bob.Edit(new TextEdit(Id("a"), TextOperation.Builder().Insert("<").Retain(5).Insert(">").Build()));

        Deliver(alice, server, bob);

        Assert.Equal(3, bob.Outbox.Count);
        Assert.All(bob.Outbox, e => Assert.Single(e.Ops));
        Assert.Equal("a:<He | n:llo>", Show(bob.Local));
    }

    [Fact]
    public void A_refused_change_is_dropped_its_text_reported_and_the_rest_rebuilt()
    {
        var client = Client();
        client.Edit(Insert("a", 5, 0, "x"));
        var submission = client.NextSubmission()!;
        client.Edit(Insert("b", 5, 5, "y"));

        var reports = client.ReceiveRefusal(submission.ChangeId);

        Assert.Equal([new DiscardedEdit(Id("a"), DiscardedEdit.Refused, "x")], reports);
        Assert.Equal("a:Hello | b:Worldy", Show(client.Local));
        Assert.Equal(Insert("b", 5, 5, "y"), client.NextSubmission()!.Op);
    }

    [Fact]
    public void After_a_reconnect_unanswered_submissions_are_sent_again_unchanged()
    {
        var server = new DraftSequencer(Start());
        var client = Client();
        client.Edit(Insert("a", 5, 0, "x"));
        var lost = client.NextSubmission()!;
        server.Submit(lost.BaseRevision, lost.ChangeId, lost.Op); // applied, but the answer is lost

        foreach (var change in server.ChangesSince(client.Revision))
        {
            client.ReceiveChanged(change.Revision, change.ChangeKey, change.Ops);
        }

        client.Reconnected();
        var again = client.NextSubmission();

        Assert.Equal(lost, again);
        var answer = server.Submit(again!.BaseRevision, again.ChangeId, again.Op);
        Assert.Equal(SubmitStatus.Duplicate, answer.Status);
        client.ReceiveAcknowledgement(again.ChangeId, answer.Revision, answer.Ops, answer.Discarded);
        Assert.True(client.IsSettled);
        Assert.Null(client.NextSubmission());
        Assert.Equal(1, server.Revision);
    }

    [Fact]
    public void Text_discarded_by_the_server_is_reported_once_also_when_the_answer_comes_again_after_a_reconnect()
    {
        var server = new DraftSequencer(Start());
        var client = Client();
        server.Submit(0, "other", Remove("a"));
        client.Edit(Insert("a", 5, 0, "lost?"));
        var submission = client.NextSubmission()!;
        var result = server.Submit(submission.BaseRevision, submission.ChangeId, submission.Op);

        foreach (var change in server.ChangesSince(client.Revision))
        {
            client.ReceiveChanged(change.Revision, change.ChangeKey, change.Ops);
        }

        // The remote delete arrived first: the client dropped and reported the typing itself.
        Assert.Single(client.Discarded);
        client.Reconnected();
        var again = client.NextSubmission()!;
        var answer = server.Submit(again.BaseRevision, again.ChangeId, again.Op);
        client.ReceiveAcknowledgement(again.ChangeId, answer.Revision, answer.Ops, answer.Discarded);

        Assert.Equal(result.Discarded, answer.Discarded);
        Assert.Single(client.Discarded);
    }
}

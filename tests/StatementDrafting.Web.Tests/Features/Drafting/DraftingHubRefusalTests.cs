using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Drafting;
using static StatementDrafting.Web.Tests.Features.Drafting.DraftingHubTests;

namespace StatementDrafting.Web.Tests.Features.Drafting;

/// <summary>
/// The hub refuses every change it cannot honour exactly (issue 16): checks run before transformation, the base revision
/// is checked against what anyone can have seen, presence names only blocks that exist, and a call SignalR cannot even
/// bind is answered as <c>malformed</c> naming the field, with no stack trace or type name of ours.
/// </summary>
public sealed class DraftingHubRefusalTests(DemoApp world) : IClassFixture<DemoApp>
{
    private const string CoHost = "cohost1@example.org";

    private AppFactory App => world.App;

    [Theory]
    [InlineData("join")]
    [InlineData("move")]
    [InlineData("restyle")]
    public async Task A_change_that_could_never_apply_is_refused_even_against_an_old_revision_where_transformation_would_void_it(string what)
    {
        var stored = await StoredStatement.OfClusterAsync(App, 2);
        await using var cohost = await HubClient.ConnectAsync(App, "cohost2@example.org");
        await using var organiser = await HubClient.ConnectAsync(App, People.Organiser);
        var start = (await cohost.JoinAsync(stored.Id)).GetProperty("revision").GetInt32();
        await organiser.JoinAsync(stored.Id);
        var victim = stored.Blocks[^1];

        // Meanwhile the block is deleted: over that, any operation on it transforms to nothing.
        await organiser.SubmitAsync(stored.Id, NewChangeId(), start, new { type = "delete", block = victim.Id });
        object op = what switch
        {
            "join" => new { type = "join", block = victim.Id, next = victim.Id },
            "move" => new { type = "move", block = victim.Id, after = victim.Id },
            _ => new { type = "restyle", block = victim.Id, kind = "numbered", level = 2 },
        };

        await AssertRefusedAsync("malformed", () => cohost.SubmitAsync(stored.Id, NewChangeId(), start, op));

        Assert.Equal(start + 1, (await StoredStatement.LoadAsync(App, stored.Id)).Revision);
        var ack = await organiser.SubmitAsync(stored.Id, NewChangeId(), start + 1, Insert(stored.Blocks[1], 0, "Fine. "));
        Assert.Equal(start + 2, ack.GetProperty("revision").GetInt32());
        await organiser.WaitForRevisionAsync(start + 2);
        Assert.Equal([start + 1, start + 2], organiser.ChangedRevisions.Where(r => r > start));
    }

    [Fact]
    public async Task A_base_one_ahead_of_what_is_stored_is_a_future_revision_even_while_a_change_is_on_its_way_to_the_disk()
    {
        var stored = await StoredStatement.OfClusterAsync(App, 3);
        await using var cohost = await HubClient.ConnectAsync(App, "cohost3@example.org");
        var revision = (await cohost.JoinAsync(stored.Id)).GetProperty("revision").GetInt32();
        var engine = App.Services.GetRequiredService<DraftingEngine>();
        var author = await App.QueryAsync(db => db.Users.Where(u => u.Email == People.Organiser).Select(u => u.Id).SingleAsync());
        var block = stored.Blocks[1];

        // A change sequenced as revision + 1 whose storing waits: nobody can have seen revision + 1 yet.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = engine.SubmitAsync(
            stored.Id, author, NewChangeId(), revision, new TextEdit(BlockId.Parse(block.Id), TextOperation.InsertAt(block.Text.Length, 0, "Held. ")),
            new ChangeExtras(null, async (_, _) => await release.Task));
        try
        {
            await Eventually.Until(() => engine.PendingWrites > 0, "the held change to wait for its write");
            var early = cohost.SubmitAsync(stored.Id, NewChangeId(), revision + 1, InsertAt(block.Id, block.Text.Length + 6, 0, "Too early. "));
            var first = await Task.WhenAny(early, Task.Delay(HubClient.Patience));

            Assert.Same(early, first);
            var error = await Assert.ThrowsAsync<HubException>(() => early);
            Assert.Contains($"HubException: future_revision: Revision {revision + 1} does not exist yet; the statement is at {revision}.", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            release.TrySetResult();
        }

        await held;
        var after = await StoredStatement.LoadAsync(App, stored.Id);
        Assert.Equal(revision + 1, after.Revision);
        Assert.DoesNotContain("Too early.", after.TextOf(block.Id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Presence_in_a_block_the_statement_does_not_have_is_refused_and_changes_nothing()
    {
        var stored = await StoredStatement.OfClusterAsync(App, 1);
        await using var participant = await HubClient.ConnectAsync(App, "participant2@example.org");
        await participant.JoinAsync(stored.Id);
        await participant.Connection.InvokeAsync("Presence", stored.Id, stored.Blocks[1].Id);
        var tracker = App.Services.GetRequiredService<PresenceTracker>();
        var before = tracker.In(stored.Id);

        await AssertRefusedAsync("unknown_block", () => participant.Connection.InvokeAsync("Presence", stored.Id, BlockId.New().Value));

        Assert.Equal(before, tracker.In(stored.Id));
        await participant.Connection.InvokeAsync("Presence", stored.Id, (string?)null);
    }

    public static TheoryData<string, string, object?[], string> WronglyShapedCalls() => new()
    {
        { "Submit(null)", "Submit", [null], "submission must be an object" },
        { "Submit(42)", "Submit", [42], "Submit's submission must be an object, not a number." },
        { "Submit with two arguments", "Submit", [new { statementId = 1 }, 5], "Submit takes 1 argument (Submit(submission)); 2 arguments were sent." },
        { "Submit with none", "Submit", [], "Submit takes 1 argument (Submit(submission)); 0 arguments were sent." },
        { "baseRevision as a string", "Submit", [new { statementId = 1, changeId = "abcdefgh", baseRevision = "3", op = new { } }], "Submit's submission.baseRevision must be an integer, not a string." },
        { "statementId as a string", "Submit", [new { statementId = "1", changeId = "abcdefgh", baseRevision = 3, op = new { } }], "Submit's submission.statementId must be an integer, not a string." },
        { "statementId as a fraction", "Submit", [new { statementId = 1.5, changeId = "abcdefgh", baseRevision = 3, op = new { } }], "Submit's submission.statementId must be a whole number" },
        { "changeId as a number", "Submit", [new { statementId = 1, changeId = 12345678, baseRevision = 3, op = new { } }], "Submit's submission.changeId must be a string, not a number." },
        { "no baseRevision", "Submit", [new { statementId = 1, changeId = "abcdefgh", op = new { } }], "The submission has no 'baseRevision'." },
        { "Join(\"two\")", "Join", ["two"], "Join's statementId must be an integer, not a string." },
        { "Join(null)", "Join", [null], "Join's statementId must be an integer, not null." },
        { "Join()", "Join", [], "Join takes 1 argument (Join(statementId)); 0 arguments were sent." },
        { "Leave(true)", "Leave", [true], "Leave's statementId must be an integer, not true or false." },
        { "CatchUp with one argument", "CatchUp", [1], "CatchUp takes 2 arguments (CatchUp(statementId, fromRevision)); 1 argument was sent." },
        { "CatchUp with a string revision", "CatchUp", [1, "0"], "CatchUp's fromRevision must be an integer, not a string." },
        { "Presence with a number for the block", "Presence", [1, 5], "Presence's blockId must be a string, not a number." },
        { "Lock([1])", "Lock", [new[] { 1 }], "Lock's statementId must be an integer, not an array." },
        { "Unlock({})", "Unlock", [new { }], "Unlock's statementId must be an integer, not an object." },
        { "Echo with an object payload", "Echo", [1, new { }], "Echo's payload must be a string, not an object." },
        { "a method that does not exist", "Edit", [1], "There is no such hub method. The methods are Join, Leave, Submit, CatchUp, Presence, Lock, Unlock, Echo." },
    };

    [Theory]
    [MemberData(nameof(WronglyShapedCalls))]
    public async Task A_wrongly_shaped_call_is_malformed_with_a_message_naming_the_field_and_nothing_of_our_insides(string what, string method, object?[] arguments, string message)
    {
        await using var client = await HubClient.ConnectAsync(App, CoHost);

        var error = await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeCoreAsync<JsonElement>(method, arguments));

        Assert.Contains("HubException: malformed: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        foreach (var inside in new[] { "System.", "StatementDrafting", "Exception:", "   at ", "JsonElement", "Int32", "InvalidData" })
        {
            Assert.False(error.Message.Replace("HubException:", string.Empty, StringComparison.Ordinal).Contains(inside, StringComparison.Ordinal), $"{what}: '{inside}' in {error.Message}");
        }

        // The connection is still good.
        var stored = await StoredStatement.OfClusterAsync(App, 1);
        await client.JoinAsync(stored.Id);
    }
}

using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Drafting;
using static StatementDrafting.Web.Tests.Features.Drafting.DraftingHubTests;

namespace StatementDrafting.Web.Tests.Features.Drafting;

/// <summary>
/// Bad input on the drafting hub: each case is refused with its error code to the sender alone, nothing is stored,
/// and another client's next change still goes through.
/// </summary>
public sealed class DraftingHubLimitsTests(DraftingHubLimitsTests.World world) : IClassFixture<DraftingHubLimitsTests.World>
{
    private const string CoHost = "cohost1@example.org";

    public sealed class World : IAsyncLifetime
    {
        /// <summary>Time stands still, so the rate limit is exact: no token comes back during a test.</summary>
        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        public AppFactory App { get; }

        public World() => App = new AppFactory(demo: true, clock: Clock);

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync() => await App.DisposeAsync();
    }

    private AppFactory App => world.App;

    public static TheoryData<string, string> BadSubmissions() => new()
    {
        { "too_long", "a paragraph over 20,000 code units" },
        { "out_of_range", "a text operation longer than the block" },
        { "out_of_range", "a split beyond the end of the block" },
        { "unknown_block", "an edit of a block that does not exist" },
        { "unknown_block", "a new block with an id that exists" },
        { "future_revision", "a base revision newer than the server's" },
        { "malformed", "an unknown operation type" },
        { "malformed", "a change id that is too short" },
        { "malformed", "a text operation with a zero retain" },
        { "malformed", "an operation that is not an object" },
        { "malformed", "a block id of the wrong shape" },
        { "malformed", "a text operation with two adjacent retains" },
        { "malformed", "a join of a block with itself" },
        { "malformed", "a move of a block after itself" },
        { "malformed", "typing a control character" },
        { "malformed", "typing a carriage return" },
        { "malformed", "a new block with a control character" },
        { "malformed", "a heading of level 4" },
    };

    [Theory]
    [MemberData(nameof(BadSubmissions))]
    public async Task A_bad_submission_is_refused_to_its_sender_alone_stores_nothing_and_others_carry_on(string code, string what)
    {
        var stored = await StoredStatement.OfClusterAsync(App, 1);
        await using var sender = await HubClient.ConnectAsync(App, CoHost);
        await using var other = await HubClient.ConnectAsync(App, People.Organiser);
        var revision = (await sender.JoinAsync(stored.Id)).GetProperty("revision").GetInt32();
        await other.JoinAsync(stored.Id);
        var before = await App.QueryAsync(db => db.StatementChanges.CountAsync());
        var block = stored.Blocks[1];
        object op = what switch
        {
            "a paragraph over 20,000 code units" => InsertAt(block.Id, block.Text.Length, 0, new string('w', 20_001 - block.Text.Length)),
            "a text operation longer than the block" => new { type = "text", block = block.Id, ops = new object[] { "x", block.Text.Length + 5 } },
            "a split beyond the end of the block" => new { type = "split", block = block.Id, offset = block.Text.Length + 1, newBlock = BlockId.New().Value, kind = "numbered", level = 0 },
            "an edit of a block that does not exist" => InsertAt(BlockId.New().Value, 0, 0, "x"),
            "a new block with an id that exists" => new { type = "insert", block = stored.Blocks[0].Id, after = (string?)null, kind = "numbered", level = 0, text = "dup" },
            "an unknown operation type" => new { type = "shuffle", block = block.Id },
            "a text operation with a zero retain" => new { type = "text", block = block.Id, ops = new object[] { 0, "x", block.Text.Length } },
            "an operation that is not an object" => "just text",
            "a block id of the wrong shape" => new { type = "delete", block = "not-an-id" },
            "a text operation with two adjacent retains" => new { type = "text", block = block.Id, ops = new object[] { 1, block.Text.Length - 1, "x" } },
            "a join of a block with itself" => new { type = "join", block = block.Id, next = block.Id },
            "a move of a block after itself" => new { type = "move", block = block.Id, after = block.Id },
            "typing a control character" => InsertAt(block.Id, block.Text.Length, 0, "bell\u0007"),
            "typing a carriage return" => InsertAt(block.Id, block.Text.Length, 0, "line\r\n"),
            "a new block with a control character" => new { type = "insert", block = BlockId.New().Value, after = block.Id, kind = "numbered", level = 0, text = "nul\0" },
            "a heading of level 4" => new { type = "restyle", block = block.Id, kind = "heading", level = 4 },
            _ => InsertAt(block.Id, block.Text.Length, 0, "x"),
        };
        var baseRevision = what == "a base revision newer than the server's" ? revision + 10 : revision;
        var changeId = what == "a change id that is too short" ? "short" : NewChangeId();

        var error = await Assert.ThrowsAsync<HubException>(() => sender.SubmitAsync(stored.Id, changeId, baseRevision, op));

        Assert.Contains($"HubException: {code}:", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await App.QueryAsync(db => db.StatementChanges.CountAsync()));
        Assert.Equal(revision, (await StoredStatement.LoadAsync(App, stored.Id)).Revision);
        Assert.DoesNotContain(other.Received("Changed"), c => c.GetProperty("revision").GetInt32() > revision);
        var ack = await other.SubmitAsync(stored.Id, NewChangeId(), revision, InsertAt(block.Id, block.Text.Length, 0, "Still fine. "));
        Assert.Equal(revision + 1, ack.GetProperty("revision").GetInt32());
        Assert.Equal(HubConnectionState.Connected, sender.Connection.State);
    }

    [Fact]
    public async Task A_message_the_hub_cannot_even_read_is_refused_and_the_connection_stays_usable()
    {
        var stored = await StoredStatement.OfClusterAsync(App, 1);
        await using var sender = await HubClient.ConnectAsync(App, CoHost);
        await sender.JoinAsync(stored.Id);

        await Assert.ThrowsAsync<HubException>(() => sender.Connection.InvokeAsync<JsonElement>("Submit", "not a submission at all"));
        await Assert.ThrowsAsync<HubException>(() => sender.Connection.InvokeAsync<JsonElement>("Join", "three"));

        var joined = await sender.JoinAsync(stored.Id);
        Assert.True(joined.GetProperty("canEdit").GetBoolean());
    }

    [Fact]
    public async Task A_statement_of_a_thousand_blocks_takes_no_more()
    {
        var stored = await StoredStatement.OfClusterAsync(App, 4);
        var revision = await App.QueryAsync(async db =>
        {
            var statement = await db.Statements.Include(s => s.Blocks).SingleAsync(s => s.Id == stored.Id);
            statement.RestoreOrder();
            while (statement.Blocks.Count < DraftDocument.MaxBlocks)
            {
                statement.Append(BlockKind.NumberedParagraph, "Filler.");
            }

            await db.SaveChangesAsync();
            return statement.Revision;
        });
        App.Services.GetRequiredService<DraftingEngine>().Forget(stored.Id);

        await using var organiser = await HubClient.ConnectAsync(App, People.Organiser);
        await organiser.JoinAsync(stored.Id);
        await AssertRefusedAsync("too_many_blocks", () => organiser.SubmitAsync(stored.Id, NewChangeId(), revision, new { type = "insert", block = BlockId.New().Value, after = (string?)null, kind = "numbered", level = 0, text = "One too many." }));
        Assert.Equal(revision, (await StoredStatement.LoadAsync(App, stored.Id)).Revision);
    }

    [Fact]
    public async Task More_than_thirty_messages_in_a_second_are_refused_on_that_connection_only()
    {
        var stored = await StoredStatement.OfClusterAsync(App, 2);
        await using var chatty = await HubClient.ConnectAsync(App, People.Organiser);
        await using var calm = await HubClient.ConnectAsync(App, People.Organiser);
        await chatty.JoinAsync(stored.Id);
        await calm.JoinAsync(stored.Id);

        var refused = 0;
        for (var i = 0; i < 40; i++)
        {
            try
            {
                await chatty.Connection.InvokeAsync("Echo", stored.Id, "x");
            }
            catch (HubException e) when (e.Message.Contains("HubException: rate_limited:", StringComparison.Ordinal))
            {
                refused++;
            }
        }

        // Join took one of the 30; 29 echoes pass, the other 11 are refused, while time stands still.
        Assert.Equal(11, refused);
        await calm.Connection.InvokeAsync("Echo", stored.Id, "y");

        world.Clock.Advance(TimeSpan.FromSeconds(1));
        await chatty.Connection.InvokeAsync("Echo", stored.Id, "again");
    }
}

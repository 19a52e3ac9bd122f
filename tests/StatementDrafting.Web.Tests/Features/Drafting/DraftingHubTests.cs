using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace StatementDrafting.Web.Tests.Features.Drafting;

/// <summary>
/// The public drafting hub with real SignalR clients (docs/protocol.md): snapshot, acknowledgement after storage,
/// broadcast in revision order, exactly-once resends, catch-up, transformation of stale submissions, lock, and the
/// permission checks of every hub method.
/// </summary>
public sealed class DraftingHubTests(DraftingHubTests.World world) : IClassFixture<DraftingHubTests.World>
{
    private const string CoHost = "cohost1@example.org";
    private const string OtherCoHost = "cohost2@example.org";
    private const string Participant = "participant1@example.org";
    private const string Observer = "observer@example.org";

    public sealed class World : IAsyncLifetime
    {
        public AppFactory App { get; } = new(demo: true);

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync() => await App.DisposeAsync();
    }

    private AppFactory App => world.App;

    [Fact]
    public async Task Join_returns_the_stored_blocks_and_revision_and_says_who_may_edit()
    {
        var stored = await StoredStatement.OfClusterAsync(App, 1);
        await using var cohost = await HubClient.ConnectAsync(App, CoHost);
        await using var participant = await HubClient.ConnectAsync(App, Participant);

        var asCoHost = await cohost.JoinAsync(stored.Id);
        var asParticipant = await participant.JoinAsync(stored.Id);

        Assert.True(asCoHost.GetProperty("canEdit").GetBoolean());
        Assert.False(asParticipant.GetProperty("canEdit").GetBoolean());
        var blocks = asParticipant.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(stored.Blocks.Select(b => b.Id), blocks.Select(b => b.GetProperty("id").GetString()));
        Assert.Equal(stored.Blocks.Select(b => b.Text), blocks.Select(b => b.GetProperty("text").GetString()));
        Assert.True(asParticipant.GetProperty("revision").GetInt32() >= stored.Revision);
    }

    [Fact]
    public async Task A_change_is_stored_before_it_is_acknowledged_and_reaches_everyone_with_its_revision()
    {
        var stored = await StoredStatement.OfClusterAsync(App, 1);
        await using var cohost = await HubClient.ConnectAsync(App, CoHost);
        await using var viewer = await HubClient.ConnectAsync(App, Observer);
        var joined = await cohost.JoinAsync(stored.Id);
        await viewer.JoinAsync(stored.Id);
        var revision = joined.GetProperty("revision").GetInt32();
        var block = stored.Blocks[1];

        var ack = await cohost.SubmitAsync(stored.Id, NewChangeId(), revision, Insert(block, 0, "Firmly, "));

        Assert.Equal("applied", ack.GetProperty("status").GetString());
        Assert.Equal(revision + 1, ack.GetProperty("revision").GetInt32());
        var afterAck = await StoredStatement.LoadAsync(App, stored.Id);
        Assert.Equal(revision + 1, afterAck.Revision);
        Assert.StartsWith("Firmly, ", afterAck.TextOf(block.Id), StringComparison.Ordinal);

        var changed = await viewer.WaitForRevisionAsync(revision + 1);
        Assert.Equal(ack.GetProperty("ops").GetRawText(), changed.GetProperty("ops").GetRawText());
        Assert.DoesNotContain("author", changed.GetRawText(), StringComparison.OrdinalIgnoreCase);
        await cohost.WaitForRevisionAsync(revision + 1);
    }

    [Fact]
    public async Task Two_co_hosts_typing_into_one_paragraph_from_stale_revisions_both_keep_their_words_and_all_see_every_revision_in_order()
    {
        var stored = await StoredStatement.OfClusterAsync(App, 1);
        await using var first = await HubClient.ConnectAsync(App, CoHost);
        await using var second = await HubClient.ConnectAsync(App, People.Organiser);
        await using var viewer = await HubClient.ConnectAsync(App, Participant);
        var start = (await first.JoinAsync(stored.Id)).GetProperty("revision").GetInt32();
        await second.JoinAsync(stored.Id);
        await viewer.JoinAsync(stored.Id);
        var block = stored.Blocks[2];
        var length = (await StoredStatement.LoadAsync(App, stored.Id)).TextOf(block.Id).Length;

        // Both type at the end of the paragraph against the same base, ten times each, without waiting for each other.
        var typing = Enumerable.Range(0, 10).Select(async i =>
        {
            await first.SubmitAsync(stored.Id, NewChangeId(), start, InsertAt(block.Id, length, length, $" A{i}"));
        });
        var others = Enumerable.Range(0, 10).Select(async i =>
        {
            await second.SubmitAsync(stored.Id, NewChangeId(), start, InsertAt(block.Id, length, length, $" B{i}"));
        });
        await Task.WhenAll(typing.Concat(others));

        var final = await StoredStatement.LoadAsync(App, stored.Id);
        Assert.Equal(start + 20, final.Revision);
        for (var i = 0; i < 10; i++)
        {
            Assert.Contains($" A{i}", final.TextOf(block.Id), StringComparison.Ordinal);
            Assert.Contains($" B{i}", final.TextOf(block.Id), StringComparison.Ordinal);
        }

        await viewer.WaitForRevisionAsync(start + 20);
        Assert.Equal(Enumerable.Range(start + 1, 20), viewer.ChangedRevisions.Where(r => r > start));
    }

    [Fact]
    public async Task A_resent_change_is_applied_once_and_the_resend_is_told_it_was_a_duplicate()
    {
        var stored = await StoredStatement.OfClusterAsync(App, 1);
        await using var cohost = await HubClient.ConnectAsync(App, CoHost);
        var revision = (await cohost.JoinAsync(stored.Id)).GetProperty("revision").GetInt32();
        var changeId = NewChangeId();
        var block = stored.Blocks[3];

        var first = await cohost.SubmitAsync(stored.Id, changeId, revision, Insert(block, 0, "Once. "));
        await using var reconnected = await HubClient.ConnectAsync(App, CoHost);
        await reconnected.JoinAsync(stored.Id);
        var again = await reconnected.SubmitAsync(stored.Id, changeId, revision, Insert(block, 0, "Once. "));

        Assert.Equal("duplicate", again.GetProperty("status").GetString());
        Assert.Equal(first.GetProperty("revision").GetInt32(), again.GetProperty("revision").GetInt32());
        var final = await StoredStatement.LoadAsync(App, stored.Id);
        Assert.Equal(revision + 1, final.Revision);
        Assert.Equal(1, CountOf(final.TextOf(block.Id), "Once. "));
        Assert.Equal(1, await App.QueryAsync(db => db.StatementChanges.CountAsync(c => c.ClientChangeId == changeId)));
    }

    [Fact]
    public async Task Catch_up_returns_the_stored_changes_after_a_revision_in_order()
    {
        var stored = await StoredStatement.OfClusterAsync(App, 1);
        await using var cohost = await HubClient.ConnectAsync(App, CoHost);
        var start = (await cohost.JoinAsync(stored.Id)).GetProperty("revision").GetInt32();
        var block = stored.Blocks[4];
        for (var i = 0; i < 3; i++)
        {
            await cohost.SubmitAsync(stored.Id, NewChangeId(), start, Insert(block, 0, $"[{i}]"));
        }

        await using var late = await HubClient.ConnectAsync(App, Observer);
        await late.JoinAsync(stored.Id);
        var caughtUp = await late.Connection.InvokeAsync<JsonElement>("CatchUp", stored.Id, start);

        Assert.Equal(start + 3, caughtUp.GetProperty("revision").GetInt32());
        Assert.Equal([start + 1, start + 2, start + 3], caughtUp.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("revision").GetInt32()));
        var future = await Assert.ThrowsAsync<HubException>(() => late.Connection.InvokeAsync<JsonElement>("CatchUp", stored.Id, start + 50));
        Assert.Contains("HubException: " + "future_revision:", future.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_locked_statement_refuses_changes_until_an_organiser_unlocks_it_and_only_organisers_may_lock()
    {
        var stored = await StoredStatement.OfClusterAsync(App, 3);
        await using var organiser = await HubClient.ConnectAsync(App, People.Organiser);
        await using var cohost = await HubClient.ConnectAsync(App, "cohost3@example.org");
        await organiser.JoinAsync(stored.Id);
        var revision = (await cohost.JoinAsync(stored.Id)).GetProperty("revision").GetInt32();

        var denied = await Assert.ThrowsAsync<HubException>(() => cohost.Connection.InvokeAsync("Lock", stored.Id));
        Assert.Contains("HubException: " + "forbidden:", denied.Message, StringComparison.Ordinal);

        await organiser.Connection.InvokeAsync("Lock", stored.Id);
        await cohost.WaitForAsync("LockChanged", m => m.GetProperty("locked").GetBoolean());
        var refused = await Assert.ThrowsAsync<HubException>(() => cohost.SubmitAsync(stored.Id, NewChangeId(), revision, Insert(stored.Blocks[1], 0, "No. ")));
        Assert.Contains("HubException: " + "locked:", refused.Message, StringComparison.Ordinal);
        Assert.Equal(revision, (await StoredStatement.LoadAsync(App, stored.Id)).Revision);

        await organiser.Connection.InvokeAsync("Unlock", stored.Id);
        await cohost.WaitForAsync("LockChanged", m => !m.GetProperty("locked").GetBoolean());
        var ack = await cohost.SubmitAsync(stored.Id, NewChangeId(), revision, Insert(stored.Blocks[1], 0, "Yes. "));
        Assert.Equal(revision + 1, ack.GetProperty("revision").GetInt32());
    }

    [Theory]
    [InlineData(Participant)]
    [InlineData(Observer)]
    [InlineData(OtherCoHost)]
    public async Task Watchers_may_join_and_catch_up_but_every_changing_method_is_refused_and_stores_nothing(string email)
    {
        var stored = await StoredStatement.OfClusterAsync(App, 1);
        await using var watcher = await HubClient.ConnectAsync(App, email);
        var revision = (await watcher.JoinAsync(stored.Id)).GetProperty("revision").GetInt32();
        await watcher.Connection.InvokeAsync<JsonElement>("CatchUp", stored.Id, revision);
        await watcher.Connection.InvokeAsync("Presence", stored.Id, stored.Blocks[0].Id);

        await AssertRefusedAsync("forbidden", () => watcher.SubmitAsync(stored.Id, NewChangeId(), revision, Insert(stored.Blocks[1], 0, "Sneaky ")));
        await AssertRefusedAsync("forbidden", () => watcher.Connection.InvokeAsync("Echo", stored.Id, "floor"));
        await AssertRefusedAsync("forbidden", () => watcher.Connection.InvokeAsync("Lock", stored.Id));
        await AssertRefusedAsync("forbidden", () => watcher.Connection.InvokeAsync("Unlock", stored.Id));
        Assert.Equal(revision, (await StoredStatement.LoadAsync(App, stored.Id)).Revision);
    }

    [Fact]
    public async Task Without_an_account_every_method_asks_to_sign_in()
    {
        var stored = await StoredStatement.OfClusterAsync(App, 1);
        await using var anonymous = await HubClient.ConnectAsync(App, null);

        await AssertRefusedAsync("unauthenticated", () => anonymous.JoinAsync(stored.Id));
        await AssertRefusedAsync("unauthenticated", () => anonymous.Connection.InvokeAsync("Lock", stored.Id));
        await AssertRefusedAsync("unauthenticated", () => anonymous.Connection.InvokeAsync("Leave", stored.Id));
        await AssertRefusedAsync("not_joined", () => anonymous.SubmitAsync(stored.Id, NewChangeId(), 0, Insert(stored.Blocks[1], 0, "x")));
    }

    [Fact]
    public async Task Presence_is_shared_by_public_name_only()
    {
        var stored = await StoredStatement.OfClusterAsync(App, 1);
        await using var cohost = await HubClient.ConnectAsync(App, CoHost);
        await using var participant = await HubClient.ConnectAsync(App, Participant);
        await cohost.JoinAsync(stored.Id);
        await participant.JoinAsync(stored.Id);

        await participant.Connection.InvokeAsync("Presence", stored.Id, stored.Blocks[2].Id);
        var presence = await cohost.WaitForAsync("PresenceChanged", m => m.GetProperty("presence").EnumerateArray().Any(p => p.GetProperty("block").GetString() == stored.Blocks[2].Id));

        var names = presence.GetProperty("presence").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToList();
        Assert.Contains(names, n => n.StartsWith("Participant ", StringComparison.Ordinal));
        var realName = await App.QueryAsync(db => db.Users.Where(u => u.Email == Participant).Select(u => u.DisplayName).SingleAsync());
        Assert.DoesNotContain(realName, presence.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("@example.org", presence.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Browsers_may_open_the_hub_only_from_the_app_s_own_origin()
    {
        using var client = App.CreateClient();
        using var foreign = new HttpRequestMessage(HttpMethod.Post, "hubs/drafting/negotiate?negotiateVersion=1");
        foreign.Headers.Add("Origin", "https://elsewhere.example");
        using var own = new HttpRequestMessage(HttpMethod.Post, "hubs/drafting/negotiate?negotiateVersion=1");
        own.Headers.Add("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(foreign)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(own)).StatusCode);
    }

    internal static string NewChangeId() => "t-" + Guid.NewGuid().ToString("N")[..16];

    internal static object Insert((string Id, string Text) block, int at, string text) => InsertAt(block.Id, block.Text.Length, at, text);

    /// <summary>A text operation inserting <paramref name="text"/> at <paramref name="at"/> of a block of <paramref name="length"/>.</summary>
    internal static object InsertAt(string blockId, int length, int at, string text)
    {
        var ops = new List<object>();
        if (at > 0)
        {
            ops.Add(at);
        }

        ops.Add(text);
        if (length - at > 0)
        {
            ops.Add(length - at);
        }

        return new { type = "text", block = blockId, ops };
    }

    internal static async Task AssertRefusedAsync(string code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<HubException>(call);
        Assert.Contains($"HubException: {code}:", error.Message, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}

/// <summary>Logs never hold statement text, even with every category at Debug (as <see cref="AppFactory"/> logs).</summary>
public sealed class DraftingLogTests
{
    [Fact]
    public async Task Text_typed_through_the_hub_appears_in_no_log_line_at_any_level()
    {
        await using var app = new AppFactory(demo: true);
        var stored = await StoredStatement.OfClusterAsync(app, 1);
        await using var cohost = await HubClient.ConnectAsync(app, "cohost1@example.org");
        await using var viewer = await HubClient.ConnectAsync(app, "participant1@example.org");
        var revision = (await cohost.JoinAsync(stored.Id)).GetProperty("revision").GetInt32();
        await viewer.JoinAsync(stored.Id);
        const string secret = "Zanzibar-quokka-distinctive-wording";

        await cohost.SubmitAsync(stored.Id, DraftingHubTests.NewChangeId(), revision, DraftingHubTests.Insert(stored.Blocks[1], 0, secret));
        await viewer.WaitForRevisionAsync(revision + 1);
        await DraftingHubTests.AssertRefusedAsync("too_long", () => cohost.SubmitAsync(stored.Id, DraftingHubTests.NewChangeId(), revision + 1, DraftingHubTests.InsertAt(stored.Blocks[1].Id, stored.Blocks[1].Text.Length + secret.Length, 0, secret + new string('q', 20_000))));

        Assert.NotEmpty(app.Logs);
        Assert.DoesNotContain(app.Logs, line => line.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs, line => line.Contains(stored.Blocks[1].Text[..Math.Min(40, stored.Blocks[1].Text.Length)], StringComparison.Ordinal));
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StatementDrafting.BrowserTests.Pages;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.BrowserTests.Features.Editing;

/// <summary>
/// Co-editing in real browsers: two co-hosts typing into one paragraph at once converge with every character and keep
/// their carets; a viewer sees it live; undo takes back only one's own typing; typing during a server restart arrives.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class LiveEditingTests(BrowserFixture browser)
{
    private const string CoHost = "cohost1@example.org";
    private const string Organiser = "organiser@example.org";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_co_host_who_leaves_the_editor_is_no_longer_shown_as_here_to_the_others()
    {
        var (statementId, blockId) = await ParagraphAsync(browser.Server, cluster: 1, index: 1);
        await using var leaving = await browser.NewContextAsync(signedInAs: CoHost);
        await using var staying = await browser.NewContextAsync(signedInAs: Organiser);
        var a = new EditorPage(await leaving.NewPageAsync());
        var b = new EditorPage(await staying.NewPageAsync());
        await a.GotoAsync(statementId, blockId);
        await b.GotoAsync(statementId, blockId);
        await a.PlaceCaretAsync(blockId, atEnd: true);

        var seenByOrganiser = b.Page.Locator($"[data-block-row='{blockId}'] .editor-block-presence");
        await Assertions.Expect(seenByOrganiser).ToContainTextAsync("Here:");

        // Leaving by a link keeps the circuit (only the editor is disposed); closing the page ends the circuit.
        await a.Page.GetByRole(AriaRole.Link, new() { Name = "History and comparisons" }).ClickAsync();
        await Assertions.Expect(a.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/history$"));
        await Assertions.Expect(seenByOrganiser).Not.ToContainTextAsync("Here:", new() { Timeout = (float)Patience.TotalMilliseconds });

        await a.GotoAsync(statementId, blockId);
        await a.PlaceCaretAsync(blockId, atEnd: false);
        await Assertions.Expect(seenByOrganiser).ToContainTextAsync("Here:");
        await a.Page.CloseAsync();
        await Assertions.Expect(seenByOrganiser).Not.ToContainTextAsync("Here:", new() { Timeout = (float)Patience.TotalMilliseconds });
    }

    [Fact]
    public async Task Two_co_hosts_typing_into_one_paragraph_at_once_converge_keep_their_carets_and_a_viewer_sees_it_live()
    {
        var (statementId, blockId) = await ParagraphAsync(browser.Server, cluster: 1, index: 2);
        await using var first = await browser.NewContextAsync(signedInAs: CoHost);
        await using var second = await browser.NewContextAsync(signedInAs: Organiser);
        await using var watching = await browser.NewContextAsync();
        var a = new EditorPage(await first.NewPageAsync());
        var b = new EditorPage(await second.NewPageAsync());
        await a.GotoAsync(statementId, blockId);
        await b.GotoAsync(statementId, blockId);
        var viewer = await watching.NewPageAsync();
        await viewer.GotoAsync($"statements/{statementId}");
        await Assertions.Expect(viewer.Locator("#editor-status")).ToHaveCountAsync(0);

        await a.PlaceCaretAsync(blockId, atEnd: true);
        await b.PlaceCaretAsync(blockId, atEnd: false);
        const string mine = " and all of this alpha text";
        const string theirs = "Beta words first, ";
        await Task.WhenAll(
            a.Page.Keyboard.TypeAsync(mine, new() { Delay = 25 }),
            b.Page.Keyboard.TypeAsync(theirs, new() { Delay = 25 }));

        var text = await ConvergedAsync(a, b, blockId);
        Assert.Equal(1, Count(text, mine));
        Assert.StartsWith(theirs, text, StringComparison.Ordinal);
        Assert.EndsWith(mine, text, StringComparison.Ordinal);
        Assert.Equal(text.Length, await a.CaretAsync(blockId));
        Assert.Equal(theirs.Length, await b.CaretAsync(blockId));

        var paragraph = viewer.Locator($"[id='b-{blockId}'] .block__text");
        await Assertions.Expect(paragraph).ToContainTextAsync(theirs.Trim());
        await Assertions.Expect(paragraph).ToContainTextAsync(mine.Trim());
        await a.WaitSavedAsync();
        await b.WaitSavedAsync();
        Assert.Equal(text, await StoredTextAsync(browser.Server, statementId, blockId));

        // Each editor marks the other one in the paragraph, never itself.
        var herePresence = a.Page.Locator($"[data-block-row='{blockId}'] .editor-block-presence");
        await Assertions.Expect(herePresence).ToHaveTextAsync("Here: Organiser");
        await Assertions.Expect(b.Page.Locator($"[data-block-row='{blockId}'] .editor-block-presence")).Not.ToContainTextAsync("Organiser");
    }

    [Fact]
    public async Task Undo_takes_back_one_s_own_typing_and_leaves_the_other_co_host_s()
    {
        var (statementId, blockId) = await ParagraphAsync(browser.Server, cluster: 1, index: 4);
        await using var first = await browser.NewContextAsync(signedInAs: CoHost);
        await using var second = await browser.NewContextAsync(signedInAs: Organiser);
        var a = new EditorPage(await first.NewPageAsync());
        var b = new EditorPage(await second.NewPageAsync());
        await a.GotoAsync(statementId, blockId);
        await b.GotoAsync(statementId, blockId);

        await a.PlaceCaretAsync(blockId, atEnd: true);
        await a.Page.Keyboard.TypeAsync(" mineword", new() { Delay = 20 });
        await a.WaitSavedAsync();
        await Assertions.Expect(b.Block(blockId)).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("mineword$"));
        await b.PlaceCaretAsync(blockId, atEnd: false);
        await b.Page.Keyboard.TypeAsync("Theirs ", new() { Delay = 20 });
        await b.WaitSavedAsync();
        await Assertions.Expect(a.Block(blockId)).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^Theirs "));

        await a.Block(blockId).FocusAsync();
        await a.Page.Keyboard.PressAsync("Control+z");

        foreach (var page in new[] { a, b })
        {
            await Assertions.Expect(page.Block(blockId)).Not.ToHaveValueAsync(new System.Text.RegularExpressions.Regex("mineword"));
            await Assertions.Expect(page.Block(blockId)).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^Theirs "));
        }

        await a.WaitSavedAsync();
        var stored = await StoredTextAsync(browser.Server, statementId, blockId);
        Assert.DoesNotContain("mineword", stored, StringComparison.Ordinal);
        Assert.StartsWith("Theirs ", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Typing_while_the_server_restarts_is_kept_and_delivered_once_it_is_back()
    {
        EditorPage editor = null!;
        var (statementId, blockId) = (0, string.Empty);
        await AcrossARestartAsync(
            async (server, context) =>
            {
                (statementId, blockId) = await ParagraphAsync(server, cluster: 1, index: 3);
                editor = new EditorPage(await context.NewPageAsync());
                await editor.GotoAsync(statementId, blockId);
                await editor.PlaceCaretAsync(blockId, atEnd: true);
                await editor.Page.Keyboard.TypeAsync(" before", new() { Delay = 20 });
                await editor.WaitSavedAsync();
            },
            async (_, _) =>
            {
                await editor.Page.Keyboard.TypeAsync(" during the outage", new() { Delay = 20 });
                await Assertions.Expect(editor.Status).ToContainTextAsync("Offline");
                await Assertions.Expect(editor.Block(blockId)).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("before during the outage$"));
            },
            async (restarted, _) =>
            {
                await Assertions.Expect(editor.Block(blockId)).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("before during the outage$"), new() { Timeout = 30_000 });
                await Assertions.Expect(editor.Status).ToHaveTextAsync("All changes saved", new() { Timeout = 30_000 });

                var stored = await StoredTextAsync(restarted, statementId, blockId);
                Assert.EndsWith(" before during the outage", stored, StringComparison.Ordinal);
                Assert.Equal(1, Count(stored, " during the outage"));
            });
    }

    [Fact]
    public async Task A_tab_closed_with_unsent_text_while_another_tab_typed_on_is_delivered_by_the_next_tab_opened()
    {
        // Two tabs share the browser's storage: neither may overwrite the other's unsent text, and what a closed tab
        // kept is delivered by the next tab opened on the statement.
        EditorPage first = null!, second = null!;
        var (statementId, firstBlock, secondBlock) = (0, string.Empty, string.Empty);
        await AcrossARestartAsync(
            async (server, context) =>
            {
                (statementId, firstBlock) = await ParagraphAsync(server, cluster: 1, index: 6);
                secondBlock = (await ParagraphAsync(server, cluster: 1, index: 7)).BlockId;
                first = new EditorPage(await context.NewPageAsync());
                second = new EditorPage(await context.NewPageAsync());
                await first.GotoAsync(statementId, firstBlock);
                await second.GotoAsync(statementId, secondBlock);
            },
            async (_, _) =>
            {
                await first.PlaceCaretAsync(firstBlock, atEnd: true);
                await first.Page.Keyboard.TypeAsync(" typed in the closed tab", new() { Delay = 20 });
                await Assertions.Expect(first.Status).ToContainTextAsync("Offline");
                await first.Page.CloseAsync(new() { RunBeforeUnload = true });
                await second.PlaceCaretAsync(secondBlock, atEnd: true);
                await second.Page.Keyboard.TypeAsync(" typed in the open tab", new() { Delay = 20 });
                await Assertions.Expect(second.Status).ToContainTextAsync("Offline");
            },
            async (restarted, context) =>
            {
                await Assertions.Expect(second.Status).ToHaveTextAsync("All changes saved", new() { Timeout = 30_000 });
                await UntilStoredAsync(restarted, statementId, secondBlock, " typed in the open tab");

                var third = new EditorPage(await context.NewPageAsync());
                await third.GotoAsync(statementId, firstBlock);
                await UntilStoredAsync(restarted, statementId, firstBlock, " typed in the closed tab");
                await Assertions.Expect(third.Block(firstBlock)).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(" typed in the closed tab$"));
                Assert.Equal(1, Count(await StoredTextAsync(restarted, statementId, firstBlock), " typed in the closed tab"));
                Assert.Equal(1, Count(await StoredTextAsync(restarted, statementId, secondBlock), " typed in the open tab"));
            });
    }

    [Fact]
    public async Task Typing_refused_by_a_lock_is_shown_kept_in_the_history_and_proposed_as_an_amendment()
    {
        EditorPage editor = null!;
        var (statementId, blockId) = (0, string.Empty);
        await AcrossARestartAsync(
            async (server, context) =>
            {
                (statementId, blockId) = await ParagraphAsync(server, cluster: 1, index: 4);
                editor = new EditorPage(await context.NewPageAsync());
                await editor.GotoAsync(statementId, blockId);
                await editor.PlaceCaretAsync(blockId, atEnd: true);
                await editor.Page.Keyboard.TypeAsync(" agreed", new() { Delay = 20 });
                await editor.WaitSavedAsync();
            },
            async (database, _) =>
            {
                // While the server is down the co-host types on, and the statement is locked meanwhile.
                await editor.Page.Keyboard.TypeAsync(" but typed when locked", new() { Delay = 20 });
                await Assertions.Expect(editor.Status).ToContainTextAsync("Offline");
                await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False");
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "UPDATE \"Statements\" SET \"IsLocked\" = 1 WHERE \"Id\" = $id";
                command.Parameters.AddWithValue("$id", statementId);
                Assert.Equal(1, await command.ExecuteNonQueryAsync());
            },
            async (restarted, context) =>
            {
                // The resend is refused: the text is shown, not forced in, and kept on the server for its author.
                var panel = editor.Page.Locator(".editor-not-applied");
                await Assertions.Expect(panel.GetByLabel("Text not applied")).ToHaveValueAsync(" but typed when locked", new() { Timeout = 30_000 });
                await Assertions.Expect(panel).ToContainTextAsync("The statement was locked.");
                var propose = panel.GetByRole(AriaRole.Link, new() { Name = "Propose as an amendment" });
                await Assertions.Expect(propose).ToBeVisibleAsync();
                Assert.DoesNotContain("typed when locked", await StoredTextAsync(restarted, statementId, blockId), StringComparison.Ordinal);

                var history = await context.NewPageAsync();
                await history.GotoAsync($"statements/{statementId}/history");
                var kept = history.Locator("section.history__unapplied");
                await Assertions.Expect(kept.GetByLabel("Text not applied")).ToHaveValueAsync(" but typed when locked");

                // Once unlocked, the text becomes an amendment: the form holds the paragraph as it was typed.
                await restarted.Services.GetRequiredService<Web.Features.Drafting.DraftingEngine>().SetLockedAsync(statementId, false);
                await propose.ClickAsync();
                var proposed = editor.Page.GetByLabel("The paragraph as you propose it");
                await Assertions.Expect(proposed).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(" agreed but typed when locked$"));
                await Assertions.Expect(editor.Page.Locator("section.amendments[data-live='true']")).ToHaveCountAsync(1);
                await editor.Page.GetByRole(AriaRole.Button, new() { Name = "Propose", Exact = true }).ClickAsync();
                await Assertions.Expect(editor.Page.Locator("li.amendment").Filter(new() { HasText = "typed when locked" })).ToHaveCountAsync(1);
            });
    }

    [Fact]
    public async Task What_a_viewer_watched_arrive_live_counts_as_seen_once_they_leave()
    {
        const string Viewer = "participant3@example.org";
        var engine = browser.Server.Services.GetRequiredService<Web.Features.Drafting.DraftingEngine>();
        var statementId = (await ParagraphAsync(browser.Server, cluster: 2, index: 0)).StatementId;
        var blockId = (await engine.SnapshotAsync(statementId))!.Blocks.Where(b => b.Kind == Domain.Statements.BlockKind.NumberedParagraph).ElementAt(5).Id.Value;
        await using var context = await browser.NewContextAsync(signedInAs: Viewer);
        var viewer = await context.NewPageAsync();
        await viewer.GotoAsync($"statements/{statementId}");
        await Assertions.Expect(viewer.Locator(".live-bar")).ToBeVisibleAsync();

        var now = (await engine.SnapshotAsync(statementId))!;
        var text = now.Blocks.Single(b => b.Id.Value == blockId).Text;
        var result = await engine.SubmitAsync(statementId, "browser-test", "seen-live-" + Guid.NewGuid().ToString("N")[..8], now.Revision,
            new Domain.Editing.TextEdit(Domain.Statements.BlockId.Parse(blockId), Domain.Editing.TextOperation.InsertAt(text.Length, text.Length, " Watched live.")));
        await Assertions.Expect(viewer.Locator($"[id='b-{blockId}'] .block__text")).ToContainTextAsync("Watched live.");

        // Leaving within the app (as following any link does) disposes the live view at once.
        await viewer.GetByRole(AriaRole.Link, new() { Name = "History and comparisons" }).ClickAsync();
        await Assertions.Expect(viewer.Locator("h1")).ToBeVisibleAsync();
        await Assertions.Expect(viewer).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/history$"));
        var clock = Stopwatch.StartNew();
        while (await SeenRevisionAsync(browser.Server, statementId, Viewer) < result.Revision)
        {
            Assert.True(clock.Elapsed < Patience, "the revision watched live was not recorded as seen");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task An_organiser_locks_the_statement_from_its_page_and_the_co_host_s_editor_stops_taking_changes()
    {
        var (statementId, blockId) = await ParagraphAsync(browser.Server, cluster: 2, index: 1);
        await using var organiserContext = await browser.NewContextAsync(signedInAs: BrowserFixture.OrganiserWithPassword);
        await using var cohostContext = await browser.NewContextAsync(signedInAs: "cohost2@example.org");
        var organiser = new EditorPage(await organiserContext.NewPageAsync());
        var cohost = new EditorPage(await cohostContext.NewPageAsync());
        await organiser.GotoAsync(statementId, blockId);
        await cohost.GotoAsync(statementId, blockId);

        await organiser.Page.GetByRole(AriaRole.Button, new() { Name = "Lock the statement" }).ClickAsync();

        await Assertions.Expect(cohost.Status).ToContainTextAsync("Locked");
        await Assertions.Expect(cohost.Block(blockId)).Not.ToBeEditableAsync();
        await organiser.Page.GetByRole(AriaRole.Button, new() { Name = "Unlock the statement" }).ClickAsync();
        await Assertions.Expect(cohost.Block(blockId)).ToBeEditableAsync();
    }

    /// <summary>
    /// Starts a server on a fresh database and a browser context signed in as the co-host, runs <paramref name="beforeStop"/>, stops it (its database file is given to
    /// <paramref name="whileStopped"/>), starts a new server on the same database and port, runs <paramref name="afterRestart"/>.
    /// </summary>
    private async Task AcrossARestartAsync(
        Func<StatementDraftingServer, IBrowserContext, Task> beforeStop,
        Func<string, IBrowserContext, Task> whileStopped,
        Func<StatementDraftingServer, IBrowserContext, Task> afterRestart)
    {
        var port = FreePort();
        var folder = Directory.CreateTempSubdirectory("statementdrafting-restart-");
        StatementDraftingServer? server = new(folder, port);
        StatementDraftingServer? restarted = null;
        IBrowserContext? context = null;
        try
        {
            server.Start();
            var database = server.DatabasePath;
            context = await browser.NewContextAsync(server, signedInAs: CoHost);
            await beforeStop(server, context);
            await server.DisposeAsync();
            server = null;
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            await whileStopped(database, context);

            restarted = new StatementDraftingServer(folder, port);
            restarted.Start();
            await afterRestart(restarted, context);
        }
        finally
        {
            if (context is not null)
            {
                await context.DisposeAsync();
            }

            if (server is not null)
            {
                await server.DisposeAsync();
            }

            if (restarted is not null)
            {
                await restarted.DisposeAsync();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static async Task<string> ConvergedAsync(EditorPage a, EditorPage b, string blockId)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (x, y) = (await a.ValueAsync(blockId), await b.ValueAsync(blockId));
            if (x == y && await a.Status.TextContentAsync() == "All changes saved" && await b.Status.TextContentAsync() == "All changes saved")
            {
                return x;
            }

            Assert.True(clock.Elapsed < Patience, $"the two editors did not converge:\n{x}\n{y}");
            await a.Page.WaitForTimeoutAsync(100);
        }
    }

    private static async Task<(int StatementId, string BlockId)> ParagraphAsync(StatementDraftingServer server, int cluster, int index)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<DraftingDbContext>>().CreateDbContextAsync();
        var statement = await db.Statements.AsNoTracking().Include(s => s.Blocks).SingleAsync(s => s.ClusterNumber == cluster);
        return (statement.Id, statement.Blocks.OrderBy(b => b.Position).ElementAt(index).Id.Value);
    }

    private static async Task<int> SeenRevisionAsync(StatementDraftingServer server, int statementId, string email)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<DraftingDbContext>>().CreateDbContextAsync();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        return await db.StatementVisits.Where(v => v.StatementId == statementId && v.UserId == userId).Select(v => (int?)v.Revision).SingleOrDefaultAsync() ?? -1;
    }

    private static async Task<string> StoredTextAsync(StatementDraftingServer server, int statementId, string blockId)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<DraftingDbContext>>().CreateDbContextAsync();
        var statement = await db.Statements.AsNoTracking().Include(s => s.Blocks).SingleAsync(s => s.Id == statementId);
        return statement.Blocks.Single(b => b.Id.Value == blockId).Text;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task UntilStoredAsync(StatementDraftingServer server, int statementId, string blockId, string ending)
    {
        var clock = Stopwatch.StartNew();
        while (!(await StoredTextAsync(server, statementId, blockId)).EndsWith(ending, StringComparison.Ordinal))
        {
            Assert.True(clock.Elapsed < Patience, $"'{ending}' did not arrive");
            await Task.Delay(100);
        }
    }

    private static int Count(string text, string part) => text.Split(part).Length - 1;
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StatementDrafting.BrowserTests.Pages;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.BrowserTests.Features.Sessions;

/// <summary>
/// A participant chooses a session on the live agenda, joins its room, and watches the co-host's typing arrive there,
/// with the co-host shown among those present as "Co-host (organisation)". Cluster 2's day-2 session (always still to
/// come in the demo) and a paragraph of its statement that no other browser test changes.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class SessionRoomTests(BrowserFixture browser)
{
    private const string CoHost = "cohost2@example.org";
    private const string Session = "d2-5";

    [Fact]
    public async Task A_participant_chooses_a_session_on_the_agenda_and_sees_the_co_host_typing_live_in_its_room()
    {
        var (statementId, blockId) = await ParagraphAsync(browser.Server);
        await using var participantContext = await browser.NewContextAsync();
        var home = new HomePage(await participantContext.NewPageAsync());
        await home.GotoAsync();
        await home.WaitForReaderZoneAsync();

        var item = home.Page.Locator($"li[data-agenda-key={Session}]");
        await item.GetByRole(AriaRole.Button, new() { Name = "Choose this session" }).ClickAsync();
        await Assertions.Expect(item.GetByTestId("your-session")).ToHaveTextAsync("Your session");
        await item.GetByRole(AriaRole.Link, new() { Name = "Join this session" }).ClickAsync();

        var room = home.Page;
        await Assertions.Expect(room.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Parallel Session 3");
        await Assertions.Expect(room.GetByTestId("your-session")).ToContainTextAsync("Your session");
        await Assertions.Expect(room.Locator(".live-bar")).ToContainTextAsync("Live");

        await using var coHostContext = await browser.NewContextAsync(signedInAs: CoHost);
        var editor = new EditorPage(await coHostContext.NewPageAsync());
        await editor.GotoAsync(statementId, blockId);
        await editor.PlaceCaretAsync(blockId, atEnd: true);
        await editor.Page.Keyboard.TypeAsync(" typed in the room");
        await editor.WaitSavedAsync();

        await Assertions.Expect(room.Locator($"#b-{blockId}")).ToContainTextAsync("typed in the room");
        await Assertions.Expect(room.GetByTestId("who-is-here")).ToContainTextAsync("Co-host (Bonigi Monitoring)");
    }

    private static async Task<(int StatementId, string BlockId)> ParagraphAsync(StatementDraftingServer server)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<DraftingDbContext>>().CreateDbContextAsync();
        var statement = await db.Statements.AsNoTracking().Include(s => s.Blocks).SingleAsync(s => s.ClusterNumber == 2);
        return (statement.Id, statement.Blocks.Where(b => b.Kind == BlockKind.NumberedParagraph).OrderBy(b => b.Position).ElementAt(3).Id.Value);
    }
}

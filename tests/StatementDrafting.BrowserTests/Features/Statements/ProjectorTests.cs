using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StatementDrafting.BrowserTests.Pages;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.BrowserTests.Features.Statements;

/// <summary>
/// The projector in a real browser: a co-host starts the session from the statement page, types a word, and the
/// projector, open meanwhile, underlines it live. Cluster 4's statement, which no other browser test changes.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed partial class ProjectorTests(BrowserFixture browser)
{
    private const string CoHost = "cohost4@example.org";

    [Fact]
    public async Task A_word_a_co_host_types_after_starting_the_session_is_underlined_live_on_the_projector()
    {
        var (statementId, blockId) = await ParagraphAsync(browser.Server);
        await using var context = await browser.NewContextAsync(signedInAs: CoHost);
        var editor = new EditorPage(await context.NewPageAsync());
        await editor.GotoAsync(statementId, blockId);

        await editor.Page.GetByRole(AriaRole.Button, new() { NameRegex = StartButton() }).ClickAsync();
        await Assertions.Expect(editor.Page.Locator(".projector-start__done")).ToContainTextAsync("has started");

        var projector = await context.NewPageAsync();
        await projector.GotoAsync($"statements/{statementId}/projector");
        await Assertions.Expect(projector.Locator("[data-testid=projector-since]")).ToContainTextAsync("Changes since the start of Parallel Session 4");
        await Assertions.Expect(projector.Locator(".live-bar")).ToContainTextAsync("Live");
        await Assertions.Expect(projector.Locator("article.statement ins")).ToHaveCountAsync(0);

        await editor.PlaceCaretAsync(blockId, atEnd: true);
        await editor.Page.Keyboard.TypeAsync(" underlined");
        await editor.WaitSavedAsync();

        await Assertions.Expect(projector.Locator($"#b-{blockId} ins")).ToContainTextAsync("underlined");
    }

    [GeneratedRegex("^Start .+ now$")]
    private static partial Regex StartButton();

    private static async Task<(int StatementId, string BlockId)> ParagraphAsync(StatementDraftingServer server)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<DraftingDbContext>>().CreateDbContextAsync();
        var statement = await db.Statements.AsNoTracking().Include(s => s.Blocks).SingleAsync(s => s.ClusterNumber == 4);
        return (statement.Id, statement.Blocks.Where(b => b.Kind == BlockKind.NumberedParagraph).OrderBy(b => b.Position).ElementAt(1).Id.Value);
    }
}

using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StatementDrafting.BrowserTests.Pages;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.BrowserTests.Features.Amendments;

/// <summary>
/// The amendment flow in real browsers: a participant proposes an amendment; a co-host, already on the statement,
/// sees it appear and accepts it; a viewer sees the paragraph change live; everyone sees it as accepted.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class AmendmentFlowTests(BrowserFixture browser)
{
    private const string CoHost = "cohost1@example.org";
    private const string Viewer = "participant4@example.org";

    [Fact]
    public async Task A_participant_proposes_a_co_host_accepts_and_a_viewer_sees_the_paragraph_change_live()
    {
        var (statementId, blockId, text) = await ParagraphAsync(browser.Server, cluster: 1, index: 6);
        const string marker = "as agreed in the working group";
        var proposed = text.TrimEnd('.') + ", " + marker + ".";

        await using var coHostContext = await browser.NewContextAsync(signedInAs: CoHost);
        await using var viewerContext = await browser.NewContextAsync(signedInAs: Viewer);
        await using var participantContext = await browser.NewContextAsync();
        var coHost = new EditorPage(await coHostContext.NewPageAsync());
        await coHost.GotoAsync(statementId, blockId);
        await Assertions.Expect(coHost.Page.Locator("section.amendments[data-live='true']")).ToHaveCountAsync(1);
        var countBeside = coHost.Page.Locator($"[data-block-amendments='{blockId}']");
        var openBefore = await OpenCountAsync(countBeside);
        var viewer = await viewerContext.NewPageAsync();
        await viewer.GotoAsync($"statements/{statementId}");
        await Assertions.Expect(viewer.Locator(".live-bar")).ToBeVisibleAsync();

        // The participant proposes, by editing a copy of the paragraph.
        var participant = await participantContext.NewPageAsync();
        await participant.GotoAsync($"statements/{statementId}/amendments?paragraph={blockId}");
        await Assertions.Expect(participant.Locator("section.amendments[data-live='true']")).ToHaveCountAsync(1);
        await participant.GetByLabel("Show").SelectOptionAsync("All");
        await participant.GetByText("Propose an amendment").ClickAsync();
        var copy = participant.GetByLabel("The paragraph as you propose it");
        await Assertions.Expect(copy).ToHaveValueAsync(text);
        await copy.FillAsync(proposed);
        await participant.GetByLabel("Why (optional)").FillAsync("Reflects the session's agreement.");
        await participant.GetByRole(AriaRole.Button, new() { Name = "Propose", Exact = true }).ClickAsync();
        var mine = participant.Locator("li.amendment", new() { HasText = marker });
        await Assertions.Expect(mine.Locator("ins")).ToContainTextAsync(marker);
        await Assertions.Expect(mine.Locator(".badge")).ToHaveTextAsync("open");

        // The co-host sees it appear on the statement page, and accepts it.
        var onCoHostPage = coHost.Page.Locator("li.amendment", new() { HasText = marker });
        await Assertions.Expect(onCoHostPage).ToHaveCountAsync(1);
        await Assertions.Expect(onCoHostPage).ToContainTextAsync("Reflects the session's agreement.");
        await Assertions.Expect(countBeside).ToHaveTextAsync(openBefore + 1 == 1 ? "1 open amendment" : $"{openBefore + 1} open amendments");
        await onCoHostPage.GetByRole(AriaRole.Button, new() { Name = "Accept", Exact = true }).ClickAsync();

        // The viewer sees the paragraph change live; all see it accepted.
        await Assertions.Expect(viewer.Locator($"[id='b-{blockId}'] .block__text")).ToContainTextAsync(marker);
        await Assertions.Expect(mine.Locator(".badge")).ToHaveTextAsync("accepted");
        await viewer.Locator($"[id='b-{blockId}'] .block__amendments button").ClickAsync();
        await Assertions.Expect(viewer.Locator($"[id='b-{blockId}'] li.amendment .badge")).ToHaveTextAsync("accepted");
        await Assertions.Expect(coHost.Block(blockId)).ToHaveValueAsync(new Regex(Regex.Escape(marker)));
        if (openBefore == 0)
        {
            await Assertions.Expect(countBeside).ToBeHiddenAsync();
        }
        else
        {
            await Assertions.Expect(countBeside).ToHaveTextAsync(openBefore == 1 ? "1 open amendment" : $"{openBefore} open amendments");
        }
    }

    /// <summary>The number of open amendments the editor shows beside a block (none shown: 0).</summary>
    private static async Task<int> OpenCountAsync(ILocator beside)
    {
        await Assertions.Expect(beside).ToHaveCountAsync(1);
        return await beside.IsVisibleAsync() ? int.Parse((await beside.TextContentAsync())!.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    private static async Task<(int StatementId, string BlockId, string Text)> ParagraphAsync(StatementDraftingServer server, int cluster, int index)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<DraftingDbContext>>().CreateDbContextAsync();
        var statement = await db.Statements.AsNoTracking().Include(s => s.Blocks).SingleAsync(s => s.ClusterNumber == cluster);
        var block = statement.Blocks.Where(b => b.Kind == Domain.Statements.BlockKind.NumberedParagraph).OrderBy(b => b.Position).ElementAt(index);
        return (statement.Id, block.Id.Value, block.Text);
    }
}

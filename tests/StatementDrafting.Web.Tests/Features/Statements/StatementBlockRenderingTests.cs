using Bunit;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Statements;
using StatementDrafting.Web.Infrastructure.Markdown;

namespace StatementDrafting.Web.Tests.Features.Statements;

/// <summary>
/// Render cost of the live text: each block is a keyed component that renders again only when what it shows changed,
/// and a block's HTML is made once per text for everyone.
/// </summary>
public class StatementBlockRenderingTests : BunitContext
{
    private readonly InlineMarkdown _markdown = new();

    public StatementBlockRenderingTests() => Services.AddSingleton(_markdown);

    private static BlockView Para(string text, int number) => new(BlockId.New().Value, BlockKind.NumberedParagraph, 0, number, text);

    [Fact]
    public void A_change_to_one_block_renders_that_block_alone_and_its_new_text_shows()
    {
        BlockView[] blocks = [Para("First.", 1), Para("Second.", 2), Para("Third.", 3)];
        var cut = Render<StatementText>(p => p.Add(c => c.Blocks, blocks).Add(c => c.PagePath, "statements/7"));
        var before = RenderCounts(cut);

        var changed = blocks.ToArray();
        changed[1] = changed[1] with { Text = "Second, *amended*." };
        cut.Render(p => p.Add(c => c.Blocks, changed).Add(c => c.PagePath, "statements/7"));

        Assert.Equal([before[0], before[1] + 1, before[2]], RenderCounts(cut));
        Assert.Equal("Second, <em>amended</em>.", cut.FindAll(".block__text")[1].InnerHtml);
    }

    [Fact]
    public void A_highlight_presence_or_aside_change_renders_only_the_block_it_concerns()
    {
        BlockView[] blocks = [Para("First.", 1), Para("Second.", 2)];
        var open = blocks[0].Id;
        var cut = Render<StatementText>(p => p
            .Add(c => c.Blocks, blocks).Add(c => c.PagePath, "statements/7")
            .Add(c => c.AsideState, b => b.Id == open));
        var start = RenderCounts(cut);

        cut.Render(p => p.Add(c => c.Blocks, blocks).Add(c => c.PagePath, "statements/7")
            .Add(c => c.AsideState, b => b.Id == open)
            .Add(c => c.Changed, new HashSet<string> { blocks[1].Id }));
        Assert.Equal([start[0], start[1] + 1], RenderCounts(cut));
        Assert.Contains("block--changed", cut.FindAll(".block")[1].ClassName, StringComparison.Ordinal);

        open = blocks[1].Id;
        cut.Render(p => p.Add(c => c.Blocks, blocks).Add(c => c.PagePath, "statements/7")
            .Add(c => c.AsideState, b => b.Id == open)
            .Add(c => c.Changed, new HashSet<string> { blocks[1].Id })
            .Add(c => c.PresenceByBlock, new Dictionary<string, IReadOnlyList<string>> { [blocks[1].Id] = ["Co-host"] }));
        Assert.Equal([start[0] + 1, start[1] + 2], RenderCounts(cut)); // the aside moved from the first to the second
        Assert.Equal("Here: Co-host", cut.Find(".block__presence").TextContent);
    }

    [Fact]
    public void A_blocks_html_is_made_once_per_text()
    {
        var first = _markdown.ToHtml("Some *new* text, unlike any other.");
        var count = _markdown.CachedCount;

        var again = _markdown.ToHtml("Some *new* text, unlike any other.");

        Assert.Same(first, again);
        Assert.Equal(count, _markdown.CachedCount);
        Assert.Equal("Some <em>new</em> text, unlike any other.", again);
    }

    private static int[] RenderCounts(IRenderedComponent<StatementText> cut) =>
        [.. cut.FindComponents<StatementBlock>().Select(b => b.RenderCount)];
}

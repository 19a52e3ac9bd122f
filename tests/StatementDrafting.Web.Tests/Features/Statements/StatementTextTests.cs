using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Statements;
using StatementDrafting.Web.Infrastructure.Markdown;

namespace StatementDrafting.Web.Tests.Features.Statements;

public class StatementTextTests : BunitContext
{
    public StatementTextTests() => Services.AddSingleton<InlineMarkdown>();

    private static BlockView Block(BlockKind kind, string text, int? number = null, int level = 0) =>
        new(BlockId.New().Value, kind, level, number, text);

    private IRenderedComponent<StatementText> RenderBlocks(params BlockView[] blocks) =>
        Render<StatementText>(p => p.Add(c => c.Blocks, blocks).Add(c => c.PagePath, "statements/7"));

    private IElement RenderOne(string text) =>
        RenderBlocks(Block(BlockKind.NumberedParagraph, text, 1)).Find(".block__text");

    [Fact]
    public void Numbered_paragraphs_show_their_number_and_carry_a_stable_anchor_that_the_number_links_to()
    {
        var first = Block(BlockKind.NumberedParagraph, "First paragraph.", 1);
        var intro = Block(BlockKind.UnnumberedParagraph, "An introduction.");
        var second = Block(BlockKind.NumberedParagraph, "Second paragraph.", 2);

        var cut = RenderBlocks(intro, first, second);

        var numbered = cut.FindAll(".block--numbered");
        Assert.Equal([$"b-{first.Id}", $"b-{second.Id}"], numbered.Select(e => e.Id));
        Assert.Equal(["¶1", "¶2"], numbered.Select(e => e.QuerySelector(".block__number")!.TextContent));
        Assert.Equal($"statements/7#b-{second.Id}", numbered[1].QuerySelector("a.block__number")!.GetAttribute("href"));
        Assert.Equal("Paragraph 2", numbered[1].QuerySelector("a.block__number")!.GetAttribute("aria-label"));
        var unnumbered = cut.Find(".block--unnumbered");
        Assert.Equal($"b-{intro.Id}", unnumbered.Id);
        Assert.Null(unnumbered.QuerySelector(".block__number"));
    }

    [Fact]
    public void Headings_one_to_three_render_as_h2_to_h4_with_their_anchors_so_the_page_title_stays_the_only_h1()
    {
        var cut = RenderBlocks(
            Block(BlockKind.Heading, "Top", level: 1),
            Block(BlockKind.Heading, "Middle", level: 2),
            Block(BlockKind.Heading, "Low", level: 3));

        Assert.Equal(["H2", "H3", "H4"], cut.FindAll(".block--heading").Select(h => h.TagName));
        Assert.All(cut.FindAll(".block--heading"), h => Assert.StartsWith("b-", h.Id, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("h1"));
    }

    [Fact]
    public void Inline_formatting_renders_as_emphasis_strong_and_safe_links()
    {
        var text = RenderOne("We *recognise* the **urgent** need, see [objective 4](https://example.org/gcm).");

        Assert.Equal("recognise", text.QuerySelector("em")!.TextContent);
        Assert.Equal("urgent", text.QuerySelector("strong")!.TextContent);
        var link = text.QuerySelector("a")!;
        Assert.Equal("https://example.org/gcm", link.GetAttribute("href"));
        Assert.Contains("noopener", link.GetAttribute("rel"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script>alert('x')</script>")]
    [InlineData("Before <script>alert('x')</script> after")]
    [InlineData("[click me](javascript:alert('x'))")]
    [InlineData("[click me](JAVASCRIPT:alert('x'))")]
    [InlineData("<img src=x onerror=\"alert('x')\">")]
    [InlineData("<a href=\"https://example.org\" onclick=\"alert('x')\">link</a>")]
    [InlineData("<iframe src=\"https://example.org\"></iframe>")]
    [InlineData("<div style=\"position:fixed\">raw html</div>")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("<https://example.org/ok> and <javascript:alert(1)>")]
    public void Markdown_with_scripts_dangerous_links_event_handlers_or_raw_html_renders_inert(string markdown)
    {
        var text = RenderOne(markdown);

        Assert.Empty(text.QuerySelectorAll("script, img, iframe, div, style, object, embed"));
        Assert.All(text.QuerySelectorAll("*"), element =>
            Assert.DoesNotContain(element.Attributes, a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase) || a.Name == "style"));
        Assert.All(text.QuerySelectorAll("a"), a =>
            Assert.Matches("^(https?:|mailto:)", a.GetAttribute("href") ?? "https:"));
    }

    [Fact]
    public void Raw_html_is_shown_as_the_text_that_was_typed()
    {
        var text = RenderOne("Use <b>bold</b> here");

        Assert.Equal("Use <b>bold</b> here", text.TextContent);
        Assert.Empty(text.QuerySelectorAll("b"));
    }

    [Theory]
    [InlineData("1. Member States should act.")]
    [InlineData("- a dash at the start")]
    [InlineData("* a star at the start")]
    [InlineData("# not a heading")]
    [InlineData("> not a quote")]
    [InlineData("```\nnot code\n```")]
    [InlineData("    four spaces of indentation")]
    [InlineData("---")]
    [InlineData("Underlined\n===")]
    [InlineData("`backticks` stay")]
    public void Block_syntax_at_the_start_of_a_paragraph_renders_as_the_literal_characters(string typed)
    {
        var text = RenderOne(typed);

        Assert.Empty(text.QuerySelectorAll("ol, ul, li, h1, h2, h3, h4, h5, h6, blockquote, pre, code, hr"));
        var shown = text.TextContent;
        Assert.Equal(
            typed.Replace("\n", string.Empty, StringComparison.Ordinal).Trim(),
            shown.Replace("\n", string.Empty, StringComparison.Ordinal).Trim());
    }

    [Fact]
    public void The_contents_list_links_each_heading_by_anchor_in_document_order_without_formatting_marks()
    {
        var top = Block(BlockKind.Heading, "Key *challenges*", level: 1);
        var sub = Block(BlockKind.Heading, "Objective 4", level: 2);
        var cut = Render<StatementContents>(p => p
            .Add(c => c.Blocks, [top, Block(BlockKind.NumberedParagraph, "Text", 1), sub])
            .Add(c => c.PagePath, "statements/7"));

        var links = cut.FindAll("nav a");
        Assert.Equal([$"statements/7#b-{top.Id}", $"statements/7#b-{sub.Id}"], links.Select(a => a.GetAttribute("href")));
        Assert.Equal(["Key challenges", "Objective 4"], links.Select(a => a.TextContent));
        Assert.Contains("contents__item--level-2", links[1].ParentElement!.ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void A_statement_without_headings_has_no_contents_list()
    {
        var cut = Render<StatementContents>(p => p
            .Add(c => c.Blocks, [Block(BlockKind.NumberedParagraph, "Text", 1)])
            .Add(c => c.PagePath, "statements/7"));

        Assert.Empty(cut.FindAll("nav"));
    }
}

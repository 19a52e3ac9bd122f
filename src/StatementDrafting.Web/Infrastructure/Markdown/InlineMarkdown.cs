using Ganss.Xss;
using Markdig;
using Markdig.Parsers;
using Markdig.Parsers.Inlines;
using Markdig.Renderers;
using Markdig.Syntax;

namespace StatementDrafting.Web.Infrastructure.Markdown;

/// <summary>
/// Turns a block's text into safe HTML. Block text is Markdown limited to inline formatting (emphasis, strong, links):
/// block syntax (a leading "1. ", "- ", "# ", "> ", a code fence, an indented line, "---") stays literal text,
/// raw HTML is shown as typed, and the output passes through an allow-list sanitiser.
/// One pipeline and one sanitiser serve the whole app (both are safe to share once built).
/// </summary>
public sealed class InlineMarkdown
{
    private readonly MarkdownPipeline _pipeline;
    private readonly HtmlSanitizer _sanitizer;

    public InlineMarkdown()
    {
        var builder = new MarkdownPipelineBuilder()
            .DisableHtml()
            .UseSoftlineBreakAsHardlineBreak()
            .UseReferralLinks("nofollow", "noopener", "noreferrer");

        // Only paragraphs remain as blocks: everything else a block parser would recognise stays text.
        builder.BlockParsers.TryRemove<HeadingBlockParser>();
        builder.BlockParsers.TryRemove<ListBlockParser>();
        builder.BlockParsers.TryRemove<QuoteBlockParser>();
        builder.BlockParsers.TryRemove<FencedCodeBlockParser>();
        builder.BlockParsers.TryRemove<IndentedCodeBlockParser>();
        builder.BlockParsers.TryRemove<ThematicBreakParser>();
        builder.BlockParsers.TryRemove<HtmlBlockParser>();
        builder.BlockParsers.Find<ParagraphBlockParser>()!.ParseSetextHeadings = false;

        // Inline code is not part of a statement's formatting: backticks stay literal.
        builder.InlineParsers.TryRemove<CodeInlineParser>();
        _pipeline = builder.Build();

        var sanitizerOptions = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "em", "strong", "a", "br" },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "title", "rel" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
        };
        _sanitizer = new HtmlSanitizer(sanitizerOptions);
    }

    /// <summary>Inline HTML for a block's text: no wrapping paragraph; paragraphs inside the text are separated by line breaks.</summary>
    public string ToHtml(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var document = Markdig.Markdown.Parse(text, _pipeline);
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer) { ImplicitParagraph = true };
        _pipeline.Setup(renderer);
        var first = true;
        foreach (var block in document)
        {
            if (!first)
            {
                writer.Write("<br><br>");
            }

            renderer.Render(block);
            first = false;
        }

        writer.Flush();
        return _sanitizer.Sanitize(writer.ToString());
    }

    /// <summary>The text a reader sees, without formatting marks (for contents lists and titles).</summary>
    public string ToPlainText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Markdig.Markdown.ToPlainText(text, _pipeline).ReplaceLineEndings(" ").Trim();
    }
}

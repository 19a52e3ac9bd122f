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
    /// <summary>Texts whose HTML is kept; past this the cache starts again (a statement has some hundred blocks).</summary>
    private const int CachedTexts = 4_096;

    private readonly MarkdownPipeline _pipeline;
    private readonly HtmlSanitizer _sanitizer;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _html = new(StringComparer.Ordinal);

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

    /// <summary>
    /// Inline HTML for a block's text: no wrapping paragraph; paragraphs inside the text are separated by line breaks.
    /// Kept by text, so that every viewer of a statement shares one rendering of each block as it stands.
    /// </summary>
    public string ToHtml(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_html.TryGetValue(text, out var known))
        {
            return known;
        }

        if (_html.Count >= CachedTexts)
        {
            _html.Clear();
        }

        return _html[text] = Render(text);
    }

    /// <summary>How many texts have their HTML kept (for tests).</summary>
    internal int CachedCount => _html.Count;

    private string Render(string text)
    {
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

    /// <summary>
    /// The text as runs for documents (Word): each span of text with its formatting and link target. Paragraph breaks
    /// inside a block become line breaks; only http, https and mailto links are kept as links.
    /// </summary>
    public IReadOnlyList<InlineSpan> Spans(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spans = new List<InlineSpan>();
        var first = true;
        foreach (var block in Markdig.Markdown.Parse(text, _pipeline).OfType<Markdig.Syntax.LeafBlock>())
        {
            if (!first)
            {
                spans.Add(InlineSpan.Break);
                spans.Add(InlineSpan.Break);
            }

            first = false;
            Walk(block.Inline, strong: false, emphasis: false, href: null, spans);
        }

        return spans;
    }

    private static void Walk(Markdig.Syntax.Inlines.ContainerInline? container, bool strong, bool emphasis, string? href, List<InlineSpan> spans)
    {
        for (var inline = container?.FirstChild; inline is not null; inline = inline.NextSibling)
        {
            switch (inline)
            {
                case Markdig.Syntax.Inlines.LiteralInline literal:
                    spans.Add(new InlineSpan(literal.Content.ToString(), strong, emphasis, href));
                    break;
                case Markdig.Syntax.Inlines.LineBreakInline:
                    spans.Add(InlineSpan.Break);
                    break;
                case Markdig.Syntax.Inlines.EmphasisInline em:
                    Walk(em, strong || em.DelimiterCount >= 2, emphasis || em.DelimiterCount == 1, href, spans);
                    break;
                case Markdig.Syntax.Inlines.LinkInline { IsImage: false } link:
                    Walk(link, strong, emphasis, SafeHref(link.Url) ?? href, spans);
                    break;
                case Markdig.Syntax.Inlines.ContainerInline other:
                    Walk(other, strong, emphasis, href, spans);
                    break;
                case Markdig.Syntax.Inlines.HtmlEntityInline entity:
                    spans.Add(new InlineSpan(entity.Transcoded.ToString(), strong, emphasis, href));
                    break;
                default:
                    spans.Add(new InlineSpan(inline.ToString() ?? string.Empty, strong, emphasis, href));
                    break;
            }
        }
    }

    private static string? SafeHref(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto" ? uri.AbsoluteUri : null;

    /// <summary>The text a reader sees, without formatting marks (for contents lists and titles).</summary>
    public string ToPlainText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Markdig.Markdown.ToPlainText(text, _pipeline).ReplaceLineEndings(" ").Trim();
    }
}

/// <summary>A run of a block's text for documents: its characters, formatting and link (or a line break).</summary>
public sealed record InlineSpan(string Text, bool Strong, bool Emphasis, string? Href, bool LineBreak = false)
{
    public static InlineSpan Break { get; } = new(string.Empty, false, false, null, LineBreak: true);
}

using System.Net;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Documents;
using StatementDrafting.Web.Infrastructure.Markdown;

namespace StatementDrafting.Web.Tests.Features.Documents;

/// <summary>Golden tests of a statement as Markdown and as print-ready HTML.</summary>
public sealed class StatementTextTests : IDisposable
{
    private static readonly ExportedStatement Sample = new(
        "Common statement of cluster 2",
        ["Fifth consultation", "Cluster 2: Protecting migrants", "Objective 4: Proof of legal identity"],
        "Draft, revision 12, 7 December 2026",
        [
            new ExportedBlock(BlockKind.Heading, 1, null, "Preamble"),
            new ExportedBlock(BlockKind.UnnumberedParagraph, 0, null, "We, the *participants*, agree:"),
            new ExportedBlock(BlockKind.NumberedParagraph, 0, 1, "States **should** issue documents; see [the compact](https://example.org/gcm)."),
            new ExportedBlock(BlockKind.NumberedParagraph, 0, 2, "1. looks like a list <script>alert(1)</script>"),
            new ExportedBlock(BlockKind.Heading, 2, null, "Next steps"),
            new ExportedBlock(BlockKind.UnnumberedParagraph, 0, null, "# not a heading"),
        ]);

    private readonly InlineMarkdown _markdown = new();

    public void Dispose()
    {
    }

    [Fact]
    public void Markdown_keeps_the_structure_and_numbers_and_escapes_what_would_read_as_structure_or_HTML()
    {
        Assert.Equal(
            """
            # Common statement of cluster 2

            *Fifth consultation*  
            *Cluster 2: Protecting migrants*  
            *Objective 4: Proof of legal identity*  

            **Draft, revision 12, 7 December 2026**

            ## Preamble

            We, the *participants*, agree:

            1. States **should** issue documents; see [the compact](https://example.org/gcm).

            2. \1. looks like a list &lt;script>alert(1)&lt;/script>

            ### Next steps

            \# not a heading

            """.ReplaceLineEndings("\n"),
            StatementText.Markdown(Sample));
    }

    [Fact]
    public void Html_is_a_whole_printable_document_with_the_text_rendered_and_sanitised()
    {
        var html = StatementText.Html(Sample, _markdown);

        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("@page { size: A4;", html, StringComparison.Ordinal);
        var body = html[html.IndexOf("<body>", StringComparison.Ordinal)..];
        Assert.Equal(
            """
            <body>
            <header>
            <h1>Common statement of cluster 2</h1>
            <p class="context">Fifth consultation</p>
            <p class="context">Cluster 2: Protecting migrants</p>
            <p class="context">Objective 4: Proof of legal identity</p>
            <p class="stamp">Draft, revision 12, 7 December 2026</p>
            </header>
            <main>
            <h2>Preamble</h2>
            <p>We, the <em>participants</em>, agree:</p>
            <p class="numbered"><span class="number">1.</span> States <strong>should</strong> issue documents; see <a href="https://example.org/gcm" rel="nofollow noopener noreferrer">the compact</a>.</p>
            <p class="numbered"><span class="number">2.</span> 1. looks like a list &lt;script&gt;alert(1)&lt;/script&gt;</p>
            <h3>Next steps</h3>
            <p># not a heading</p>
            </main>
            </body>
            </html>

            """.ReplaceLineEndings("\n"),
            body);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Equal("Common statement of cluster 2", WebUtility.HtmlDecode(html.Split("<title>")[1].Split("</title>")[0]));
    }

    /// <summary>A changed paragraph, one added, one removed, and an amendment's proposal: each kind a document with changes holds.</summary>
    private IReadOnlyList<TrackedBlock> Changes() =>
    [
        new(BlockKind.Heading, 1, null, TrackedText.Compare(_markdown.Spans("Preamble"), _markdown.Spans("Preamble")), null),
        new(BlockKind.NumberedParagraph, 0, 1, TrackedText.Compare(_markdown.Spans("States *should* issue documents."), _markdown.Spans("States **must** issue documents <at once>, see [the compact](https://example.org/gcm).")), null),
        new(BlockKind.NumberedParagraph, 0, null, TrackedText.All(_markdown.Spans("An old paragraph {with braces}."), TrackedKind.Deleted), TrackedKind.Deleted),
        new(BlockKind.NumberedParagraph, 0, 2, TrackedText.All(_markdown.Spans("1. A new paragraph."), TrackedKind.Inserted), TrackedKind.Inserted),
        new(BlockKind.UnnumberedParagraph, 0, null, [new TrackedSpan(TrackedKind.Same, new InlineSpan("A3: Change to ¶2 (open, 2 supporters)", false, false, null))], null, TrackedStyle.Label),
        new(BlockKind.NumberedParagraph, 0, null, TrackedText.Compare(_markdown.Spans("A new paragraph."), _markdown.Spans("A newer paragraph.")), null, TrackedStyle.Proposal),
    ];

    [Fact]
    public void Changes_as_HTML_underline_insertions_strike_deletions_and_keep_formatting()
    {
        var html = StatementText.ChangesHtml(Sample with { Blocks = [] }, Changes());

        var body = html[html.IndexOf("<main>", StringComparison.Ordinal)..];
        Assert.Equal(
            """
            <main>
            <h2>Preamble</h2>
            <p class="numbered"><span class="number">1.</span> States <del><em>should</em></del><ins><strong>must</strong></ins> issue documents<ins> &lt;at once&gt;, see <a href="https://example.org/gcm" rel="nofollow noopener noreferrer">the compact</a></ins>.</p>
            <p class="numbered removed"><span class="number"></span> <del>An old paragraph {with braces}.</del></p>
            <p class="numbered added"><span class="number">2.</span> <ins>1. A new paragraph.</ins></p>
            <p class="proposal-label">A3: Change to ¶2 (open, 2 supporters)</p>
            <p class="proposal">A <del>new</del><ins>newer</ins> paragraph.</p>
            </main>
            </body>
            </html>

            """.ReplaceLineEndings("\n"),
            body);
        Assert.Contains("<p class=\"legend\">Inserted text is <ins>underlined</ins>; deleted text is <del>struck through</del>.</p>\n</header>", html, StringComparison.Ordinal);
        Assert.Contains("ins { text-decoration: underline;", html, StringComparison.Ordinal);
        Assert.Contains("del { text-decoration: line-through;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Changes_as_Markdown_use_CriticMarkup_and_escape_what_would_read_as_markup()
    {
        var markdown = StatementText.ChangesMarkdown(Sample with { Blocks = [] }, Changes());

        Assert.EndsWith(
            """
            **Draft, revision 12, 7 December 2026**

            *Inserted text is marked {++like this++}; deleted text {--like this--}.*

            ## Preamble

            1. States {--*should*--}{++**must**++} issue documents{++ &lt;at once>, see [the compact](<https://example.org/gcm>)++}.

            {--An old paragraph \{with braces\}.--}

            2. {++1. A new paragraph.++}

            **A3: Change to ¶2 (open, 2 supporters)**

            > A {--new--}{++newer++} paragraph.

            """.ReplaceLineEndings("\n"),
            markdown);
    }
}

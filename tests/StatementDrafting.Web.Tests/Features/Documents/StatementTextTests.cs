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
}

using System.Net;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Documents;
using StatementDrafting.Web.Infrastructure.Markdown;
using UglyToad.PdfPig;

namespace StatementDrafting.Web.Tests.Features.Documents;

/// <summary>
/// The pre-read pack: every current draft of the demo consultation in one Word document and one PDF, with a cover and
/// a contents page; each statement on its own page with its title block, heading styles and its own numbering from 1.
/// </summary>
public sealed class PreReadPackTests : IDisposable
{
    private readonly AppFactory _app = new(demo: true);
    private readonly InlineMarkdown _markdown = new();

    public void Dispose() => _app.Dispose();

    private sealed record Draft(int Id, string Title, int? Cluster, IReadOnlyList<Block> Blocks);

    private static string StyleOf(Paragraph p) => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? "Normal";

    private static bool StartsPage(Paragraph p) => p.ParagraphProperties?.PageBreakBefore is not null;

    /// <summary>The consultation's statements as stored: the opening statement (no cluster) first, then by cluster number.</summary>
    private async Task<(int ConsultationId, string Title, List<Draft> Drafts)> StoredAsync()
    {
        var consultationId = await _app.ConsultationIdAsync();
        return await _app.QueryAsync(async db =>
        {
            var title = await db.Consultations.Where(c => c.Id == consultationId).Select(c => c.Title).SingleAsync();
            var statements = await db.Statements.AsNoTracking().Include(s => s.Blocks).Where(s => s.ConsultationId == consultationId).ToListAsync();
            var drafts = statements.OrderBy(s => s.ClusterNumber ?? 0)
                .Select(s => new Draft(s.Id, s.Title, s.ClusterNumber, [.. s.Blocks.OrderBy(b => b.Position)]))
                .ToList();
            return (consultationId, title, drafts);
        });
    }

    [Fact]
    public async Task The_Word_pack_has_a_cover_and_contents_linking_to_every_statement_each_on_a_new_page_numbered_from_1()
    {
        var (consultationId, consultationTitle, drafts) = await StoredAsync();
        Assert.True(drafts.Count >= 5, "the demo has an opening statement and four clusters' statements");
        Assert.Null(drafts[0].Cluster);

        var file = (await _app.SendAsAsync(People.Organiser, m => m.Send(new ExportPreReadPack(consultationId))))!;

        Assert.Matches(@"^pre-read-pack-[a-z0-9]+(-[a-z0-9]+)*-\d{4}-\d{2}-\d{2}\.docx$", file.FileName);
        Assert.Equal(StatementDocx.ContentType, file.ContentType);
        using var document = WordprocessingDocument.Open(new MemoryStream(file.Content), false);
        Assert.Empty(new OpenXmlValidator().Validate(document));
        var main = document.MainDocumentPart!;
        var paragraphs = main.Document.Body!.Elements<Paragraph>().ToList();

        // The cover.
        Assert.Equal(("Title", consultationTitle), (StyleOf(paragraphs[0]), paragraphs[0].InnerText));
        Assert.Equal(PreReadPack.Kind, paragraphs[1].InnerText);
        Assert.StartsWith("Generated on ", paragraphs[2].InnerText, StringComparison.Ordinal);
        Assert.Equal(PreReadPack.Note, paragraphs[3].InnerText);

        // The contents, on a page of its own: one entry per statement, in order, each a link to a bookmark on its statement's title.
        var contentsHeading = paragraphs.Single(p => StyleOf(p) == "TOCHeading");
        Assert.True(StartsPage(contentsHeading));
        Assert.Equal(4, paragraphs.IndexOf(contentsHeading));
        var entries = paragraphs.Where(p => StyleOf(p) == "TOC1").ToList();
        Assert.Equal(drafts.Select(d => d.Title), entries.Select(e => e.InnerText));
        var bookmarks = main.Document.Body.Descendants<BookmarkStart>().ToDictionary(b => b.Name!.Value!, b => (Paragraph)b.Parent!);
        var titles = new List<Paragraph>();
        foreach (var entry in entries)
        {
            var link = entry.Elements<Hyperlink>().Single();
            Assert.Null(link.Id); // internal: no relationship, an anchor
            Assert.True(bookmarks.TryGetValue(link.Anchor!.Value!, out var target), $"the bookmark {link.Anchor.Value} should exist");
            Assert.Equal(("Title", entry.InnerText), (StyleOf(target), target.InnerText));
            titles.Add(target);
        }

        Assert.Equal(titles.OrderBy(paragraphs.IndexOf), titles);
        Assert.All(titles, t => Assert.True(StartsPage(t), $"\"{t.InnerText}\" should start a new page"));
        Assert.Equal(titles.Count + 1, paragraphs.Count(StartsPage));

        // Each statement: its title block, then its blocks in order with their styles, in a list of its own.
        var abstractId = main.NumberingDefinitionsPart!.Numbering.Elements<AbstractNum>().Single().AbstractNumberId!.Value;
        var instances = main.NumberingDefinitionsPart.Numbering.Elements<NumberingInstance>().ToDictionary(n => n.NumberID!.Value);
        var lists = new List<int>();
        for (var i = 0; i < drafts.Count; i++)
        {
            var start = paragraphs.IndexOf(titles[i]);
            var end = i + 1 < titles.Count ? paragraphs.IndexOf(titles[i + 1]) : paragraphs.Count;
            var section = paragraphs.Skip(start + 1).Take(end - start - 1).ToList();
            var subtitles = section.TakeWhile(p => StyleOf(p) == "Subtitle").Select(p => p.InnerText).ToList();
            Assert.Equal(consultationTitle, subtitles[0]);
            if (drafts[i].Cluster is { } cluster)
            {
                Assert.StartsWith($"Cluster {cluster}: ", subtitles[1], StringComparison.Ordinal);
                Assert.Contains(subtitles, s => s.StartsWith("Objective ", StringComparison.Ordinal));
            }

            var stamp = section[subtitles.Count];
            Assert.Equal("Stamp", StyleOf(stamp));
            Assert.Matches(@"^Draft, revision \d+, ", stamp.InnerText);

            var body = section.Skip(subtitles.Count + 1).ToList();
            Assert.Equal(drafts[i].Blocks.Select(b => _markdown.ToPlainText(b.Text)), body.Select(p => p.InnerText.Trim()));
            Assert.Equal(
                drafts[i].Blocks.Select(b => b.Kind switch { BlockKind.Heading => $"Heading{b.HeadingLevel}", BlockKind.NumberedParagraph => "NumberedParagraph", _ => "Normal" }),
                body.Select(StyleOf));
            var used = body.Where(p => StyleOf(p) == "NumberedParagraph").Select(p => p.ParagraphProperties!.NumberingProperties!.NumberingId!.Val!.Value).Distinct().ToList();
            Assert.NotEmpty(used);
            var list = Assert.Single(used);
            var instance = instances[list];
            Assert.Equal(abstractId, instance.AbstractNumId!.Val!.Value);
            var restart = instance.Elements<LevelOverride>().Single();
            Assert.Equal((0, 1), (restart.LevelIndex!.Value, restart.StartOverrideNumberingValue!.Val!.Value));
            lists.Add(list);
        }

        Assert.Equal(lists.Count, lists.Distinct().Count()); // every statement counts from 1 in a list of its own
        Assert.Contains(main.Document.Body.Descendants<Paragraph>(), p => StyleOf(p) == "Heading1");
    }

    [Fact]
    public async Task The_PDF_pack_is_A4_with_page_numbers_embedded_fonts_the_contents_then_every_statement_in_order()
    {
        var (consultationId, consultationTitle, drafts) = await StoredAsync();
        var file = (await _app.SendAsAsync("participant2@example.org", m => m.Send(new ExportPreReadPack(consultationId, ExportFormat.Pdf))))!;

        Assert.Matches(@"^pre-read-pack-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.pdf$", file.FileName);
        var words = PrintedPdf.Read(file.Content);
        Assert.True(words.Count >= drafts.Count + 2, $"a cover, a contents page and a page or more per statement (got {words.Count} pages)");
        Assert.Contains(consultationTitle.Split(' ')[0], words[0], StringComparison.Ordinal);
        Assert.Contains(PreReadPack.Kind, words[0], StringComparison.Ordinal);
        Assert.StartsWith("Contents", words[1], StringComparison.Ordinal);
        var at = 0;
        foreach (var draft in drafts)
        {
            var found = words[1].IndexOf(draft.Title, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"the contents should list \"{draft.Title}\" next");
            at = found;
        }

        var text = string.Join(" ", words.Skip(2));
        at = 0;
        var page = 2;
        foreach (var draft in drafts)
        {
            // Each statement starts a page of its own, with its title.
            while (page < words.Count && !words[page].StartsWith(draft.Title, StringComparison.Ordinal))
            {
                page++;
            }

            Assert.True(page < words.Count, $"a page should start with \"{draft.Title}\"");
            var title = text.IndexOf(draft.Title, at, StringComparison.Ordinal);
            Assert.True(title >= 0, $"\"{draft.Title}\" should follow in the PDF's text");
            at = title;
            foreach (var block in draft.Blocks)
            {
                var firstWords = string.Join(" ", _markdown.ToPlainText(block.Text).Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3));
                var found = text.IndexOf(firstWords, at, StringComparison.Ordinal);
                Assert.True(found >= 0, $"\"{firstWords}\" of \"{draft.Title}\" should follow in the PDF's text");
                at = found;
            }
        }
    }

    [Fact]
    public void Numbered_paragraphs_restart_at_1_for_each_statement_and_formatting_and_links_are_kept()
    {
        static ExportedStatement Statement(string title, params string[] paragraphs) =>
            new(title, ["A consultation"], "Draft, revision 3, 7 December 2026",
                [new ExportedBlock(BlockKind.Heading, 2, null, "Preamble"), .. paragraphs.Select((p, i) => new ExportedBlock(BlockKind.NumberedParagraph, 0, i + 1, p))]);
        var bytes = PreReadPack.Docx(new PreReadCover("A consultation", new DateOnly(2026, 12, 7)), [
            Statement("Opening statement", "We **welcome** everyone.", "See [the compact](https://example.org/gcm)."),
            Statement("Cluster 1", "First *point*.", "Again [the compact](https://example.org/gcm).", "Third."),
        ], _markdown);

        using var document = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        Assert.Empty(new OpenXmlValidator().Validate(document));
        var body = document.MainDocumentPart!.Document.Body!;
        Assert.Equal("Generated on 7 December 2026", body.Elements<Paragraph>().ElementAt(2).InnerText);
        Assert.Equal(["Heading2", "Heading2"], body.Elements<Paragraph>().Where(p => p.InnerText == "Preamble").Select(StyleOf));
        var numbered = body.Elements<Paragraph>().Where(p => StyleOf(p) == "NumberedParagraph")
            .Select(p => (p.InnerText, List: p.ParagraphProperties!.NumberingProperties!.NumberingId!.Val!.Value)).ToList();
        Assert.Equal(["We welcome everyone.", "See the compact.", "First point.", "Again the compact.", "Third."], numbered.Select(n => n.InnerText));
        Assert.Equal(2, numbered.Select(n => n.List).Distinct().Count());
        Assert.Single(numbered.Take(2).Select(n => n.List).Distinct());
        Assert.Single(numbered.Skip(2).Select(n => n.List).Distinct());
        var instances = document.MainDocumentPart.NumberingDefinitionsPart!.Numbering.Elements<NumberingInstance>().ToDictionary(n => n.NumberID!.Value);
        Assert.All(numbered.Select(n => n.List).Distinct(), list =>
            Assert.Equal(1, instances[list].Elements<LevelOverride>().Single().StartOverrideNumberingValue!.Val!.Value));

        Assert.NotNull(body.Descendants<Run>().Single(r => r.InnerText == "welcome").RunProperties!.Bold);
        Assert.NotNull(body.Descendants<Run>().Single(r => r.InnerText == "point").RunProperties!.Italic);
        var external = body.Descendants<Hyperlink>().Where(h => h.Id is not null).ToList();
        Assert.Equal(2, external.Count);
        Assert.All(external, h => Assert.Equal(new Uri("https://example.org/gcm"), document.MainDocumentPart.HyperlinkRelationships.Single(r => r.Id == h.Id).Uri));
    }

    [Theory]
    [InlineData("Fifth Regional Review: Asia–Pacific", 1, "pre-read-pack-fifth-regional-review-asia-pacific-2026-12-07.docx")]
    [InlineData("Consultation régionale à Genève", 2, "pre-read-pack-consultation-regionale-a-geneve-2026-12-07.docx")]
    [InlineData("移民磋商", 7, "pre-read-pack-consultation-7-2026-12-07.docx")]
    public void The_file_name_is_plain_ASCII(string title, int id, string expected) =>
        Assert.Equal(expected, PreReadPack.FileNameOf(title, id, new DateOnly(2026, 12, 7), "docx"));

    [Fact]
    public async Task Members_download_it_from_the_consultation_page_and_others_are_refused()
    {
        var consultationId = await _app.ConsultationIdAsync();
        using var participant = await _app.ClientAsAsync("participant4@example.org");
        var page = await participant.GetStringAsync(new Uri($"/consultations/{consultationId}", UriKind.Relative));
        Assert.Contains($"href=\"consultations/{consultationId}/pre-read-pack.docx\" download", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"consultations/{consultationId}/pre-read-pack.pdf\" download", page, StringComparison.Ordinal);

        using var response = await participant.GetAsync(new Uri($"/consultations/{consultationId}/pre-read-pack.docx", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(StatementDocx.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.StartsWith("pre-read-pack-", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);
        using var html = await participant.GetAsync(new Uri($"/consultations/{consultationId}/pre-read-pack.html", UriKind.Relative));
        Assert.Equal((HttpStatusCode.OK, "text/html"), (html.StatusCode, html.Content.Headers.ContentType?.MediaType));
        var markup = await html.Content.ReadAsStringAsync();
        var links = Regex.Matches(markup, "<a href=\"#([^\"]+)\">");
        Assert.True(links.Count >= 5, "the contents link to the opening statement and the four clusters' statements");
        foreach (Match link in links)
        {
            Assert.Contains($"<article class=\"statement\" id=\"{link.Groups[1].Value}\">", markup, StringComparison.Ordinal);
        }

        using var anonymous = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var refused = await anonymous.GetAsync(new Uri($"/consultations/{consultationId}/pre-read-pack.docx", UriKind.Relative));
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.NotEqual(StatementDocx.ContentType, refused.Content.Headers.ContentType?.MediaType);
        Assert.Null(await _app.SendAsAsync(People.Organiser, m => m.Send(new ExportPreReadPack(99_999))));
    }
}

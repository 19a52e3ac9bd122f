using System.Net;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Web.Features.Documents;
using StatementDrafting.Web.Features.Polls;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Tests.Features.Drafting;
using StatementDrafting.Web.Tests.Features.Nominations;
using StatementDrafting.Web.Tests.Features.Polls;
using UglyToad.PdfPig;

namespace StatementDrafting.Web.Tests.Features.Documents;

/// <summary>
/// The outcome record: each statement's result, date, rule, final counts and fingerprint in the plenary's order, and the
/// approved slate by what its speakers consented to publish; as valid Word with real tables, as an A4 PDF with page
/// numbers and embedded fonts, and as encoded HTML. Nobody's pseudonym, no counts of an open poll, no other name.
/// </summary>
public sealed partial class OutcomeRecordTests : IDisposable
{
    private const string Anjali = "Anjali Ramaswamy"; // participant1
    private const string Tomasi = "Tomasi Vainikolo"; // participant2

    private readonly AppFactory _app = new(demo: true);

    public void Dispose() => _app.Dispose();

    [GeneratedRegex(@"^outcome-record-[a-z0-9]+(-[a-z0-9]+)*-\d{4}-\d{2}-\d{2}\.(docx|html|pdf)$")]
    private static partial Regex FileName();

    /// <summary>
    /// Cluster 1's statement adopted by consensus (3 support, 1 can live with), cluster 2's not adopted (one objection),
    /// cluster 3's up for adoption with 2 responses, the rest never put to the plenary; participants 1 and 2 on the slate, approved.
    /// </summary>
    private sealed record World(int ConsultationId, Poll Adopted, Poll Rejected, Poll Open, IReadOnlyList<string> TitlesInOrder, Poll Slate);

    private async Task<World> StartAsync()
    {
        var polls = await PollWorld.StartAsync(_app, rules => rules with { QuorumPercent = null });
        var adopted = await polls.OpenAsync();
        await polls.RespondAsync(PollWorld.Participant(1), adopted, PollChoice.Support);
        await polls.RespondAsync(PollWorld.Participant(2), adopted, PollChoice.Support);
        await polls.RespondAsync(PollWorld.Participant(3), adopted, PollChoice.Support);
        await polls.RespondAsync(PollWorld.Participant(4), adopted, PollChoice.CanLiveWith);
        await polls.CloseAsync(adopted);

        var second = (await StoredStatement.OfClusterAsync(_app, 2)).Id;
        var rejected = await _app.SendAsAsync(PollWorld.Chair, m => m.Send(new OpenAdoptionPoll(second)));
        await polls.RespondAsync(PollWorld.Participant(5), rejected, PollChoice.Objection, "Paragraph 3 goes too far.");
        await polls.RespondAsync(PollWorld.Participant(6), rejected, PollChoice.Support);
        await polls.CloseAsync(rejected);

        var third = (await StoredStatement.OfClusterAsync(_app, 3)).Id;
        var open = await _app.SendAsAsync(PollWorld.Chair, m => m.Send(new OpenAdoptionPoll(third)));
        await polls.RespondAsync(PollWorld.Participant(1), open, PollChoice.Support);
        await polls.RespondAsync(PollWorld.Participant(7), open, PollChoice.Objection);

        var nominations = await NominationWorld.StartAsync(_app);
        await nominations.SlateOfAsync(2);
        var slate = await nominations.OpenPollAsync();
        await nominations.RespondAsync(NominationWorld.Participant(1), slate, PollChoice.Support);
        await nominations.ClosePollAsync(slate);

        var plenary = (await _app.SendAsAsync(PollWorld.Participant(3), m => m.Send(new GetClosingPlenary(polls.ConsultationId))))!;
        return new World(polls.ConsultationId, await polls.PollAsync(adopted), await polls.PollAsync(rejected), await polls.PollAsync(open),
            [.. plenary.Statements.Select(s => s.Title)], await polls.PollAsync(slate));
    }

    /// <summary>Everything that must never appear: every pseudonym, and the name of every registrant who is not on the approved slate.</summary>
    private Task<List<string>> UnpublishableAsync(int consultationId) => _app.QueryAsync(async db =>
    {
        var pseudonyms = (await db.Participations.AsNoTracking().Where(p => p.ConsultationId == consultationId).ToListAsync()).Select(p => p.Pseudonym);
        var names = await db.Registrations.AsNoTracking().Where(r => r.ConsultationId == consultationId && r.Name != Anjali && r.Name != Tomasi).Select(r => r.Name).ToListAsync();
        return pseudonyms.Concat(names).ToList();
    });

    private static string StyleOf(Paragraph p) => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? "Normal";

    private static List<string> RowsOf(Table table) => [.. table.Elements<TableRow>().Select(r => string.Join("|", r.Elements<TableCell>().Select(c => c.InnerText)))];

    /// <summary>Each expected piece is found in a later (or the same) line than the one before.</summary>
    private static void AssertInOrder(IReadOnlyList<string> lines, IEnumerable<string> expected)
    {
        var at = 0;
        foreach (var piece in expected)
        {
            var found = lines.Skip(at).Select((line, i) => (line, i)).FirstOrDefault(x => x.line.Contains(piece, StringComparison.Ordinal));
            Assert.True(found.line is not null, $"\"{piece}\" should follow in the document (from line {at})");
            at += found.i;
        }
    }

    [Fact]
    public async Task The_Word_record_is_valid_and_holds_each_statement_s_outcome_in_order_with_its_counts_in_a_table_and_the_approved_slate()
    {
        var world = await StartAsync();

        var file = (await _app.SendAsAsync(PollWorld.Participant(9), m => m.Send(new ExportOutcomeRecord(world.ConsultationId, ExportFormat.Docx))))!;

        Assert.Matches(FileName(), file.FileName);
        Assert.Equal(StatementDocx.ContentType, file.ContentType);
        using var document = WordprocessingDocument.Open(new MemoryStream(file.Content), false);
        Assert.Empty(new OpenXmlValidator().Validate(document));
        var body = document.MainDocumentPart!.Document.Body!;
        var paragraphs = body.Elements<Paragraph>().ToList();
        Assert.Equal(("Title", "Outcome record"), (StyleOf(paragraphs[0]), paragraphs[0].InnerText));
        Assert.StartsWith("Generated on ", paragraphs.Single(p => StyleOf(p) == "Stamp").InnerText, StringComparison.Ordinal);

        // One Heading 1 per statement, in the plenary's order, then the slate.
        Assert.Equal([.. world.TitlesInOrder, "The speakers' slate"], paragraphs.Where(p => StyleOf(p) == "Heading1").Select(p => p.InnerText));
        Assert.Equal(5, world.TitlesInOrder.Count);

        var lines = body.ChildElements.Select(e => e is Table t ? "TABLE " + string.Join(" / ", RowsOf(t)) : e.InnerText).ToList();
        var rule = world.Adopted.Rule.Describe();
        AssertInOrder(lines,
        [
            world.Adopted.Title, "Result: Adopted by consensus", "Date of the decision: ", $"Rule: {rule}",
            $"Revision decided on: {world.Adopted.Revision}", $"Fingerprint (SHA-256): {world.Adopted.Fingerprint}",
            $"TABLE Support|Can live with|Objections|Eligible / 3|1|0|{world.Adopted.Eligible}",
            world.Rejected.Title, "Result: Not adopted", $"Rule: {rule}", $"Fingerprint (SHA-256): {world.Rejected.Fingerprint}",
            $"TABLE Support|Can live with|Objections|Eligible / 1|0|1|{world.Rejected.Eligible}",
            world.Open.Title, "Result: Up for adoption: the poll is open", $"Fingerprint (SHA-256): {world.Open.Fingerprint}",
            "Result: Not yet put to the plenary",
            "The speakers' slate", "Where it stands: Approved.", "Places filled: 2 of 10", $"Fingerprint (SHA-256): {world.Slate.Fingerprint}",
            "Roundtable: 4 places, 2 minutes each:",
            $"TABLE Place|Name|Organisation|Stakeholder category, country, region, gender / 1|{Anjali}|Coastal Fishworkers Solidarity Network|civil society · India · South and South-West Asia · Woman / 2|{Tomasi}|",
        ]);
        Assert.True(world.Adopted.Eligible > 4, "the eligible count is the poll's, not the responses");

        // Counts only for closed polls: exactly two tallies and the speakers' table; the open poll's section has no numbers table.
        var tables = body.Elements<Table>().ToList();
        Assert.Equal(3, tables.Count);
        Assert.All(tables, t => Assert.NotNull(t.Elements<TableRow>().First().TableRowProperties?.GetFirstChild<TableHeader>()));
        var openSection = lines.SkipWhile(l => l != world.Open.Title).Skip(1).TakeWhile(l => !world.TitlesInOrder.Contains(l)).ToList();
        Assert.DoesNotContain(openSection, l => l.StartsWith("TABLE", StringComparison.Ordinal) || l.StartsWith("Final counts", StringComparison.Ordinal));

        Assert.Equal(2, RowsOf(tables[2]).Count - 1);

        var text = body.InnerText;
        Assert.All(await UnpublishableAsync(world.ConsultationId), secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_PDF_record_is_A4_with_embedded_fonts_page_numbers_and_the_outcomes_in_order()
    {
        var world = await StartAsync();

        var file = (await _app.SendAsAsync(PollWorld.Participant(3), m => m.Send(new ExportOutcomeRecord(world.ConsultationId, ExportFormat.Pdf))))!;

        Assert.Matches(FileName(), file.FileName);
        Assert.Equal("application/pdf", file.ContentType);
        var text = string.Join(" ", PrintedPdf.Read(file.Content));
        var at = 0;
        foreach (var piece in new[]
        {
            "Outcome record", "Generated on",
            world.Adopted.Title, "Adopted by consensus", world.Adopted.Fingerprint, "Support Can live with Objections Eligible", $"3 1 0 {world.Adopted.Eligible}",
            world.Rejected.Title, "Not adopted", world.Rejected.Fingerprint,
            world.Open.Title, "Up for adoption: the poll is open",
            "Not yet put to the plenary",
            "The speakers' slate", "Approved.", world.Slate.Fingerprint, "Roundtable: 4 places, 2 minutes each", Anjali, Tomasi,
        })
        {
            var found = text.IndexOf(piece, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"\"{piece}\" should follow in the PDF's text");
            at = found;
        }

        Assert.All(await UnpublishableAsync(world.ConsultationId), secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
    }

    private static readonly OutcomeRecord Sample = new(
        "Fifth consultation",
        "7 December 2026",
        [
            new OutcomeRecordStatement(
                "Common statement of cluster 1", "Cluster 1: Migration governance", "Adopted by consensus", "4 March 2026",
                "Adopted by consensus when nobody objects and at least one eligible participant responds.",
                "Adopted by consensus: nobody objected; 4 of 12 eligible responded (quorum 1).",
                new OutcomeTally(3, 1, 0, 12), 57, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
            new OutcomeRecordStatement("Opening statement", "Opening statement", "Not yet put to the plenary", null, null, null, null, null, null),
        ],
        new OutcomeRecordSlate("Approved.", true, "5 March 2026", "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752", true, 1, 4,
            [new OutcomeRecordSpeaker("Roundtable: 4 places, 2 minutes each", 1, "Anjali Ramaswamy", "Coastal Fishworkers Solidarity Network", "civil society · India")]));

    [Fact]
    public void The_HTML_record_is_a_whole_printable_document_with_fields_and_real_tables()
    {
        var html = OutcomeRecordText.Html(Sample);

        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("<title>Outcome record: Fifth consultation</title>", html, StringComparison.Ordinal);
        Assert.Contains("@page { size: A4;", html, StringComparison.Ordinal);
        Assert.Equal(
            """
            <body>
            <header>
            <h1>Outcome record</h1>
            <p class="context">Fifth consultation</p>
            <p class="stamp">Generated on 7 December 2026</p>
            </header>
            <main>
            <section class="outcome">
            <h2>Common statement of cluster 1</h2>
            <p class="context">Cluster 1: Migration governance</p>
            <dl>
            <dt>Result</dt> <dd>Adopted by consensus</dd>
            <dt>Date of the decision</dt> <dd>4 March 2026</dd>
            <dt>Rule</dt> <dd>Adopted by consensus when nobody objects and at least one eligible participant responds.</dd>
            <dt>Decision</dt> <dd>Adopted by consensus: nobody objected; 4 of 12 eligible responded (quorum 1).</dd>
            <dt>Revision decided on</dt> <dd>57</dd>
            <dt>Fingerprint (SHA-256)</dt> <dd class="fingerprint">9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08</dd>
            </dl>
            <table class="tally">
            <caption>Final counts</caption>
            <thead>
            <tr><th scope="col">Support</th><th scope="col">Can live with</th><th scope="col">Objections</th><th scope="col">Eligible</th></tr>
            </thead>
            <tbody>
            <tr><td>3</td><td>1</td><td>0</td><td>12</td></tr>
            </tbody>
            </table>
            </section>
            <section class="outcome">
            <h2>Opening statement</h2>
            <p class="context">Opening statement</p>
            <dl>
            <dt>Result</dt> <dd>Not yet put to the plenary</dd>
            </dl>
            </section>
            <section class="outcome">
            <h2>The speakers&#39; slate</h2>
            <dl>
            <dt>Where it stands</dt> <dd>Approved.</dd>
            <dt>Places filled</dt> <dd>1 of 4</dd>
            <dt>Approved on</dt> <dd>5 March 2026</dd>
            <dt>Fingerprint (SHA-256)</dt> <dd class="fingerprint">60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752</dd>
            </dl>
            <table class="speakers">
            <caption>Roundtable: 4 places, 2 minutes each</caption>
            <thead>
            <tr><th scope="col">Place</th><th scope="col">Name</th><th scope="col">Organisation</th><th scope="col">Stakeholder category, country, region, gender</th></tr>
            </thead>
            <tbody>
            <tr><td>1</td><td>Anjali Ramaswamy</td><td>Coastal Fishworkers Solidarity Network</td><td>civil society &#183; India</td></tr>
            </tbody>
            </table>
            </section>
            </main>
            </body>
            </html>

            """.ReplaceLineEndings("\n"),
            html[html.IndexOf("<body>", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void Markup_in_any_title_or_name_stays_text_in_HTML_and_in_Word()
    {
        const string Markup = "<script>alert(1)</script><w:fldSimple w:instr=\"DATE\"/>";
        var hostile = Sample with
        {
            Consultation = Markup,
            Statements = [Sample.Statements[0] with { Title = Markup, Cluster = $"Cluster 1: {Markup}" }],
            Slate = Sample.Slate with { Speakers = [Sample.Slate.Speakers[0] with { Name = Markup, Organisation = "A & B <b>" }] },
        };

        var html = OutcomeRecordText.Html(hostile);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<w:fldSimple", html, StringComparison.Ordinal);
        Assert.Contains("<h2>&lt;script&gt;alert(1)&lt;/script&gt;&lt;w:fldSimple w:instr=&quot;DATE&quot;/&gt;</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<td>A &amp; B &lt;b&gt;</td>", html, StringComparison.Ordinal);

        using var document = WordprocessingDocument.Open(new MemoryStream(OutcomeRecordDocx.Write(hostile)), false);
        Assert.Empty(new OpenXmlValidator().Validate(document));
        var body = document.MainDocumentPart!.Document.Body!;
        Assert.Equal(Markup, body.Elements<Paragraph>().Single(p => StyleOf(p) == "Heading1" && p.InnerText != OutcomeRecordText.SlateHeading).InnerText);
        Assert.Contains(Markup, RowsOf(body.Elements<Table>().Last())[1], StringComparison.Ordinal);
        Assert.Empty(body.Descendants<SimpleField>());
        Assert.Empty(body.Descendants<FieldCode>());
        Assert.Empty(body.Descendants<Hyperlink>());
    }

    [Fact]
    public void A_file_name_says_what_it_is_in_plain_ASCII()
    {
        Assert.Equal("fifth-consultation-on-the-global-compact-bangkok", DocumentFiles.SlugOf("Fifth consultation on the Global Compact — Bangkok", 1));
        Assert.Equal("reunion-a-sao-paulo-2026", DocumentFiles.SlugOf("Réunion à São Paulo (2026)", 1));
        Assert.Equal("consultation-7", DocumentFiles.SlugOf("<<>> 協議", 7));
        var longest = DocumentFiles.SlugOf(string.Join(' ', Enumerable.Repeat("consultation", 10)), 1);
        Assert.True(longest.Length <= 50 && !longest.EndsWith('-'), longest);
    }

    [Fact]
    public async Task Members_download_it_from_the_closing_plenary_page_others_are_refused_and_Markdown_is_not_offered()
    {
        var world = await StartAsync();
        using var participant = await _app.ClientAsAsync(PollWorld.Participant(4));
        var page = await participant.GetStringAsync(new Uri($"/consultations/{world.ConsultationId}/plenary", UriKind.Relative));
        foreach (var format in new[] { "docx", "pdf", "html" })
        {
            Assert.Contains($"href=\"consultations/{world.ConsultationId}/outcome-record.{format}\" download", page, StringComparison.Ordinal);
        }

        using var response = await participant.GetAsync(new Uri($"/consultations/{world.ConsultationId}/outcome-record.docx", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(StatementDocx.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Matches(FileName(), response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);

        using var html = await participant.GetAsync(new Uri($"/consultations/{world.ConsultationId}/outcome-record.html", UriKind.Relative));
        Assert.Equal((HttpStatusCode.OK, "text/html"), (html.StatusCode, html.Content.Headers.ContentType?.MediaType));
        var text = await html.Content.ReadAsStringAsync();
        Assert.Contains(world.Adopted.Fingerprint, text, StringComparison.Ordinal);
        Assert.All(await UnpublishableAsync(world.ConsultationId), secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));

        using var anonymous = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var refused = await anonymous.GetAsync(new Uri($"/consultations/{world.ConsultationId}/outcome-record.docx", UriKind.Relative));
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.NotEqual(StatementDocx.ContentType, refused.Content.Headers.ContentType?.MediaType);
        using var markdown = await participant.GetAsync(new Uri($"/consultations/{world.ConsultationId}/outcome-record.md", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, markdown.StatusCode);

        Assert.Null(await _app.SendAsAsync(People.Organiser, m => m.Send(new ExportOutcomeRecord(99_999))));
        await Assert.ThrowsAsync<ValidationFailedException>(() => _app.SendAsAsync(People.Organiser, m => m.Send(new ExportOutcomeRecord(world.ConsultationId, ExportFormat.Markdown))));
    }

    [Fact]
    public async Task Before_any_vote_every_statement_is_not_yet_put_to_the_plenary_and_the_slate_is_open()
    {
        var consultationId = await _app.ConsultationIdAsync();

        var file = (await _app.SendAsAsync(NominationWorld.Observer, m => m.Send(new ExportOutcomeRecord(consultationId, ExportFormat.Docx))))!;

        using var document = WordprocessingDocument.Open(new MemoryStream(file.Content), false);
        Assert.Empty(new OpenXmlValidator().Validate(document));
        var body = document.MainDocumentPart!.Document.Body!;
        var lines = body.Elements<Paragraph>().Select(p => p.InnerText).ToList();
        Assert.Equal(5, lines.Count(l => l == "Result: Not yet put to the plenary"));
        Assert.Contains("Where it stands: Not yet approved: nominations are open.", lines);
        Assert.Empty(body.Elements<Table>());
        Assert.DoesNotContain(lines, l => l.StartsWith("Fingerprint", StringComparison.Ordinal));

        // The demo's accepted nominees consented to be named, but no slate is approved: the record names nobody.
        var names = await _app.QueryAsync(db => db.Registrations.Where(r => r.ConsultationId == consultationId).Select(r => r.Name).ToListAsync());
        Assert.All(names, name => Assert.DoesNotContain(name, body.InnerText, StringComparison.Ordinal));
    }
}

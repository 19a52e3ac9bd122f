using System.Net;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Web.Features.Amendments;
using StatementDrafting.Web.Features.Nominations;
using StatementDrafting.Web.Features.Polls;
using StatementDrafting.Domain.Polls;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Infrastructure.Identity;
using StatementDrafting.Web.Infrastructure.Persistence;
using Xunit.Abstractions;

namespace StatementDrafting.Web.Tests.ChathamHouse;

/// <summary>
/// Under the Chatham House Rule nothing a participant or observer can reach may reveal who someone is. People with
/// distinctive names, e-mail addresses and organisations join and act; then, as another participant and as an observer,
/// the test opens every page in the route table and every link those pages lead to (exports included), and looks for
/// any trace of them. As features land (amendments, support, votes, nominations, the hub), their actions join the
/// "act" step and their messages join the crawl.
/// </summary>
public sealed partial class PseudonymityTests(ITestOutputHelper output) : IDisposable
{
    [GeneratedRegex("CfDJ8[A-Za-z0-9_\\-+/=]*")]
    private static partial Regex EncryptedPayload();

    private static readonly (string Name, string Email, string Organisation)[] Distinctive =
    [
        ("Quorvath Zellimane", "quorvath.zellimane@sentinel-one.example", "Vexmoor Tidewatch Collective"),
        ("Ysolde Brackenfirth", "ybrackenfirth@sentinel-two.example", "Ombrelune Harbour Alliance (OHAX)"),
        ("Tarquil Omneswade", "tarquil@sentinel-three.example", "Glimmerholt Workers Assembly"),
    ];

    private readonly AppFactory _app = new(demo: true);

    public void Dispose() => _app.Dispose();

    /// <summary>
    /// The words of the one distinctive person who consented to be named as a speaker nominee (Ysolde): they may appear,
    /// but never on a page that also shows her pseudonym.
    /// </summary>
    private static readonly string[] Consented = ["Ysolde", "Brackenfirth", "Ombrelune", "OHAX"];

    /// <summary>The made-up words in the people's names, addresses and organisations (no ordinary word could match them), and the addresses.</summary>
    private static IEnumerable<string> Secrets() =>
        new[] { "Quorvath", "Zellimane", "Vexmoor", "Tidewatch", "Ysolde", "Brackenfirth", "Ombrelune", "OHAX", "Tarquil", "Omneswade", "Glimmerholt" }
            .Concat(Distinctive.Select(d => d.Email));

    private async Task<int> SeedDistinctivePeopleWhoActAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
        var directory = scope.ServiceProvider.GetRequiredService<AccountDirectory>();
        var consultation = await db.Consultations.Include(c => c.Clusters).SingleAsync();
        var now = DateTimeOffset.UtcNow;
        var index = 0;
        foreach (var (name, email, organisation) in Distinctive)
        {
            var registration = Registration.Submit(
                consultation,
                new RegistrationDetails(name, email, organisation, consultation.StakeholderCategories[index], "Fiji", consultation.Regions[index], Gender.PreferNotToSay, 1),
                [.. db.Registrations],
                RegistrationSource.Import,
                now);
            if (index < 2)
            {
                registration.Approve(now);
            }

            db.Registrations.Add(registration);
            await db.SaveChangesAsync();
            if (index < 2)
            {
                var user = await directory.FindOrCreateUserAsync(db, email, name, default);
                var participation = await directory.FindOrCreateParticipationAsync(db, consultation.Id, user, default);
                participation.MakeParticipant(registration.Id);
                participation.MarkPresent(1, PresenceSource.Opened);
                if (index == 1)
                {
                    // A co-host seat too: co-hosts appear as "Co-host (organisation on the agenda)", never by name.
                    var session = await db.Consultations.SelectMany(c => c.Days).SelectMany(d => d.Items).SingleAsync(i => i.Key == "d1-2");
                    participation.SeatAsCoHost(session, "Migrant Forum in Asia");
                }

                await db.SaveChangesAsync();
            }

            index++;
        }

        await ProposeAndSupportAsync();
        // A session chosen from the agenda: private to the one who chose it (day 2's session, always still to come).
        await _app.SendAsAsync(Distinctive[0].Email, m => m.Send(new StatementDrafting.Web.Features.Sessions.ChooseSession(consultation.Id, "d2-2")));
        await RespondToPollsAsync(consultation.Id);
        await NominateAsync(consultation.Id);
        return consultation.Id;
    }

    /// <summary>The distinctive people act on amendments: one proposes (with a rationale), the other supports it and proposes too.</summary>
    private async Task ProposeAndSupportAsync()
    {
        var statementId = await _app.QueryAsync(db => db.Statements.Where(s => s.ClusterNumber == 1).Select(s => s.Id).SingleAsync());
        var paragraph = await _app.QueryAsync(db => db.Statements.Where(s => s.Id == statementId).SelectMany(s => s.Blocks)
            .Where(b => b.Kind == StatementDrafting.Domain.Statements.BlockKind.NumberedParagraph).OrderBy(b => b.Position).Select(b => b.Id).FirstAsync());
        var first = await _app.SendAsAsync(Distinctive[0].Email, m => m.Send(new ProposeAmendment(
            statementId, AmendmentKind.InsertAfter, paragraph.Value, "A paragraph on regular pathways, proposed in the crawl.", "Because the crawl needs one.")));
        await _app.SendAsAsync(Distinctive[1].Email, m => m.Send(new SupportAmendment(statementId, first.Number, true)));
        var second = await _app.SendAsAsync(Distinctive[1].Email, m => m.Send(new ProposeAmendment(
            statementId, AmendmentKind.Delete, paragraph.Value, null, "It repeats another paragraph.")));
        await _app.SendAsAsync(Distinctive[0].Email, m => m.Send(new SupportAmendment(statementId, second.Number, true)));
    }

    /// <summary>
    /// The distinctive people respond to two adoption polls: cluster 2's statement is not adopted (one objects, with a
    /// reason), cluster 3's is (both support), so the crawl meets an outcome, its reasons and its public record.
    /// </summary>
    private async Task RespondToPollsAsync(int consultationId)
    {
        await _app.QueryAsync(async db =>
        {
            var consultation = await db.Consultations.SingleAsync(c => c.Id == consultationId);
            consultation.ChangeRules(consultation.Rules with { QuorumPercent = null });
            return await db.SaveChangesAsync();
        });
        foreach (var (cluster, choices) in new[] { (2, new[] { PollChoice.Objection, PollChoice.Support }), (3, new[] { PollChoice.Support, PollChoice.CanLiveWith }) })
        {
            var statementId = await _app.QueryAsync(db => db.Statements.Where(s => s.ClusterNumber == cluster).Select(s => s.Id).SingleAsync());
            var pollId = await _app.SendAsAsync(People.Organiser, m => m.Send(new OpenAdoptionPoll(statementId)));
            for (var i = 0; i < choices.Length; i++)
            {
                var choice = choices[i];
                await _app.SendAsAsync(Distinctive[i].Email, async m => await m.Send(new RespondToPoll(consultationId, pollId, choice,
                    choice == PollChoice.Objection ? "The crawl objects to the second paragraph." : null)));
            }

            await _app.SendAsAsync(People.Organiser, m => m.Send(new ClosePoll(consultationId, pollId)));
        }
    }

    /// <summary>
    /// Nominations: Ysolde nominates herself (consenting to be named) and is placed on the slate, which the plenary
    /// approves; Quorvath proposes Tarquil, who has not consented and must never be named, and proposes a demo participant
    /// who accepts: his proposals must not be traceable to him.
    /// </summary>
    private async Task NominateAsync(int consultationId)
    {
        var ysolde = await _app.SendAsAsync(Distinctive[1].Email, m => m.Send(new NominateSpeaker(consultationId, Self: true, Consent: true)));
        await _app.SendAsAsync(Distinctive[0].Email, m => m.Send(new NominateSpeaker(consultationId, Self: false, Distinctive[2].Name, Distinctive[2].Organisation)));
        var demo = await _app.SendAsAsync(Distinctive[0].Email, m => m.Send(new NominateSpeaker(consultationId, Self: false, "Dilnoza Karimova", "Steppe Road Remittance Observatory")));
        var dilnoza = await _app.ParticipationOfAsync("participant4@example.org");
        await _app.SendAsAsync(People.Organiser, async m => await m.Send(new MatchNomination(consultationId, demo, dilnoza.Id)));
        await _app.SendAsAsync("participant4@example.org", async m => await m.Send(new AnswerNomination(consultationId, demo, Accept: true)));
        var roundtable = await _app.QueryAsync(db => db.Consultations.SelectMany(c => c.SpeakerSlots).Where(s => s.Kind == "roundtable").Select(s => s.Id).SingleAsync());
        await _app.SendAsAsync(People.Organiser, async m => await m.Send(new PlaceNominee(consultationId, ysolde, roundtable, 1)));
        await _app.SendAsAsync(People.Organiser, async m => await m.Send(new PlaceNominee(consultationId, demo, roundtable, 2)));
        var pollId = await _app.SendAsAsync(People.Organiser, m => m.Send(new OpenSlatePoll(consultationId)));
        await _app.SendAsAsync(Distinctive[0].Email, async m => await m.Send(new RespondToPoll(consultationId, pollId, PollChoice.Support)));
        await _app.SendAsAsync(People.Organiser, m => m.Send(new ClosePoll(consultationId, pollId)));
    }

    private static IEnumerable<string> RouteTemplates() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => r.Template)
            .Distinct();

    private async Task<IReadOnlyList<string>> StartingPathsAsync(int consultationId)
    {
        var statements = await _app.QueryAsync(db => db.Statements.Select(s => s.Id).ToListAsync());
        var paths = new List<string>();
        foreach (var template in RouteTemplates())
        {
            var ids = template.StartsWith("/statements", StringComparison.Ordinal) ? statements : [consultationId];
            foreach (var id in ids)
            {
                foreach (var cluster in new[] { 1, 2, 3, 4 })
                {
                    paths.Add(Regex.Replace(template, @"\{(\w+)(:[^}]*)?\}", m => m.Groups[1].Value switch
                    {
                        "Id" or "ConsultationId" or "StatementId" => id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        "Number" or "ClusterNumber" => cluster.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        _ => "not-a-real-token",
                    }));
                }
            }
        }

        return [.. paths.Distinct()];
    }

    [Theory]
    [InlineData("participant3@example.org")]
    [InlineData("observer@example.org")]
    public async Task No_page_or_export_that_participants_or_observers_reach_reveals_who_anyone_is(string viewer)
    {
        var consultationId = await SeedDistinctivePeopleWhoActAsync();
        var client = await _app.ClientAsAsync(viewer);
        var secrets = Secrets().Except(Consented).ToList();
        var nomineePseudonym = new Regex($@"\b{Regex.Escape((await _app.ParticipationOfAsync(Distinctive[1].Email)).Pseudonym)}\b");
        var sawNominee = false;
        var queue = new Queue<string>(await StartingPathsAsync(consultationId));
        var seen = new HashSet<string>(queue);
        var leaks = new List<string>();
        var statuses = new Dictionary<HttpStatusCode, int>();
        var sawAmendments = false;
        var exports = new HashSet<string>(StringComparer.Ordinal);
        var sawOutcomes = (Adopted: false, NotAdopted: false, Record: false);
        while (queue.Count > 0 && seen.Count < 500)
        {
            var path = queue.Dequeue();
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            var body = response.Content.Headers.ContentType?.MediaType switch
            {
                StatementDrafting.Web.Features.Documents.StatementDocx.ContentType => PartsOf(await response.Content.ReadAsByteArrayAsync()),
                "application/pdf" => TextOf(await response.Content.ReadAsByteArrayAsync()),
                _ => await response.Content.ReadAsStringAsync(),
            };
            if (response.IsSuccessStatusCode && Regex.Match(path, @"/(?<what>[a-z-]+)\.(?<format>docx|pdf|html|md)(\?|$)") is { Success: true } export)
            {
                exports.Add($"{export.Groups["what"].Value}.{export.Groups["format"].Value}");
            }


            // Encrypted payloads (Blazor's component descriptors, antiforgery tokens) are random base64: a short secret
            // such as "OHAX" turns up in them by chance now and then; they reveal nothing, so they are not searched.
            var readable = EncryptedPayload().Replace(body, string.Empty);
            leaks.AddRange(secrets.Where(s => readable.Contains(s, StringComparison.OrdinalIgnoreCase)).Select(s => $"{path} shows \"{s}\" in \"{Around(readable, s)}\""));
            if (readable.Contains(Distinctive[1].Name, StringComparison.Ordinal))
            {
                sawNominee |= readable.Contains("Approved on", StringComparison.Ordinal);
                if (nomineePseudonym.IsMatch(readable))
                {
                    leaks.Add($"{path} shows the nominee {Distinctive[1].Name} and her pseudonym ({nomineePseudonym}) on one page");
                }
            }
            sawAmendments |= body.Contains("proposed in the crawl", StringComparison.Ordinal) && body.Contains("supporter", StringComparison.Ordinal);
            sawOutcomes = (
                sawOutcomes.Adopted || body.Contains("by consensus</strong>", StringComparison.Ordinal),
                sawOutcomes.NotAdopted || body.Contains("Not adopted on", StringComparison.Ordinal),
                sawOutcomes.Record || path.EndsWith("/outcome.json", StringComparison.Ordinal) && response.IsSuccessStatusCode);
            if (response.Headers.Location is { } location && location.IsAbsoluteUri == false && seen.Add(location.OriginalString))
            {
                queue.Enqueue(location.OriginalString);
            }

            foreach (Match link in Regex.Matches(body, "href=\"([^\"#]*)"))
            {
                var href = WebUtility.HtmlDecode(link.Groups[1].Value);
                if (href.Length == 0 || href.StartsWith("http", StringComparison.Ordinal) || href.StartsWith("mailto:", StringComparison.Ordinal)
                    || href.StartsWith('_') || href.EndsWith(".css", StringComparison.Ordinal) || href.EndsWith(".png", StringComparison.Ordinal))
                {
                    continue;
                }

                var local = href.StartsWith('/') ? href : "/" + href;
                if (seen.Add(local))
                {
                    queue.Enqueue(local);
                }
            }
        }

        output.WriteLine($"{viewer}: {seen.Count} pages and exports opened; statuses: {string.Join(", ", statuses.Select(s => $"{(int)s.Key}×{s.Value}"))}");
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.OK) >= 8, "the crawl should reach the consultation's pages");
        Assert.True(sawAmendments, "the crawl should reach the amendments the distinctive people proposed and supported");
        Assert.True(sawOutcomes == (true, true, true), $"the crawl should reach both polls' outcomes and the public record: {sawOutcomes}");
        Assert.True(sawNominee, "the crawl should reach the approved slate, where the consenting nominee is named");
        // Every kind of document a member can download, in every format, is searched like a page (Word's parts unzipped, PDF's text read).
        string[] expected =
        [
            .. new[] { "export", "changes", "amendments" }.SelectMany(what => new[] { "docx", "pdf", "html", "md" }.Select(format => $"{what}.{format}")),
            .. new[] { "outcome-record", "pre-read-pack" }.SelectMany(what => new[] { "docx", "pdf", "html" }.Select(format => $"{what}.{format}")),
        ];
        Assert.True(expected.All(exports.Contains), $"the crawl should open every export; it opened {string.Join(", ", exports.Order())}");
        Assert.Empty(leaks);
    }

    /// <summary>Every part of a Word file as text (the document, styles, relationships, properties): a name could hide in any.</summary>
    private static string TextOf(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text)))).Normalize(System.Text.NormalizationForm.FormKC);
    }

    private static string PartsOf(byte[] docx)
    {
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(docx), System.IO.Compression.ZipArchiveMode.Read);
        return string.Join("\n", zip.Entries.Select(e =>
        {
            using var reader = new StreamReader(e.Open());
            return reader.ReadToEnd();
        }));
    }

    /// <summary>The text around a secret's first appearance, to tell a leak from a chance match in random data.</summary>
    private static string Around(string body, string secret)
    {
        var at = body.IndexOf(secret, StringComparison.OrdinalIgnoreCase);
        var from = Math.Max(0, at - 60);
        return body[from..Math.Min(body.Length, at + secret.Length + 60)];
    }

    [Fact]
    public async Task The_crawl_would_notice_a_leak_because_organisers_pages_do_show_real_names()
    {
        // The same crawl as an organiser must find the names: proof that the search itself works.
        var consultationId = await SeedDistinctivePeopleWhoActAsync();
        var client = await _app.ClientAsAsync("organiser@example.org");
        var found = false;
        foreach (var path in await StartingPathsAsync(consultationId))
        {
            var body = await client.GetStringAsync(new Uri(path, UriKind.Relative)).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : string.Empty, TaskScheduler.Default);
            found |= Secrets().Any(s => body.Contains(s, StringComparison.OrdinalIgnoreCase));
        }

        Assert.True(found, "no organiser page showed a registrant's name: the crawl cannot prove anything yet");
    }
}

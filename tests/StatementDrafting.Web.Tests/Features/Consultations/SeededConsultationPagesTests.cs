using System.Net;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Web.Tests.Features.Consultations;

public sealed class SeededConsultationPagesTests : IClassFixture<SeededConsultationPagesTests.DemoApp>
{
    private readonly DemoApp _app;

    public SeededConsultationPagesTests(DemoApp app) => _app = app;

    public sealed class DemoApp : IDisposable
    {
        public AppFactory Factory { get; } = new(demo: true);

        public void Dispose() => Factory.Dispose();
    }

    [Fact]
    public async Task Home_page_shows_the_four_clusters_every_parallel_session_and_co_host_and_the_five_statements()
    {
        var (status, page) = await Html.GetAsync(_app.Factory.CreateClient(), "/");

        Assert.Equal(HttpStatusCode.OK, status);
        var text = page.Body!.Text();
        Assert.All(DemoFacts.Clusters, c => Assert.Contains(c.Title, text, StringComparison.Ordinal));
        Assert.All(DemoFacts.ParallelSessions, s => Assert.NotNull(page.QuerySelector($"li[data-agenda-key='{s.GetProperty("id").GetString()}']")));
        Assert.All(DemoFacts.ParallelSessions, s => Assert.Contains(s.GetProperty("title").GetString()!, page.QuerySelector($"li[data-agenda-key='{s.GetProperty("id").GetString()}']")!.Text(), StringComparison.Ordinal));
        Assert.All(DemoFacts.CoHosts, coHost => Assert.Contains(coHost, text, StringComparison.Ordinal));

        var statementLinks = page.QuerySelectorAll("#statements-heading ~ ul a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(5, statementLinks.Count);
        Assert.Contains("Chatham House Rule", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_agenda_item_of_both_days_is_shown_with_its_local_times()
    {
        var (_, page) = await Html.GetAsync(_app.Factory.CreateClient(), "/");

        foreach (var item in DemoFacts.Items)
        {
            var row = page.QuerySelector($"li[data-agenda-key='{item.GetProperty("id").GetString()}']");
            Assert.NotNull(row);
            Assert.Equal($"{item.GetProperty("start").GetString()}–{item.GetProperty("end").GetString()}", row.QuerySelector("[data-testid=consultation-time]")!.Text());
        }

        Assert.Equal(2, page.QuerySelectorAll("section.agenda-day").Length);
    }

    [Fact]
    public async Task Each_cluster_page_lists_its_objectives_sessions_co_hosts_and_links_its_statement()
    {
        var client = _app.Factory.CreateClient();
        var consultationId = await _app.Factory.QueryAsync(db => db.Consultations.Select(c => c.Id).SingleAsync());
        foreach (var (number, title, objectives) in DemoFacts.Clusters)
        {
            var (status, page) = await Html.GetAsync(client, $"/consultations/{consultationId}/clusters/{number}");

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(title, page.QuerySelector("h1")!.Text());
            Assert.Equal(objectives.Select(o => o.ToString(System.Globalization.CultureInfo.InvariantCulture)), page.QuerySelectorAll(".objectives li").Select(li => li.GetAttribute("value")));
            var sessions = DemoFacts.ParallelSessions.Where(s => s.GetProperty("cluster").GetInt32() == number).ToList();
            Assert.Equal(sessions.Count, page.QuerySelectorAll("#sessions-heading ~ ul > li").Length);
            Assert.All(
                sessions.SelectMany(s => s.GetProperty("coHosts").EnumerateArray()).Select(c => c.GetString()!),
                coHost => Assert.Contains(coHost, page.QuerySelectorAll(".cohosts li").Select(li => li.Text())));
            var statementLink = page.QuerySelector("#statement-heading ~ .card a")!.GetAttribute("href")!;
            var (statementStatus, _) = await Html.GetAsync(await _app.Factory.ClientAsAsync("observer@example.org"), "/" + statementLink);
            Assert.Equal(HttpStatusCode.OK, statementStatus);
        }
    }

    [Fact]
    public async Task Each_statement_page_shows_its_headings_numbered_paragraphs_anchors_and_contents()
    {
        var client = await _app.Factory.ClientAsAsync("participant1@example.org");
        var statements = await _app.Factory.QueryAsync(db => db.Statements.Include(s => s.Blocks).ToListAsync());
        Assert.Equal(5, statements.Count);
        foreach (var statement in statements)
        {
            statement.RestoreOrder();
            var (status, page) = await Html.GetAsync(client, $"/statements/{statement.Id}");

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(statement.Title, page.QuerySelector("h1")!.Text());
            var numbered = statement.Blocks.Where(b => b.Kind == BlockKind.NumberedParagraph).ToList();
            Assert.InRange(numbered.Count, 8, 20);
            Assert.True(statement.Blocks.Count(b => b.Kind == BlockKind.Heading) >= 3);
            Assert.Equal(
                numbered.Select((b, i) => ($"b-{b.Id}", $"¶{i + 1}")),
                page.QuerySelectorAll(".block--numbered").Select(e => (e.Id!, e.QuerySelector(".block__number")!.Text())));
            Assert.Equal(
                statement.Blocks.Where(b => b.Kind == BlockKind.Heading).Select(b => $"statements/{statement.Id}#b-{b.Id}"),
                page.QuerySelectorAll("nav.contents a").Select(a => a.GetAttribute("href")));
        }
    }

    [Theory]
    [InlineData("/statements/9999")]
    [InlineData("/statements/0")]
    [InlineData("/consultations/9999")]
    [InlineData("/consultations/1/clusters/99")]
    [InlineData("/consultations/9999/clusters/1")]
    [InlineData("/no/such/page")]
    public async Task Unknown_ids_and_paths_get_a_friendly_not_found_page_with_status_404(string path)
    {
        var (status, page) = await Html.GetAsync(await _app.Factory.ClientAsAsync("organiser@example.org"), path);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("We could not find that page", page.QuerySelector("h1")?.Text());
        Assert.NotNull(page.QuerySelector("main a[href]"));
    }
}

using System.Net;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Sources;

namespace StatementDrafting.Web.Tests.Features.Sources;

/// <summary>The source-material pages over HTTP: what a co-host sees, and that participants are refused.</summary>
public sealed class SourcesPageTests : IAsyncLifetime
{
    private readonly AppFactory _app = new(demo: true);
    private int _consultationId;

    public async Task InitializeAsync()
    {
        _app.CreateClient().Dispose();
        _consultationId = await _app.ConsultationIdAsync();
        await _app.QueryAsync(async db =>
        {
            var document = SourceParser.ParseText(File.ReadAllText(ReportFixtures.PathOf(ReportFixtures.Markdown)));
            db.SourceReports.Add(SourceReport.From(_consultationId, 1, "Report of consultation 4", "report.md", document, null, DateTimeOffset.UtcNow));
            return await db.SaveChangesAsync();
        });
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_co_host_searches_the_material_and_sees_each_paragraph_with_its_citation()
    {
        using var client = await _app.ClientAsAsync("cohost1@example.org");

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"consultations/{_consultationId}/clusters/1/sources?objective=6&subsection=Recommendations&words=domestic"));

        Assert.Contains("1 paragraph found.", html, StringComparison.Ordinal);
        Assert.Contains("Report of consultation 4, recommendations on objective 6, ¶42", html, StringComparison.Ordinal);
        Assert.Contains("Propose as an amendment", html, StringComparison.Ordinal);
        Assert.Contains("Report of consultation 4 (report.md): 45 paragraphs, 44 numbered", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Participants_are_refused_the_material_and_the_annex()
    {
        using var client = await _app.ClientAsAsync("participant1@example.org");
        var statementId = await _app.QueryAsync(db => db.Statements.Where(s => s.ClusterNumber == 1).Select(s => s.Id).FirstAsync());

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"consultations/{_consultationId}/clusters/1/sources")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"statements/{statementId}/sources")).StatusCode);
    }
}

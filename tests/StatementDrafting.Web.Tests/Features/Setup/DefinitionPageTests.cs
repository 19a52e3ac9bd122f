using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace StatementDrafting.Web.Tests.Features.Setup;

/// <summary>The organisers' definition page: the download, and an upload applied whole or refused with its lines.</summary>
public sealed class DefinitionPageTests : IDisposable
{
    private readonly AppFactory _app = new(demo: true);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Organisers_download_the_definition_and_upload_a_change_which_is_applied()
    {
        var id = await _app.ConsultationIdAsync();
        using var organiser = await _app.ClientAsAsync(People.Organiser);
        var download = await organiser.GetAsync(new Uri($"/consultations/{id}/manage/definition.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal($"consultation-{id}-definition.json", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
        var definition = JsonNode.Parse(await download.Content.ReadAsStringAsync())!;
        definition["clusters"]![0]!["title"] = "Voluntary, orderly and regular migration";

        var (status, page, _) = await Forms.SubmitAsync(organiser, $"/consultations/{id}/manage/definition", "form[enctype]", [],
            ("file", "definition.json", Encoding.UTF8.GetBytes(definition.ToJsonString())));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("The definition was applied.", page.QuerySelector("[role=status]")?.TextContent);
        Assert.Equal("Voluntary, orderly and regular migration", await _app.QueryAsync(db => db.Consultations.Where(c => c.Id == id).SelectMany(c => c.Clusters).Where(c => c.Number == 1).Select(c => c.Title).SingleAsync()));
    }

    [Fact]
    public async Task A_broken_upload_lists_its_problems_with_lines_and_changes_nothing()
    {
        var id = await _app.ConsultationIdAsync();
        using var organiser = await _app.ClientAsAsync(People.Organiser);
        var definition = JsonNode.Parse(await organiser.GetStringAsync(new Uri($"/consultations/{id}/manage/definition.json", UriKind.Relative)))!;
        definition["title"] = "Renamed";
        definition["days"]![0]!["items"]![1]!["end"] = "08:00";

        var (_, page, _) = await Forms.SubmitAsync(organiser, $"/consultations/{id}/manage/definition", "form[enctype]", [],
            ("file", "definition.json", Encoding.UTF8.GetBytes(definition.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }))));

        var problems = page.QuerySelectorAll("#definition-problems li").Select(li => li.TextContent).ToList();
        Assert.Contains(problems, p => p.StartsWith("Line ", StringComparison.Ordinal) && p.Contains("$.days[0].items[1]", StringComparison.Ordinal) && p.Contains("ends before it starts", StringComparison.Ordinal));
        Assert.NotEqual("Renamed", await _app.QueryAsync(db => db.Consultations.Where(c => c.Id == id).Select(c => c.Title).SingleAsync()));
    }

    [Theory]
    [InlineData("participant1@example.org")]
    [InlineData("cohost1@example.org")]
    [InlineData("observer@example.org")]
    public async Task Nobody_but_organisers_reads_the_definition(string email)
    {
        var id = await _app.ConsultationIdAsync();
        using var client = await _app.ClientAsAsync(email);

        var download = await client.GetAsync(new Uri($"/consultations/{id}/manage/definition.json", UriKind.Relative));

        Assert.Contains(download.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.Redirect, HttpStatusCode.Found });
        Assert.DoesNotContain("\"speakerSlots\"", await download.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

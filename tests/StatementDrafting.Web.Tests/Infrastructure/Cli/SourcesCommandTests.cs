using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Web.Infrastructure.Cli;
using StatementDrafting.Web.Tests.Features.Sources;

namespace StatementDrafting.Web.Tests.Infrastructure.Cli;

/// <summary><c>sources import</c>, run in-process against the database of a running test app.</summary>
public sealed class SourcesCommandTests : IAsyncLifetime
{
    private readonly AppFactory _app = new(demo: true);
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private int _consultationId;

    public async Task InitializeAsync()
    {
        _app.CreateClient().Dispose();
        _consultationId = await _app.ConsultationIdAsync();
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private string Input(string name, byte[] content)
    {
        var path = Path.Combine(_app.Folder.Path, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private Task<int> RunAsync(params string[] args) => SourcesCommand.RunAsync(args, _output, _error);

    private Task<(int Reports, int Paragraphs, int Footnotes)> StoredAsync() =>
        _app.QueryAsync(async db => (await db.SourceReports.CountAsync(), await db.SourceParagraphs.CountAsync(), await db.SourceFootnotes.CountAsync()));

    [Fact]
    public async Task A_dry_run_prints_the_structure_as_json_and_stores_nothing()
    {
        var file = Input("report.docx", ReportFixtures.Docx());

        var status = await RunAsync("import", "--database", _app.DatabasePath, "--consultation", $"{_consultationId}", "--cluster", "1", file, "--dry-run", "--json");

        Assert.True(status == 0, _error.ToString());
        Assert.Equal((0, 0, 0), await StoredAsync());
        using var json = JsonDocument.Parse(_output.ToString());
        var root = json.RootElement;
        Assert.False(root.GetProperty("stored").GetBoolean());
        Assert.Equal("Report of the fourth regional stakeholder consultation", root.GetProperty("title").GetString());
        var counts = root.GetProperty("counts");
        Assert.Equal((4, 12, 45, 44, 4), (counts.GetProperty("sections").GetInt32(), counts.GetProperty("subsections").GetInt32(), counts.GetProperty("paragraphs").GetInt32(), counts.GetProperty("numberedParagraphs").GetInt32(), counts.GetProperty("footnotes").GetInt32()));
        var objective6 = root.GetProperty("sections")[3];
        Assert.Equal(6, objective6.GetProperty("objective").GetInt32());
        var recommendations = objective6.GetProperty("subsections")[3];
        Assert.Equal("recommendations", recommendations.GetProperty("kind").GetString());
        var paragraph42 = recommendations.GetProperty("paragraphs").EnumerateArray().Single(p => p.GetProperty("number").GetInt32() == 42);
        Assert.Equal("Domestic work should be covered by labour law, including rest days and minimum wages.", paragraph42.GetProperty("text").GetString());
        Assert.Equal(4, paragraph42.GetProperty("footnotes")[0].GetInt32());
        Assert.Equal(4, root.GetProperty("footnotes").GetArrayLength());
        Assert.Contains("dry run: nothing was stored", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_import_stores_the_report_for_the_cluster_in_one_go()
    {
        var file = Input("report-of-consultation-4.txt", ReportFixtures.Bytes(ReportFixtures.PlainText));

        var status = await RunAsync("import", "--database", _app.DatabasePath, "--consultation", $"{_consultationId}", "--cluster", "1", "--title", "Report of consultation 4", file);

        Assert.True(status == 0, _error.ToString());
        Assert.Equal((1, 45, 4), await StoredAsync());
        var report = await _app.QueryAsync(db => db.SourceReports.Include(r => r.Paragraphs).SingleAsync());
        Assert.Equal(("Report of consultation 4", 1, _consultationId, "report-of-consultation-4.txt", (string?)null), (report.Title, report.ClusterNumber, report.ConsultationId, report.FileName, report.UploadedBy));
        Assert.Equal(44, report.Paragraphs.Count(p => p.Number is not null));
        Assert.Contains("¶42   Domestic work should be covered by labour law", _output.ToString(), StringComparison.Ordinal);
        Assert.Contains($"stored as report {report.Id}", _error.ToString(), StringComparison.Ordinal);
        var audit = await _app.QueryAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "SourceReportImportedByCommand"));
        Assert.DoesNotContain("Report of", audit.Subject ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_without_structure_is_imported_as_plain_paragraphs_with_a_warning()
    {
        var file = Input("minutes.md", "The group met in the morning.\n\nIt agreed to meet again.\n"u8.ToArray());

        var status = await RunAsync("import", "--database", _app.DatabasePath, "--consultation", $"{_consultationId}", "--cluster", "2", file);

        Assert.Equal(0, status);
        Assert.Contains("sources: warning: No sections, sub-sections or numbered paragraphs were recognised", _error.ToString(), StringComparison.Ordinal);
        Assert.Equal((1, 2, 0), await StoredAsync());
        Assert.Equal("minutes", await _app.QueryAsync(db => db.SourceReports.Select(r => r.Title).SingleAsync()));
    }

    [Theory]
    [InlineData("report.pdf", "reports are imported from Markdown (.md), plain text (.txt) or Word (.docx)")]
    [InlineData("report.docx", "not a Word document that can be read")]
    public async Task A_bad_file_exits_with_status_1_and_stores_nothing(string name, string message)
    {
        var file = Input(name, "1. Not what it says it is."u8.ToArray());

        var status = await RunAsync("import", "--database", _app.DatabasePath, "--consultation", $"{_consultationId}", "--cluster", "1", file);

        Assert.Equal(1, status);
        Assert.Contains("sources: nothing was stored: ", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains(message, _error.ToString(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, _output.ToString());
        Assert.Equal((0, 0, 0), await StoredAsync());
    }

    [Fact]
    public async Task A_file_over_ten_megabytes_exits_with_status_1()
    {
        var file = Input("huge.txt", new byte[(10 * 1024 * 1024) + 1]);

        var status = await RunAsync("import", "--database", _app.DatabasePath, "--consultation", $"{_consultationId}", "--cluster", "1", file);

        Assert.Equal(1, status);
        Assert.Contains("larger than 10 MB", _error.ToString(), StringComparison.Ordinal);
        Assert.Equal((0, 0, 0), await StoredAsync());
    }

    [Fact]
    public async Task An_unknown_cluster_or_consultation_exits_with_status_1_and_stores_nothing()
    {
        var file = Input("report.md", ReportFixtures.Bytes(ReportFixtures.Markdown));

        Assert.Equal(1, await RunAsync("import", "--database", _app.DatabasePath, "--consultation", $"{_consultationId}", "--cluster", "9", file));
        Assert.Contains("has no cluster 9 (its clusters: 1, 2, 3, 4)", _error.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, await RunAsync("import", "--database", _app.DatabasePath, "--consultation", "999", "--cluster", "1", file));
        Assert.Contains("no consultation 999", _error.ToString(), StringComparison.Ordinal);
        Assert.Equal((0, 0, 0), await StoredAsync());
    }

    [Fact]
    public async Task It_refuses_to_run_without_a_database_or_with_options_missing()
    {
        var file = Input("report.md", ReportFixtures.Bytes(ReportFixtures.Markdown));
        var missing = Path.Combine(_app.Folder.Path, "elsewhere.db");

        Assert.Equal(2, await RunAsync("import", "--consultation", $"{_consultationId}", "--cluster", "1", file));
        Assert.Contains("without --database PATH", _error.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await RunAsync("import", "--database", missing, "--consultation", $"{_consultationId}", "--cluster", "1", file));
        Assert.False(File.Exists(missing));
        Assert.Equal(2, await RunAsync("import", "--database", _app.DatabasePath, "--consultation", $"{_consultationId}", file));
        Assert.Contains("--cluster N is required", _error.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await RunAsync("import", "--database", _app.DatabasePath, "--consultation", $"{_consultationId}", "--cluster", "1"));
        Assert.Contains("name the report to import", _error.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await RunAsync("export"));
        Assert.Equal((0, 0, 0), await StoredAsync());
    }

    [Fact]
    public async Task Help_prints_the_usage()
    {
        Assert.Equal(0, await RunAsync("help"));
        Assert.Contains("sources import --database PATH --consultation ID --cluster N FILE", _output.ToString(), StringComparison.Ordinal);
    }
}

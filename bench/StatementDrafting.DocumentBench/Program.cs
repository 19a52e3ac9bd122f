using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using StatementDrafting.DocumentBench;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;
using StatementDrafting.LoadTool;
using StatementDrafting.Web.Features.Documents;
using StatementDrafting.Web.Infrastructure.Markdown;

// The documents benchmark (issue 13; figures in docs/benchmarks.md). In one process, with the app's own document code
// and the server's Chromium, no database: a generated 10,000-word statement and a copy with 300 word edits (seeds
// printed); (a) its tracked changes as Word (word diff included), (b) the same as PDF, (c) the pre-read pack of five
// 3,000-word statements as Word and as PDF. Each case runs twice unmeasured, then REPEAT times, each time with a fresh
// Markdown renderer (so no rendering is cached from the run before). Floors in the same run: an empty Word document,
// and a one-paragraph HTML printed to PDF (Chromium's start and print cost).
//
// Usage: dotnet run -c Release --project bench/StatementDrafting.DocumentBench -- [--repeat 9] [--seed 20261213]
var repeat = Option("--repeat", 9);
var seed = Option("--seed", 20261213);
using var pdf = new PdfRenderer(new ConfigurationBuilder().AddEnvironmentVariables().Build(), NullLogger<PdfRenderer>.Instance);
var browserVersion = await BrowserVersionAsync(pdf.Browser);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"documents benchmark: seed {seed}, {repeat} repetitions per case (after 2 unmeasured); {Environment.ProcessorCount} cores; .NET {Environment.Version}; {browserVersion}"));
if (!pdf.Available)
{
    Console.Error.WriteLine(PdfRenderer.Unavailable);
    return 1;
}

var older = GeneratedStatement.Create(new Random(seed), 10_000);
var newer = GeneratedStatement.Edit(new Random(seed + 1), older, 300);
string[] packTitles = ["Opening Statement of the Stakeholders", "Common Statement of Cluster 1", "Common Statement of Cluster 2", "Common Statement of Cluster 3", "Common Statement of Cluster 4"];
var pack = packTitles.Select((title, i) => Numbered(title, GeneratedStatement.Create(new Random(seed + 10 + i), 3_000))).ToList();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"statement: {GeneratedStatement.WordsOf(older)} words in {older.Count} blocks; edited copy: 300 word edits, {GeneratedStatement.WordsOf(newer)} words; pack: 5 statements of {string.Join(", ", pack.Select(p => p.Blocks.Sum(b => b.Text.Split(' ').Length)))} words"));

var diff = StatementComparison.Compare([.. older.Select(b => (b.Id, b.Text))], [.. newer.Select(b => (b.Id, b.Text))]);
var segments = diff.SelectMany(c => c.Diff.Segments).ToList();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"tracked changes: {diff.Count(c => c.Diff.HasChanges)} of {diff.Count} blocks changed, {segments.Count(s => s.Kind == DiffKind.Inserted)} insertions, {segments.Count(s => s.Kind == DiffKind.Deleted)} deletions"));

var cover = new PreReadCover("Fifth Regional Review of the Global Compact for Migration", new DateOnly(2026, 12, 13));
var results = new List<(string Name, double Median, int? Target)>
{
    await CaseAsync("floor_docx_empty", null, markdown => Task.FromResult(StatementDocx.Write(new ExportedStatement("Empty", [], "Draft", []), markdown))),
    await CaseAsync("floor_pdf_one_paragraph", null, markdown => pdf.PrintAsync(StatementText.Html(
        new ExportedStatement("One paragraph", [], "Draft", [new ExportedBlock(BlockKind.NumberedParagraph, 0, 1, "States should strengthen regular pathways.")]), markdown), CancellationToken.None)),
    await CaseAsync("changes_docx", 1_000, markdown => Task.FromResult(ChangesDocx(older, newer, markdown))),
    await CaseAsync("changes_pdf", 2_000, markdown => ChangesPdfAsync(pdf, older, newer, markdown)),
    await CaseAsync("pack_docx", 3_000, markdown => Task.FromResult(PreReadPack.Docx(cover, pack, markdown))),
    await CaseAsync("pack_pdf", 3_000, markdown => pdf.PrintAsync(PreReadPack.Html(cover, pack, markdown), CancellationToken.None)),
};

Console.WriteLine("documents " + string.Join(' ', results.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Name}_ms={r.Median:F0}")))
    + (results.All(r => r.Target is not { } t || r.Median <= t) ? " targets=met" : " targets=missed"));
return 0;

async Task<(string, double, int?)> CaseAsync(string name, int? target, Func<InlineMarkdown, Task<byte[]>> work)
{
    var times = new List<double>();
    byte[] last = [];
    for (var i = -2; i < repeat; i++)
    {
        var markdown = new InlineMarkdown();
        var clock = Stopwatch.StartNew();
        last = await work(markdown);
        var ms = clock.Elapsed.TotalMilliseconds;
        if (i >= 0)
        {
            times.Add(ms);
        }
    }

    var median = Stats.Median(times);
    var pages = last.AsSpan().StartsWith("%PDF"u8) ? string.Create(CultureInfo.InvariantCulture, $" pages={Regex.Count(System.Text.Encoding.Latin1.GetString(last), @"/Type\s*/Page[^s]")}") : string.Empty;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-24} median_ms={median:F1} min_ms={times.Min():F1} max_ms={times.Max():F1}{(target is { } t ? $" target_ms={t}" : string.Empty)} bytes={last.Length}{pages}"));
    return (name, median, target);
}

// (a) The tracked-changes Word document, as ExportStatementChanges makes it: each block's formatted runs diffed word by word (TrackedText), then Word's w:ins and w:del.
static byte[] ChangesDocx(IReadOnlyList<GeneratedBlock> older, IReadOnlyList<GeneratedBlock> newer, InlineMarkdown markdown) =>
    StatementDocx.WriteChanges(ChangesHeading(), Tracked(older, newer, markdown), ExportStatementChanges.Author, new DateTime(2026, 12, 13, 9, 0, 0, DateTimeKind.Utc));

// (b) The same changes as PDF: the tracked-changes HTML (underlined and struck through) printed by Chromium.
static Task<byte[]> ChangesPdfAsync(PdfRenderer pdf, IReadOnlyList<GeneratedBlock> older, IReadOnlyList<GeneratedBlock> newer, InlineMarkdown markdown) =>
    pdf.PrintAsync(StatementText.ChangesHtml(ChangesHeading(), Tracked(older, newer, markdown)), CancellationToken.None);

static ExportedStatement ChangesHeading() =>
    new("Common Statement of Cluster 2", ["Fifth Regional Review", "Cluster 2: Borders and rescue"], "Changes from revision 100 to revision 400", []);

// The export's own comparison, on the generated blocks given block ids (the same id for the same block in both versions).
static IReadOnlyList<TrackedBlock> Tracked(IReadOnlyList<GeneratedBlock> older, IReadOnlyList<GeneratedBlock> newer, InlineMarkdown markdown)
{
    var ids = older.Concat(newer).Select(b => b.Id).Distinct().ToDictionary(id => id, _ => BlockId.New());
    return ExportStatementChangesHandler.Compare(
        [.. older.Select(b => new DraftBlock(ids[b.Id], b.Kind, b.HeadingLevel, b.Text))],
        [.. newer.Select(b => new DraftBlock(ids[b.Id], b.Kind, b.HeadingLevel, b.Text))],
        markdown);
}

static ExportedStatement Numbered(string title, IReadOnlyList<GeneratedBlock> blocks)
{
    var number = 0;
    return new ExportedStatement(title, ["Fifth Regional Review", "Cluster 2: Borders and rescue", "Objective 9: Strengthen the response to smuggling"], "Draft, revision 400, 13 December 2026",
        [.. blocks.Select(b => new ExportedBlock(b.Kind, b.HeadingLevel, b.Kind == BlockKind.NumberedParagraph ? ++number : null, b.Text))]);
}

static async Task<string> BrowserVersionAsync(string? browser)
{
    if (browser is null)
    {
        return "no Chromium";
    }

    var start = new ProcessStartInfo(browser, "--version") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    using var process = Process.Start(start)!;
    var version = await process.StandardOutput.ReadToEndAsync();
    _ = await process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    return version.Trim();
}

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

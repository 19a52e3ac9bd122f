using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Sources;
using StatementDrafting.Web.Features.Consultations;
using StatementDrafting.Web.Features.Sources;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Infrastructure.Cli;

/// <summary>
/// <c>sources import</c>: the upload page's import as a verb of the app (docs/sources.md). Reads a report (Markdown,
/// plain text or Word), splits it into its structure and stores it as source material for one cluster, in one
/// transaction; with <c>--dry-run</c> it stores nothing, and <c>--json</c> prints the structure as JSON.
/// Like <c>accounts</c>, it runs only against a database named with <c>--database</c>.
/// </summary>
public static class SourcesCommand
{
    public const int Succeeded = 0;
    public const int InvalidInput = 1;
    public const int Refused = 2;

    public const string Usage = """
        Usage:
          sources import --database PATH --consultation ID --cluster N FILE [--title TEXT] [--dry-run] [--json]
          sources help

        Splits FILE (a report as Markdown .md, plain text .txt or Word .docx, at most 10 MB) into sections,
        sub-sections, numbered paragraphs and footnotes, and stores it as source material for cluster N of
        consultation ID, in one transaction. --title is how the draft cites it (default: the report's own title,
        else the file name). --dry-run stores nothing. --json prints the structure as JSON on standard output;
        otherwise an outline. Warnings (gaps in the numbering, text without structure) go to standard error.
        --database is required: the command never uses the app's default or configured database.
        Exit status: 0 done, 1 invalid input (nothing stored), 2 refused to run.
        """;

    private static readonly string[] ValueOptions = ["database", "consultation", "cluster", "title"];
    private static readonly string[] Flags = ["dry-run", "json"];

    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        switch (args)
        {
            case ["help" or "--help" or "-h", ..]:
                await output.WriteLineAsync(Usage);
                return Succeeded;
            case ["import", .. var rest]:
                return await ImportAsync(rest, output, error, ct);
            default:
                await error.WriteLineAsync(args.Length == 0 ? "sources: say what to do." : $"sources: unknown command '{args[0]}'.");
                await error.WriteLineAsync(Usage);
                return Refused;
        }
    }

    private sealed record Settings(string DatabasePath, int ConsultationId, int ClusterNumber, string FilePath, string? Title, bool DryRun, bool Json);

    private static async Task<int> ImportAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var (settings, problem, status) = Parse(args);
        if (settings is null)
        {
            await error.WriteLineAsync($"sources: {problem}");
            return status;
        }

        var name = Path.GetFileName(settings.FilePath);
        SourceDocument document;
        try
        {
            var length = new FileInfo(settings.FilePath).Length;
            if (length > SourceFile.MaxBytes)
            {
                throw new SourceFileException($"'{name}' is larger than {SourceFile.MaxBytes / (1024 * 1024)} MB: split the report or save it without images.");
            }

            document = SourceFile.Read(name, await File.ReadAllBytesAsync(settings.FilePath, ct));
        }
        catch (SourceFileException e)
        {
            await error.WriteLineAsync($"sources: nothing was stored: {e.Message}");
            return InvalidInput;
        }

        var title = (settings.Title ?? document.Title ?? Path.GetFileNameWithoutExtension(name)).Trim();
        try
        {
            return await ImportIntoAsync(settings, name, title, document, output, error, ct);
        }
        catch (DomainException e)
        {
            await error.WriteLineAsync($"sources: nothing was stored: {e.Message}");
            return InvalidInput;
        }
        catch (Exception e) when (e is SqliteException or DbUpdateException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"sources: nothing was stored: {e.GetBaseException().Message.ReplaceLineEndings(" ").Trim()}");
            return InvalidInput;
        }
    }

    private static async Task<int> ImportIntoAsync(Settings settings, string name, string title, SourceDocument document, TextWriter output, TextWriter error, CancellationToken ct)
    {
        // The app's own services, on the database named on the command line and nothing else; the server is not started.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(SourcesCommand).Assembly.GetName().Name,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{DatabaseOptions.Section}:Path"] = settings.DatabasePath,
            [$"{DatabaseOptions.Section}:Provider"] = nameof(DatabaseProvider.Sqlite), // a file named on the command line, whatever the environment says
            ["Demo:Enabled"] = "false",
        });
        builder.Logging.ClearProviders();
        builder.AddStatementDrafting();
        await using var app = builder.Build();
        var contexts = app.Services.GetRequiredService<IDbContextFactory<DraftingDbContext>>();
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!settings.DryRun)
        {
            await db.Database.MigrateAsync(ct);
        }

        var consultation = await db.WithClustersAsync(settings.ConsultationId, ct);
        if (consultation is null)
        {
            await error.WriteLineAsync($"sources: the database has no consultation {settings.ConsultationId}; nothing was stored.");
            return InvalidInput;
        }

        if (consultation.Clusters.All(c => c.Number != settings.ClusterNumber))
        {
            await error.WriteLineAsync($"sources: consultation {consultation.Id} has no cluster {settings.ClusterNumber} (its clusters: {string.Join(", ", consultation.Clusters.Select(c => c.Number))}); nothing was stored.");
            return InvalidInput;
        }

        // Checked whole before anything is stored (the title, each paragraph's length).
        var report = SourceReport.From(consultation.Id, settings.ClusterNumber, title, name, document, uploadedBy: null, app.Services.GetRequiredService<TimeProvider>().GetUtcNow());
        int? reportId = null;
        if (!settings.DryRun)
        {
            db.SourceReports.Add(report);
            await db.SaveChangesAsync(ct);
            reportId = report.Id;
            await app.Services.GetRequiredService<AuditTrail>().RecordAsync(
                null, "SourceReportImportedByCommand", consultation.Id, string.Create(CultureInfo.InvariantCulture, $"Source report {report.Id} (cluster {report.ClusterNumber})"), succeeded: true, CancellationToken.None);
        }

        var outline = SourceOutline.Of(name, report.Title, consultation.Id, settings.ClusterNumber, document, reportId);
        await output.WriteLineAsync(settings.Json ? outline.ToJson() : Readable(outline));
        foreach (var warning in document.Warnings)
        {
            await error.WriteLineAsync($"sources: warning: {warning}");
        }

        var counts = outline.Counts;
        var outcome = reportId is { } id
            ? string.Create(CultureInfo.InvariantCulture, $"stored as report {id} for cluster {settings.ClusterNumber} of consultation {consultation.Id} in {settings.DatabasePath}.")
            : "dry run: nothing was stored.";
        await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"sources: {name}: {counts.Sections} sections, {counts.Subsections} sub-sections, {counts.Paragraphs} paragraphs ({counts.NumberedParagraphs} numbered), {counts.Footnotes} footnotes; {outcome}"));
        return Succeeded;
    }

    /// <summary>The outline for reading in a terminal: headings, then each paragraph's number and the start of its text.</summary>
    private static string Readable(SourceOutline outline)
    {
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{outline.Title}\n");
        foreach (var section in outline.Sections)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{section.Title ?? "(no heading)"}{(section.Objective is { } o ? $"  [objective {o}]" : "")}\n");
            foreach (var subsection in section.Subsections)
            {
                if (subsection.Title is not null)
                {
                    text.Append(CultureInfo.InvariantCulture, $"  {subsection.Title}\n");
                }

                foreach (var paragraph in subsection.Paragraphs)
                {
                    var start = paragraph.Text.Length <= 70 ? paragraph.Text : $"{paragraph.Text[..67]}...";
                    text.Append(CultureInfo.InvariantCulture, $"    {(paragraph.Number is { } n ? $"¶{n}" : "·"),-5} {start}\n");
                }
            }
        }

        if (outline.Footnotes.Count > 0)
        {
            text.Append("\nFootnotes\n");
            foreach (var footnote in outline.Footnotes)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {footnote.Number}. {footnote.Text}\n");
            }
        }

        return text.ToString().TrimEnd('\n');
    }

    private static (Settings? Settings, string? Problem, int Status) Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        var files = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                files.Add(arg);
                continue;
            }

            var name = arg[2..];
            string? value = null;
            if (name.IndexOf('=', StringComparison.Ordinal) is var eq and >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }

            if (Flags.Contains(name, StringComparer.Ordinal))
            {
                if (value is not null || !flags.Add(name))
                {
                    return (null, $"--{name} takes no value and is given once.", Refused);
                }

                continue;
            }

            if (!ValueOptions.Contains(name, StringComparer.Ordinal))
            {
                return (null, $"unknown option --{name}. Run 'sources help'.", Refused);
            }

            if (value is null)
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    return (null, $"--{name} needs a value.", Refused);
                }

                value = args[++i];
            }

            if (!values.TryAdd(name, value))
            {
                return (null, $"--{name} is given twice.", Refused);
            }
        }

        if (!values.TryGetValue("database", out var database) || string.IsNullOrWhiteSpace(database))
        {
            return (null, "refusing to run without --database PATH: name the database to change explicitly (the app's default is never used).", Refused);
        }

        var databasePath = Path.GetFullPath(database);
        if (!File.Exists(databasePath))
        {
            return (null, $"refusing to run: there is no database at '{databasePath}'. Start the app on it once, or check the path.", Refused);
        }

        if (!values.TryGetValue("consultation", out var consultation)
            || !int.TryParse(consultation, NumberStyles.None, CultureInfo.InvariantCulture, out var consultationId) || consultationId < 1)
        {
            return (null, "--consultation ID is required: a consultation id, a positive number.", Refused);
        }

        if (!values.TryGetValue("cluster", out var cluster)
            || !int.TryParse(cluster, NumberStyles.None, CultureInfo.InvariantCulture, out var clusterNumber) || clusterNumber < 1)
        {
            return (null, "--cluster N is required: the number of a cluster of the consultation.", Refused);
        }

        if (files.Count != 1)
        {
            return (null, files.Count == 0 ? "name the report to import: sources import ... FILE." : $"one report at a time; got {files.Count}: {string.Join(", ", files)}.", Refused);
        }

        var filePath = Path.GetFullPath(files[0]);
        if (!File.Exists(filePath))
        {
            return (null, $"there is no file at '{filePath}'; nothing was stored.", InvalidInput);
        }

        var title = values.TryGetValue("title", out var given) ? given : null;
        if (title is not null && string.IsNullOrWhiteSpace(title))
        {
            return (null, "--title is empty.", Refused);
        }

        return (new Settings(databasePath, consultationId, clusterNumber, filePath, title, flags.Contains("dry-run"), flags.Contains("json")), null, Succeeded);
    }
}

using System.Globalization;
using System.Net.Mail;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Identity;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Infrastructure.Cli;

/// <summary>
/// <c>accounts create</c>: creates accounts in bulk with their roles in one consultation and issues each a personal
/// access token, in one transaction, from a CSV file (see docs/accounts-cli.md). It runs only against a database named
/// with <c>--database</c>: never the configured default, never one taken from the environment.
/// </summary>
public static class AccountsCommand
{
    public const int Succeeded = 0;
    public const int InvalidInput = 1;
    public const int Refused = 2;

    public const int MaxInputBytes = 5 * 1024 * 1024;
    public const int MaxRows = 10_000;
    public const int DefaultTokenDays = 30;
    public const int MaxTokenDays = 365;

    public const string Usage = """
        Usage:
          accounts create --database PATH --consultation ID --input people.csv [--output tokens.csv] [--token-days N]
          accounts create --postgres CONNECTION-STRING --consultation ID --input people.csv [...]
          accounts help

        Creates the accounts listed in people.csv (columns: email, name, role, session, and optionally organisation;
        role is organiser, participant, observer or cohost; session is the agenda item key a cohost co-hosts),
        gives them their roles in consultation ID, and issues each account a personal access token valid for N days
        (default 30, at most 365). Everything happens in one transaction: on any error nothing is stored.
        Writes email,pseudonym,role,token as CSV to --output (a new file only you can read) or to standard output.
        --database (a SQLite file) or --postgres (a PostgreSQL connection string) is required: the command never uses
        the app's default or configured database.
        Exit status: 0 done, 1 invalid input (nothing stored), 2 refused to run.
        """;

    private static readonly string[] Options = ["database", "postgres", "consultation", "input", "output", "token-days"];
    private static readonly string[] Roles = ["organiser", "participant", "observer", "cohost"];
    private static readonly string[] RequiredColumns = ["email", "name", "role"];

    /// <summary>Runs the verb with the process's standard output and error.</summary>
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
            case ["create", .. var rest]:
                return await CreateAsync(rest, output, error, ct);
            default:
                await error.WriteLineAsync(args.Length == 0 ? "accounts: say what to do." : $"accounts: unknown command '{args[0]}'.");
                await error.WriteLineAsync(Usage);
                return Refused;
        }
    }

    private static async Task<int> CreateAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var (values, problem) = ParseOptions(args);
        if (values is null)
        {
            await error.WriteLineAsync($"accounts: {problem}");
            return Refused;
        }

        var postgres = values.GetValueOrDefault("postgres");
        var database = values.GetValueOrDefault("database");
        if (string.IsNullOrWhiteSpace(database) == string.IsNullOrWhiteSpace(postgres))
        {
            await error.WriteLineAsync("accounts: refusing to run without exactly one of --database PATH (SQLite) or --postgres CONNECTION-STRING: name the database to change explicitly (the app's default is never used).");
            return Refused;
        }

        var target = string.IsNullOrWhiteSpace(postgres)
            ? new Target(DatabaseProvider.Sqlite, Path.GetFullPath(database!))
            : new Target(DatabaseProvider.Postgres, postgres);
        if (target.Provider == DatabaseProvider.Sqlite && !File.Exists(target.Location))
        {
            await error.WriteLineAsync($"accounts: refusing to run: there is no database at '{target.Location}'. Start the app on it once, or check the path.");
            return Refused;
        }

        var settings = await CheckSettingsAsync(values, error);
        if (settings is null)
        {
            return InvalidInput;
        }

        var rows = await ReadPeopleAsync(settings.InputPath, error, ct);
        if (rows is null)
        {
            return InvalidInput;
        }

        try
        {
            return await CreateInDatabaseAsync(target, settings, rows, output, error, ct);
        }
        catch (Exception e) when (e is SqliteException or Npgsql.NpgsqlException or DbUpdateException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"accounts: nothing was stored: {e.GetBaseException().Message.ReplaceLineEndings(" ").Trim()}");
            return InvalidInput;
        }
    }

    private static (Dictionary<string, string>? Options, string? Problem) ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                return (null, $"unexpected argument '{arg}'. Run 'accounts help'.");
            }

            var name = arg[2..];
            string value;
            if (name.IndexOf('=', StringComparison.Ordinal) is var eq and >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                return (null, $"--{name} needs a value.");
            }

            if (!Options.Contains(name, StringComparer.Ordinal))
            {
                return (null, $"unknown option --{name}. Run 'accounts help'.");
            }

            if (!options.TryAdd(name, value))
            {
                return (null, $"--{name} is given twice.");
            }
        }

        return (options, null);
    }

    private sealed record Settings(int ConsultationId, string InputPath, string? OutputPath, int TokenDays);

    private static async Task<Settings?> CheckSettingsAsync(Dictionary<string, string> values, TextWriter error)
    {
        var problems = new List<string>();
        var consultationId = 0;
        if (!values.TryGetValue("consultation", out var consultation))
        {
            problems.Add("--consultation ID is required.");
        }
        else if (!int.TryParse(consultation, NumberStyles.None, CultureInfo.InvariantCulture, out consultationId) || consultationId < 1)
        {
            problems.Add("--consultation is a consultation id, a positive number.");
        }

        string? inputPath = null;
        if (!values.TryGetValue("input", out var input))
        {
            problems.Add("--input people.csv is required.");
        }
        else if (!File.Exists(inputPath = Path.GetFullPath(input)))
        {
            problems.Add($"there is no input file at '{inputPath}'.");
        }

        string? outputPath = null;
        if (values.TryGetValue("output", out var output) && Path.Exists(outputPath = Path.GetFullPath(output)))
        {
            problems.Add($"'{outputPath}' exists already: the tokens go to a new file only.");
        }

        var tokenDays = DefaultTokenDays;
        if (values.TryGetValue("token-days", out var days)
            && (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out tokenDays) || tokenDays < 1 || tokenDays > MaxTokenDays))
        {
            problems.Add($"--token-days is a number of days from 1 to {MaxTokenDays}.");
        }

        foreach (var problem in problems)
        {
            await error.WriteLineAsync($"accounts: {problem}");
        }

        return problems.Count == 0 ? new Settings(consultationId, inputPath!, outputPath, tokenDays) : null;
    }

    /// <summary>One line of people.csv, checked for what can be checked without the database.</summary>
    private sealed record PersonRow(int Line, string Email, string Name, string Role, string? Session, string? Organisation);

    private static async Task<List<PersonRow>?> ReadPeopleAsync(string path, TextWriter error, CancellationToken ct)
    {
        if (new FileInfo(path).Length > MaxInputBytes)
        {
            await error.WriteLineAsync($"accounts: {path} is larger than {MaxInputBytes / 1024 / 1024} MB.");
            return null;
        }

        List<(int Line, List<string> Fields)> records;
        try
        {
            var text = await File.ReadAllTextAsync(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), ct);
            records = CsvText.Parse(text);
        }
        catch (DecoderFallbackException)
        {
            await error.WriteLineAsync($"accounts: {path} is not UTF-8 text. Save it as CSV UTF-8.");
            return null;
        }
        catch (FormatException e)
        {
            await error.WriteLineAsync($"accounts: {path}: {e.Message}");
            return null;
        }

        if (records.Count == 0)
        {
            await error.WriteLineAsync($"accounts: {path} is empty; its first line names the columns: email,name,role,session,organisation.");
            return null;
        }

        var header = records[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var problems = new List<string>();
        foreach (var unknown in header.Where(h => h is not ("email" or "name" or "role" or "session" or "organisation")))
        {
            problems.Add($"line 1: unknown column '{unknown}' (the columns are email, name, role, session, organisation).");
        }

        foreach (var missing in RequiredColumns.Where(c => !header.Contains(c)))
        {
            problems.Add($"line 1: the column '{missing}' is missing.");
        }

        if (records.Count - 1 > MaxRows)
        {
            problems.Add($"the file has {records.Count - 1} rows; at most {MaxRows} at a time.");
        }

        if (problems.Count > 0)
        {
            await WriteProblemsAsync(error, path, problems);
            return null;
        }

        string? Column(List<string> fields, string name) =>
            header.IndexOf(name) is var i and >= 0 && i < fields.Count && fields[i].Trim() is { Length: > 0 } value ? value : null;

        var rows = new List<PersonRow>();
        foreach (var (line, fields) in records.Skip(1))
        {
            var email = Column(fields, "email")?.ToLowerInvariant();
            var name = Column(fields, "name");
            var role = Column(fields, "role")?.ToLowerInvariant().Replace("-", string.Empty, StringComparison.Ordinal);
            var session = Column(fields, "session");
            var organisation = Column(fields, "organisation");
            if (fields.Count > header.Count)
            {
                problems.Add($"line {line}: more fields than columns.");
            }

            if (email is null || email.Length > Registration.MaxEmailLength || !IsEmail(email))
            {
                problems.Add($"line {line}: {(email is null ? "the e-mail address is missing" : "this is not an e-mail address")}.");
            }

            if (name is null || name.Length > Text.MaxNameLength)
            {
                problems.Add($"line {line}: {(name is null ? "the name is missing" : $"the name is longer than {Text.MaxNameLength} characters")}.");
            }

            if (role is null || !Roles.Contains(role, StringComparer.Ordinal))
            {
                problems.Add($"line {line}: the role is one of organiser, participant, observer, cohost.");
            }
            else if (role == "cohost" && session is null)
            {
                problems.Add($"line {line}: a cohost row names the session (its agenda item key).");
            }
            else if (role != "cohost" && session is not null)
            {
                problems.Add($"line {line}: only cohost rows name a session.");
            }

            rows.Add(new PersonRow(line, email ?? string.Empty, name ?? string.Empty, role ?? string.Empty, session, organisation));
        }

        if (rows.Count == 0)
        {
            problems.Add("there is no one to create: the file has only its header.");
        }

        if (problems.Count > 0)
        {
            await WriteProblemsAsync(error, path, problems);
            return null;
        }

        return rows;
    }

    /// <summary>The database named on the command line: a SQLite file's full path, or a PostgreSQL connection string.</summary>
    private sealed record Target(DatabaseProvider Provider, string Location)
    {
        /// <summary>Where it is, for the summary line: the file, or the server and database (never the password).</summary>
        public string Described => Provider == DatabaseProvider.Sqlite
            ? Location
            : new Npgsql.NpgsqlConnectionStringBuilder(Location) is var b ? $"PostgreSQL database {b.Database} on {b.Host}:{b.Port}" : Location;
    }

    private static async Task<int> CreateInDatabaseAsync(Target target, Settings settings, List<PersonRow> rows, TextWriter output, TextWriter error, CancellationToken ct)
    {
        // The app's own services, on the database named on the command line and nothing else; the server is not started.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(AccountsCommand).Assembly.GetName().Name,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{DatabaseOptions.Section}:Path"] = target.Provider == DatabaseProvider.Sqlite ? target.Location : null,
            [$"ConnectionStrings:{DatabaseOptions.ConnectionStringName}"] = target.Provider == DatabaseProvider.Postgres ? target.Location : null,
            [$"{DatabaseOptions.Section}:Provider"] = target.Provider.ToString(), // the database named on the command line, whatever the environment says
            ["Demo:Enabled"] = "false",
        });
        builder.Logging.ClearProviders();
        builder.AddStatementDrafting();
        await using var app = builder.Build();

        var contexts = app.Services.GetRequiredService<IDbContextFactory<DraftingDbContext>>();
        var clock = app.Services.GetRequiredService<TimeProvider>();
        await using (var migrations = await contexts.CreateDbContextAsync(ct))
        {
            await migrations.Database.MigrateAsync(ct);
        }

        await using var scope = app.Services.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<AccountDirectory>();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var consultation = await db.Consultations.AsNoTracking()
            .Include(c => c.Days).ThenInclude(d => d.Items)
            .FirstOrDefaultAsync(c => c.Id == settings.ConsultationId, ct);
        if (consultation is null)
        {
            await error.WriteLineAsync($"accounts: the database has no consultation {settings.ConsultationId}; nothing was stored.");
            return InvalidInput;
        }

        var sessions = consultation.Days.SelectMany(d => d.Items)
            .Where(i => i.SeatsCoHosts)
            .ToDictionary(i => i.Key, StringComparer.Ordinal);
        var problems = new List<string>();
        var seats = new Dictionary<PersonRow, (AgendaItem Session, string? Organisation)>();
        foreach (var row in rows.Where(r => r.Role == "cohost"))
        {
            if (!sessions.TryGetValue(row.Session!, out var item))
            {
                problems.Add($"line {row.Line}: '{row.Session}' is not the key of a parallel session with co-hosts in this consultation ({string.Join(", ", sessions.Keys)}).");
                continue;
            }

            // The file may spell the organisation loosely: the seat takes the agenda's spelling (none given: the first).
            var organisation = row.Organisation is null ? null : item.CoHostNamed(row.Organisation);
            if (row.Organisation is not null && organisation is null)
            {
                problems.Add($"line {row.Line}: '{row.Organisation}' is not one of the co-hosts of {row.Session} ({string.Join("; ", item.CoHosts)}).");
                continue;
            }

            seats[row] = (item, organisation);
        }

        if (problems.Count > 0)
        {
            await WriteProblemsAsync(error, settings.InputPath, problems);
            return InvalidInput;
        }

        var now = clock.GetUtcNow();
        var expiresAt = now.AddDays(settings.TokenDays);
        var tokenName = string.Create(CultureInfo.InvariantCulture, $"accounts create {now:yyyy-MM-dd}");
        var approved = (await db.Registrations.AsNoTracking()
                .Where(r => r.ConsultationId == consultation.Id && r.Status == RegistrationStatus.Approved)
                .Select(r => new { r.Email, r.Id })
                .ToListAsync(ct))
            .GroupBy(r => r.Email, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Min(r => r.Id), StringComparer.Ordinal);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var created = new List<(string Email, Participation Participation, List<string> Roles, string Secret)>();
        var newAccounts = 0;
        foreach (var person in rows.GroupBy(r => r.Email, StringComparer.Ordinal))
        {
            var first = person.First();
            var user = await directory.FindOrCreateUserAsync(db, first.Email, first.Name, ct);
            newAccounts += db.Entry(user).State == EntityState.Added ? 1 : 0;
            var participation = await directory.FindOrCreateParticipationAsync(db, consultation.Id, user, ct);
            foreach (var row in person)
            {
                switch (row.Role)
                {
                    case "organiser": participation.MakeOrganiser(); break;
                    case "observer": participation.MakeObserver(); break;
                    case "participant": participation.MakeParticipant(approved.TryGetValue(row.Email, out var registrationId) ? registrationId : null); break;
                    case "cohost": participation.SeatAsCoHost(seats[row].Session, seats[row].Organisation); break;
                }
            }

            var (secret, token) = AccessToken.Issue(user.Id, tokenName, now, expiresAt);
            db.AccessTokens.Add(token);
            created.Add((first.Email, participation, [.. person.Select(r => r.Role).Distinct(StringComparer.Ordinal)], secret));
        }

        await db.SaveChangesAsync(ct);
        var csv = new StringBuilder(CsvText.Line(["email", "pseudonym", "role", "token"])).Append('\n');
        foreach (var (email, participation, roles, secret) in created)
        {
            csv.Append(CsvText.Line([email, participation.Pseudonym, string.Join(' ', roles), secret])).Append('\n');
        }

        if (settings.OutputPath is { } outputPath)
        {
            // The tokens are secrets: a new file only its owner can read, written before the commit so that
            // a failure here stores nothing.
            await WriteSecretFileAsync(outputPath, csv.ToString(), ct);
            try
            {
                await transaction.CommitAsync(ct);
            }
            catch
            {
                File.Delete(outputPath);
                throw;
            }
        }
        else
        {
            await transaction.CommitAsync(ct);
            await output.WriteAsync(csv.ToString());
            await output.FlushAsync(ct);
        }

        // The trail says that roles were given from the command line, and to how many people (no names, no e-mails).
        await app.Services.GetRequiredService<AuditTrail>().RecordAsync(
            null, "AccountsCreatedByCommand", consultation.Id, string.Create(CultureInfo.InvariantCulture, $"{created.Count} people"), succeeded: true, CancellationToken.None);
        await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"accounts: {created.Count} people in consultation {consultation.Id} ({newAccounts} new accounts) in {target.Described}; tokens valid until {expiresAt:yyyy-MM-dd HH:mm} UTC{(settings.OutputPath is null ? "." : $", written to {settings.OutputPath}.")}"));
        return Succeeded;
    }

    private static async Task WriteSecretFileAsync(string path, string text, CancellationToken ct)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var stream = new FileStream(path, options);
        try
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            await writer.WriteAsync(text.AsMemory(), ct);
        }
        catch
        {
            await stream.DisposeAsync();
            File.Delete(path);
            throw;
        }
    }

    private static async Task WriteProblemsAsync(TextWriter error, string path, List<string> problems)
    {
        await error.WriteLineAsync($"accounts: {path} has {problems.Count} problem{(problems.Count == 1 ? "" : "s")}; nothing was stored:");
        foreach (var problem in problems.Take(50))
        {
            await error.WriteLineAsync($"  {problem}");
        }

        if (problems.Count > 50)
        {
            await error.WriteLineAsync($"  ... and {problems.Count - 50} more.");
        }
    }

    private static bool IsEmail(string value) =>
        MailAddress.TryCreate(value, out var address) && string.Equals(address.Address, value, StringComparison.OrdinalIgnoreCase) && value.Contains('.', StringComparison.Ordinal);
}

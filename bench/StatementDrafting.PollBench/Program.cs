using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using StatementDrafting.Domain.People;
using StatementDrafting.LoadTool;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Web.Features.Polls;
using StatementDrafting.Web.Infrastructure;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Identity;
using StatementDrafting.Web.Infrastructure.Persistence;

// The responses benchmark (issue 11; figures in docs/benchmarks.md). Per run: the app in this process on a fresh
// SQLite file with the demo consultation, VOTERS approved participants, an adoption poll on cluster 1's statement;
// then every voter responds twice (a change of mind) as one concurrent caller each, through the mediator with their
// own caller, exactly as the statement page sends RespondToPoll. The floor: the same callers, at the same moment, each
// sending the page's query (GetStatementPoll) twice through the same pipeline. Prints each run and the medians.
//
// With --postgres, each run is on a new database of that PostgreSQL server instead (created, then dropped): the
// connection string names the server and a database to connect to for that (e.g. Database=postgres).
//
// Usage: dotnet run -c Release --project bench/StatementDrafting.PollBench -- [--voters 1000] [--runs 3] [--seed 20261207]
//                                                                            [--postgres CONNECTION-STRING]
var voters = Option("--voters", 1000);
var runs = Option("--runs", 3);
var seed = Option("--seed", 20261207);
var postgres = TextOption("--postgres");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"polls benchmark: {voters} voters, {runs} runs, seed {seed}, on {(postgres is null ? "SQLite" : "PostgreSQL")}; {Environment.ProcessorCount} cores; .NET {Environment.Version}"));

var results = new List<RunFigures>();
for (var run = 1; run <= runs; run++)
{
    var figures = await RunAsync(run, voters, seed + run, postgres);
    Console.WriteLine(figures.Line($"run{run}"));
    results.Add(figures);
}

Console.WriteLine($"medians of {results.Count} runs (counted and matches: worst run):");
Console.WriteLine(new RunFigures(
    Stats.Median(results.Select(r => r.Seconds)), Stats.Median(results.Select(r => r.ResponsesPerSecond)),
    Stats.Median(results.Select(r => r.AckP50)), Stats.Median(results.Select(r => r.AckP99)), Stats.Median(results.Select(r => r.AckMax)),
    Stats.Median(results.Select(r => r.FloorP50)), Stats.Median(results.Select(r => r.FloorP99)),
    results.Min(r => r.Counted), results.All(r => r.Matches), voters).Line("polls"));
return 0;

static async Task<RunFigures> RunAsync(int run, int voters, int seed, string? postgres)
{
    var folder = Directory.CreateTempSubdirectory("sd-pollbench-");
    var database = string.Create(CultureInfo.InvariantCulture, $"sd_pollbench_{Environment.ProcessId}_{run}");
    try
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ApplicationName = "StatementDrafting.Web" });
        builder.Configuration["Database:Path"] = Path.Combine(folder.FullName, "app.db");
        if (postgres is not null)
        {
            await PostgresAsync(postgres, $"CREATE DATABASE {database}");
            builder.Configuration["Database:Provider"] = "Postgres";
            builder.Configuration["ConnectionStrings:Drafting"] = new NpgsqlConnectionStringBuilder(postgres) { Database = database }.ToString();
        }

        builder.Configuration["Demo:Enabled"] = "true";
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.WebHost.UseUrls("http://127.0.0.1:0"); // the hosted services run; nothing is served
        builder.AddStatementDrafting();
        await using var app = builder.Build();
        app.UseStatementDrafting();
        if (!await app.TryPrepareDatabaseAsync())
        {
            throw new InvalidOperationException("The database could not be prepared.");
        }

        await app.StartAsync();
        var (consultationId, statementId, organiser) = await DemoAsync(app.Services);
        var principals = await AddVotersAsync(app.Services, consultationId, voters);
        await ChangeRulesAsync(app.Services, consultationId);
        var pollId = await SendAsync(app.Services, organiser, m => m.Send(new OpenAdoptionPoll(statementId)));

        var random = new Random(seed);
        var plans = principals.Select(p => (Principal: p, First: (PollChoice)random.Next(1, 4), Second: (PollChoice)random.Next(1, 4))).ToList();

        // The floor first: the page's own query, twice per caller, all callers at once.
        var floor = await ConcurrentlyAsync(plans, async plan =>
        {
            var a = await TimeAsync(() => SendAsync(app.Services, plan.Principal, async m => await m.Send(new GetStatementPoll(statementId))));
            var b = await TimeAsync(() => SendAsync(app.Services, plan.Principal, async m => await m.Send(new GetStatementPoll(statementId))));
            return [a, b];
        });

        var clock = Stopwatch.StartNew();
        var acks = await ConcurrentlyAsync(plans, async plan =>
        {
            var a = await TimeAsync(() => SendAsync(app.Services, plan.Principal, async m => await m.Send(new RespondToPoll(consultationId, pollId, plan.First))));
            var b = await TimeAsync(() => SendAsync(app.Services, plan.Principal, async m => await m.Send(new RespondToPoll(consultationId, pollId, plan.Second))));
            return [a, b];
        });
        var seconds = clock.Elapsed.TotalSeconds;

        var decision = await SendAsync(app.Services, organiser, m => m.Send(new ClosePoll(consultationId, pollId)));
        var stored = await QueryAsync(app.Services, db => db.Polls.AsNoTracking().SingleAsync(p => p.Id == pollId));
        var expected = PollTally.Of(plans.Select(p => p.Second));
        var matches = decision.Tally == expected && stored.Final == expected;
        await app.StopAsync();
        return new RunFigures(
            seconds, acks.Length / seconds, Stats.Percentile(acks, 0.50), Stats.Percentile(acks, 0.99), acks[^1],
            Stats.Percentile(floor, 0.50), Stats.Percentile(floor, 0.99), decision.Tally.Responses, matches, voters);
    }
    finally
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (postgres is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await PostgresAsync(postgres, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }

        try
        {
            folder.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

// Every plan runs as its own task, released together; returns every latency (ms), sorted.
static async Task<double[]> ConcurrentlyAsync<T>(IEnumerable<T> plans, Func<T, Task<double[]>> work)
{
    var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var tasks = plans.Select(plan => Task.Run(async () =>
    {
        await start.Task;
        return await work(plan);
    })).ToList();
    start.SetResult();
    var all = (await Task.WhenAll(tasks)).SelectMany(t => t).ToArray();
    Array.Sort(all);
    return all;
}

static async Task<double> TimeAsync(Func<Task> action)
{
    var started = Stopwatch.GetTimestamp();
    await action();
    return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}

static async Task<T> SendAsync<T>(IServiceProvider services, ClaimsPrincipal caller, Func<IMediator, ValueTask<T>> send)
{
    await using var scope = services.CreateAsyncScope();
    scope.ServiceProvider.GetRequiredService<CallerContext>().Set(caller);
    return await send(scope.ServiceProvider.GetRequiredService<IMediator>());
}

static async Task<T> QueryAsync<T>(IServiceProvider services, Func<DraftingDbContext, Task<T>> query)
{
    await using var scope = services.CreateAsyncScope();
    var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<DraftingDbContext>>();
    await using var db = await factory.CreateDbContextAsync();
    return await query(db);
}

static async Task<(int Consultation, int Statement, ClaimsPrincipal Organiser)> DemoAsync(IServiceProvider services)
{
    await using var scope = services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
    var consultation = await db.Consultations.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
    var statement = await db.Statements.Where(s => s.ClusterNumber == 1).Select(s => s.Id).SingleAsync();
    var organiser = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync("organiser@example.org")
        ?? throw new InvalidOperationException("The demo has no organiser.");
    var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(organiser);
    return (consultation, statement, principal);
}

// Approved participants, each of their own organisation, with the principal the app makes when they sign in.
static async Task<List<ClaimsPrincipal>> AddVotersAsync(IServiceProvider services, int consultationId, int count)
{
    await using var scope = services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
    var directory = scope.ServiceProvider.GetRequiredService<AccountDirectory>();
    var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
    var consultation = await db.Consultations.Include(c => c.Clusters).SingleAsync(c => c.Id == consultationId);
    var principals = new List<ClaimsPrincipal>();
    var now = DateTimeOffset.UtcNow;
    for (var i = 1; i <= count; i++)
    {
        var email = string.Create(CultureInfo.InvariantCulture, $"bench-voter{i:0000}@example.org");
        var registration = Registration.Submit(consultation,
            new RegistrationDetails($"Bench Voter {i}", email, $"Bench Organisation {i}", consultation.StakeholderCategories[0], "Fiji", consultation.Regions[0], Gender.PreferNotToSay, 1),
            [], RegistrationSource.Import, now);
        registration.Approve(now);
        db.Registrations.Add(registration);
        await db.SaveChangesAsync();
        var user = await directory.FindOrCreateUserAsync(db, email, $"Bench Voter {i}", default);
        (await directory.FindOrCreateParticipationAsync(db, consultationId, user, default)).MakeParticipant(registration.Id);
        await db.SaveChangesAsync();
        principals.Add(await factory.CreateAsync(user));
    }

    return principals;
}

// No quorum: the benchmark measures responding, not the rule.
static Task ChangeRulesAsync(IServiceProvider services, int consultationId) =>
    QueryAsync(services, async db =>
    {
        var consultation = await db.Consultations.SingleAsync(c => c.Id == consultationId);
        consultation.ChangeRules(consultation.Rules with { QuorumPercent = null });
        return await db.SaveChangesAsync();
    });

// One statement on the server's maintenance database (the database's name is made here, never taken from input).
static async Task PostgresAsync(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}

string? TextOption(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

internal sealed record RunFigures(
    double Seconds, double ResponsesPerSecond, double AckP50, double AckP99, double AckMax, double FloorP50, double FloorP99, int Counted, bool Matches, int Voters)
{
    public string Line(string name) => string.Create(CultureInfo.InvariantCulture,
        $"{name}: polls voters={Voters} responses={Voters * 2} seconds={Seconds:0.00} responses_per_s={ResponsesPerSecond:0} ack_p50_ms={AckP50:0.0} ack_p99_ms={AckP99:0.0} ack_max_ms={AckMax:0.0} floor_p50_ms={FloorP50:0.0} floor_p99_ms={FloorP99:0.0} counted={Counted} tally_matches={(Matches ? "yes" : "NO")}");
}

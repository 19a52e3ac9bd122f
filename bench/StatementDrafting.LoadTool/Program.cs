using System.Globalization;
using StatementDrafting.LoadTool;

// The propagation benchmark's load tool (see docs/benchmarks.md and bench/propagation.sh):
//   people  --sessions 1=d1-2,2=d1-5,... [--typists 5] [--clients 200]      writes the input of `accounts create`
//   run     --server URL[,URL...] --tokens tokens.csv [--database app.db | --postgres CONNECTION-STRING] [--statements 1,2,3,4]
//           [--warmup 10] [--measure 60] [--rate 5] [--typists-per-paragraph 3] [--server-pid PID[,PID...]] [--typing 1]
//           [--echo 1] [--name run1] [--out run1.json]
//           [--outage-stop CMD --outage-start CMD [--outage-after 10] [--outage-for 10]]   a Redis outage (bench/outage.sh)
//           [--typists-by-statement 1]   with several servers, all typists of a statement on one node (an experiment)
//           (several servers: the nodes of one deployment, clients alternating among them; several pids: CPU summed)
//   summary run1.json run2.json ...                                           per-run figures, medians, the last line
//   compare --one a1.json,a2.json --two b1.json,b2.json                       one node against two (bench/twonodes.sh)
//   selftest [--seed N] [--cases N] [--client-cases N]                        checks the tool's own text OT and client
//   pages-prepare --database app.db [--cluster 4]                             a 10,000-word statement with 300 amendments
//   pages-measure --server URL --token T --cohost-token T --database app.db --statement ID --baseline ID [--repeat 200]
return args switch
{
    ["people", .. var rest] => People(Options.Parse(rest)),
    ["run", .. var rest] => await RunAsync(Options.Parse(rest)),
    ["summary", .. var files] when files.Length > 0 => Summary(files),
    ["compare", .. var rest] => Compare(Options.Parse(rest)),
    ["pages-prepare", .. var rest] => AmendmentPages.Prepare(Options.Parse(rest).Required("database"), Options.Parse(rest).Int("cluster", 4)),
    ["pages-measure", .. var rest] => await PagesAsync(Options.Parse(rest)),
    ["selftest", .. var rest] => SelfTest.Run(Options.Parse(rest).Int("seed", 20261124), Options.Parse(rest).Int("cases", 20_000), Options.Parse(rest).Int("client-cases", 2_000)),
    _ => Usage(),
};

static int People(Options o)
{
    var sessions = o.Required("sessions").Split(',').Select(pair => pair.Split('=')).Select(p => (int.Parse(p[0], CultureInfo.InvariantCulture), p[1])).ToList();
    Console.Out.Write(StatementDrafting.LoadTool.People.Csv(sessions, o.Int("typists", 5), o.Int("clients", 200)));
    return 0;
}

static async Task<int> RunAsync(Options o)
{
    if (o.Optional("database") is not null && o.Optional("postgres") is not null)
    {
        throw new ArgumentException("Give --database or --postgres, not both.");
    }

    var options = new RunOptions(
        [.. o.Required("server").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(url => new Uri(url.TrimEnd('/') + "/"))],
        o.Required("tokens"),
        o.Optional("database") is { } file ? StoredDatabase.Sqlite(file) : o.Optional("postgres") is { } connection ? StoredDatabase.Postgres(connection) : null,
        o.Optional("statements") is { } list ? [.. list.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))] : null,
        TimeSpan.FromSeconds(o.Double("warmup", 10)),
        TimeSpan.FromSeconds(o.Double("measure", 60)),
        o.Double("rate", 5),
        o.Int("typists-per-paragraph", 3),
        o.Optional("server-pid") is { } pids ? [.. pids.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(pid => int.Parse(pid, CultureInfo.InvariantCulture))] : [],
        o.Int("typing", 1) != 0,
        o.Int("echo", 1) != 0,
        o.Optional("name") ?? "run",
        o.Optional("outage-stop") is { } stop
            ? new RedisOutage(TimeSpan.FromSeconds(o.Double("outage-after", 10)), TimeSpan.FromSeconds(o.Double("outage-for", 10)), stop, o.Required("outage-start"))
            : null,
        o.Int("typists-by-statement", 0) != 0);
    var result = await new LoadRun(options, Console.Out).RunAsync(CancellationToken.None);
    if (o.Optional("out") is { } path)
    {
        result.Save(path);
    }

    Console.Out.WriteLine($"{result.Name}: {result.Line()}");
    Console.Out.WriteLine("  " + result.Detail());
    foreach (var note in result.Notes)
    {
        Console.Out.WriteLine("  note: " + note);
    }

    return 0;
}

static Task<int> PagesAsync(Options o) => AmendmentPages.MeasureAsync(
    new Uri(o.Required("server").TrimEnd('/') + "/"),
    o.Required("token"),
    o.Required("cohost-token"),
    o.Required("database"),
    o.Int("statement", 4),
    o.Int("baseline", 1),
    o.Int("repeat", 200));

static int Summary(string[] files)
{
    Console.Out.WriteLine(RunResult.Summary([.. files.Select(RunResult.Load)]));
    return 0;
}

static int Compare(Options o)
{
    static List<RunResult> Load(string list) => [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(RunResult.Load)];
    Console.Out.WriteLine(NodeComparison.Compare(Load(o.Required("one")), Load(o.Required("two"))));
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: StatementDrafting.LoadTool people|run|summary|compare ... (see the comment at the top of Program.cs)");
    return 2;
}

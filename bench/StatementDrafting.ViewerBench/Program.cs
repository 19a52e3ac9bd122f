using System.Globalization;
using StatementDrafting.LoadTool;
using StatementDrafting.ViewerBench;

// The viewers benchmark's tool (see docs/benchmarks.md and bench/viewers.sh):
//   people  [--cluster 1] [--session d1-2] [--typists 5] [--watchers 5] [--viewers 200]   the input of `accounts create`
//   run     --server URL --tokens tokens.csv --database app.db --demo-accounts demo-accounts.txt [--consultation 1]
//           [--cluster 1] [--pages 50] [--words 3000] [--warmup 10] [--measure 30] [--rate 5] [--server-pid PID]
//           [--open-parallel 4] [--open-timeout 120] [--hub-alone 12] [--settle 120]
//           [--browser-nice 0] [--name run1] [--out run1.json]
//   summary run1.json run2.json ...                                                        each run, medians, the last line
return args switch
{
    ["people", .. var rest] => WritePeople(Options.Parse(rest)),
    ["run", .. var rest] => await RunAsync(Options.Parse(rest)),
    ["summary", .. var files] when files.Length > 0 => Summary(files),
    _ => Usage(),
};

static int WritePeople(Options o)
{
    Console.Out.Write(ViewerPeople.Csv(o.Int("cluster", 1), o.Optional("session") ?? "d1-2", o.Int("typists", 5), o.Int("watchers", 5), o.Int("viewers", 200)));
    return 0;
}

static async Task<int> RunAsync(Options o)
{
    var options = new ViewerOptions(
        new Uri(o.Required("server").TrimEnd('/') + "/"),
        o.Required("tokens"),
        o.Required("database"),
        o.Required("demo-accounts"),
        o.Int("consultation", 1),
        o.Int("cluster", 1),
        o.Int("pages", 50),
        o.Int("words", 3000),
        TimeSpan.FromSeconds(o.Double("warmup", 10)),
        TimeSpan.FromSeconds(o.Double("measure", 30)),
        o.Double("rate", 5),
        o.Optional("server-pid") is { } pid ? int.Parse(pid, CultureInfo.InvariantCulture) : null,
        o.Int("open-parallel", 4),
        TimeSpan.FromSeconds(o.Double("open-timeout", 120)),
        TimeSpan.FromSeconds(o.Double("hub-alone", 12)),
        TimeSpan.FromSeconds(o.Double("settle", 120)),
        o.Int("browser-nice", 0),
        o.Optional("name") ?? "run");
    var result = await new ViewerRun(options, Console.Out).RunAsync(CancellationToken.None);
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

static int Summary(string[] files)
{
    Console.Out.WriteLine(ViewerResult.Summary([.. files.Select(ViewerResult.Load)]));
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: StatementDrafting.ViewerBench people|run|summary ... (see the comment at the top of Program.cs)");
    return 2;
}

using System.Diagnostics;
using System.Globalization;
using StatementDrafting.Domain.Amendments;

// Word diffs and amendment merges on generated statements (fixed seeds, printed).
//   dotnet run -c Release --project bench/StatementDrafting.DiffBench [-- --repeat 200]
// Prints, per case, the median and p99 of repeated runs in milliseconds, and a floor measured in the same run: the time
// to cut both texts into tokens, the least any word diff must do.
var repeat = args.Length == 2 && args[0] == "--repeat" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
const int seed = 20261122;
Console.WriteLine($"diffbench: seed {seed}, {repeat} repetitions per case, {Environment.ProcessorCount} cores, .NET {Environment.Version}");

// Steady state first: every case runs for a while before any is measured, so tiered compilation has settled.
for (var round = 0; round < 2; round++)
{
    var warm = new Random(seed);
    Report("warm-up", Statement(warm, 2_000), 0.05, 50, quiet: true);
    Report("warm-up", Statement(warm, 10_000), 0.05, 20, quiet: true);
}

var random = new Random(seed);
Report("statement 2,000 words, 5% changed", Statement(random, 2_000), 0.05, repeat);
Report("statement 10,000 words, 5% changed", Statement(random, 10_000), 0.05, repeat);
ReportUnrelated(random, repeat);
ReportFollowing(random, Math.Max(20, repeat / 4));

void Report(string name, List<(string Id, string Text)> statement, double share, int repeat, bool quiet = false)
{
    var random = new Random(7);
    var copy = statement.Select(b => (b.Id, Text: Mutate(random, b.Text, share))).ToList();
    var times = Measure(repeat, () => StatementComparison.Compare(statement, copy).Count);
    var floor = Measure(repeat, () => statement.Concat(copy).Sum(b => ProseChunker.Tokenize(b.Text).Count));
    var compared = StatementComparison.Compare(statement, copy);
    if (quiet)
    {
        return;
    }

    Print(name, times, floor, $"changed_blocks={compared.Count(c => c.Change == ComparedBlockChange.Changed)} replaced={compared.Count(c => c.Diff.ShowAsReplaced)} over_budget={compared.Count(c => c.Diff.OverBudget)}");
}

void ReportUnrelated(Random random, int repeat)
{
    var a = Statement(random, 10_000);
    var b = Statement(random, 10_000).Select((block, i) => (Id: a[Math.Min(i, a.Count - 1)].Id, block.Text)).ToList();
    var times = Measure(Math.Max(10, repeat / 10), () => StatementComparison.Compare(a, b).Count);
    var floor = Measure(Math.Max(10, repeat / 10), () => a.Concat(b).Sum(x => ProseChunker.Tokenize(x.Text).Count));
    var compared = StatementComparison.Compare(a, b);
    Print("two unrelated 10,000-word statements (same block ids)", times, floor, $"over_budget={compared.Count(c => c.Diff.OverBudget)} of {compared.Count}");

    var left = string.Join(' ', a.Select(x => x.Text));
    var right = string.Join(' ', b.Select(x => x.Text));
    var whole = Measure(Math.Max(10, repeat / 10), () => WordDiff.Compare(left, right).Segments.Count);
    var wholeFloor = Measure(Math.Max(10, repeat / 10), () => ProseChunker.Tokenize(left).Count + ProseChunker.Tokenize(right).Count);
    Print("two unrelated 10,000-word texts, one string each", whole, wholeFloor, $"over_budget={WordDiff.Compare(left, right).OverBudget}");
}

void ReportFollowing(Random random, int repeat)
{
    // 300 amendments over a 10,000-word statement; a change touches the paragraphs of 100 of them.
    var statement = Statement(random, 10_000);
    var at = new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    var amendments = Enumerable.Range(0, 300).Select(i =>
    {
        var (id, text) = statement[i % statement.Count];
        var proposed = ReplaceWordAt(text, 3 + (i % 7), "amended" + i.ToString(CultureInfo.InvariantCulture));
        return Amendment.Propose(1, i + 1, AmendmentKind.Replace, id, 1, text, proposed, null, "bench", at);
    }).ToList();
    // The change touches the first paragraphs until they carry 100 amendments.
    var touched = new HashSet<string>();
    foreach (var (id, _) in statement)
    {
        if (amendments.Count(a => touched.Contains(a.BlockId)) >= 100)
        {
            break;
        }

        touched.Add(id);
    }

    var changed = statement.ToDictionary(b => b.Id, b => touched.Contains(b.Id) ? "Today, " + b.Text : b.Text);
    var affected = amendments.Where(a => touched.Contains(a.BlockId)).ToList();
    var revision = 2;
    var times = Measure(repeat, () =>
    {
        // Each run merges the affected amendments onto a text they have not seen yet.
        revision++;
        var prefix = "Rev" + revision.ToString(CultureInfo.InvariantCulture) + " ";
        return affected.Count(a => a.FollowText(prefix + changed[a.BlockId], revision, at));
    });
    var floor = Measure(repeat, () => affected.Sum(a => ProseChunker.Tokenize(a.ProposedText).Count));
    Print($"rebase {affected.Count} of 300 amendments after a change to their paragraphs (domain merge only)", times, floor,
        $"open={affected.Count(a => a.Status == AmendmentStatus.Open)} needs_update={affected.Count(a => a.Status == AmendmentStatus.NeedsUpdate)}");
}

List<double> Measure(int repeat, Func<int> work)
{
    for (var i = 0; i < Math.Max(20, repeat / 5); i++)
    {
        work(); // warm-up: let tiered compilation settle
    }

    var times = new List<double>(repeat);
    for (var i = 0; i < repeat; i++)
    {
        var start = Stopwatch.GetTimestamp();
        work();
        times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    times.Sort();
    return times;
}

void Print(string name, List<double> times, List<double> floor, string detail) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: p50_ms={Pick(times, 0.5):0.000} p99_ms={Pick(times, 0.99):0.000} max_ms={times[^1]:0.000} floor_p50_ms={Pick(floor, 0.5):0.000} {detail}"));

double Pick(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

List<(string Id, string Text)> Statement(Random random, int words)
{
    var blocks = new List<(string, string)>();
    var written = 0;
    while (written < words)
    {
        var length = Math.Min(words - written, random.Next(60, 160));
        blocks.Add(($"p{blocks.Count:0000}", Paragraph(random, length)));
        written += length;
    }

    return blocks;
}

string Paragraph(Random random, int words)
{
    var text = new System.Text.StringBuilder();
    for (var i = 0; i < words; i++)
    {
        var word = Vocabulary[random.Next(Vocabulary.Length)];
        text.Append(i == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word);
        text.Append(i == words - 1 ? "." : random.Next(12) == 0 ? ", " : " ");
    }

    return text.ToString();
}

string Mutate(Random random, string text, double share)
{
    var words = text.Split(' ');
    for (var i = 0; i < words.Length; i++)
    {
        if (random.NextDouble() < share)
        {
            words[i] = random.Next(3) switch
            {
                0 => Vocabulary[random.Next(Vocabulary.Length)],
                1 => words[i] + " " + Vocabulary[random.Next(Vocabulary.Length)],
                _ => string.Empty,
            };
        }
    }

    return string.Join(' ', words.Where(w => w.Length > 0));
}

string ReplaceWordAt(string text, int index, string word)
{
    var words = text.Split(' ');
    words[Math.Min(index, words.Length - 1)] = word;
    return string.Join(' ', words);
}

internal static partial class Program
{
    private static readonly string[] Vocabulary =
    [
        "migrants", "rights", "states", "shall", "ensure", "access", "to", "services", "regular", "pathways", "data",
        "cooperation", "return", "dignity", "labour", "skills", "children", "protection", "borders", "integration", "and",
        "the", "of", "for", "in", "with", "health", "education", "decent", "work", "recruitment", "fair", "remittances",
        "diaspora", "climate", "displacement", "consular", "identity", "documents", "detention", "alternatives", "women",
        "youth", "partnership", "regional", "national", "local", "authorities", "civil", "society", "trade", "unions",
        "employers", "evidence", "policy", "review", "implementation", "commitment", "objective", "compact", "safe",
        "orderly", "inclusive", "sustainable", "development", "humanitarian", "response", "family", "reunification",
    ];
}

using System.Globalization;

namespace StatementDrafting.LoadTool;

/// <summary>
/// <c>selftest</c>: checks the tool's own client on random cases with a fixed, printed seed, so that a wrong figure
/// cannot come from it: its text OT (transform satisfies TP1 with the first operation's inserts first at ties; compose
/// equals applying one then the other; invert undoes), then its replicas against a simulated server in every delivery
/// order the hub allows (<see cref="ReplicaSimulation"/>: never refused, converged, every acknowledged marker kept).
/// </summary>
internal static class SelfTest
{
    public static int Run(int seed, int cases, int clientCases)
    {
        var random = new Random(seed);
        for (var n = 0; n < cases; n++)
        {
            var text = RandomText(random, random.Next(0, 30));
            var a = RandomOp(random, text);
            var b = RandomOp(random, text);
            var (a2, b2) = TextOp.Transform(a, b);
            var viaA = b2.Apply(a.Apply(text));
            var viaB = a2.Apply(b.Apply(text));
            if (viaA != viaB)
            {
                return Fail(seed, n, $"TP1: '{viaA}' != '{viaB}' for '{text}'");
            }

            var c = RandomOp(random, a.Apply(text));
            if (TextOp.Compose(a, c).Apply(text) != c.Apply(a.Apply(text)))
            {
                return Fail(seed, n, "compose");
            }

            if (a.Invert(text).Apply(a.Apply(text)) != text)
            {
                return Fail(seed, n, "invert");
            }
        }

        // Ties: both insert at 1; the first operation's text comes first.
        var (x, y) = TextOp.Transform(TextOp.InsertAt(2, 1, "A"), TextOp.InsertAt(2, 1, "B"));
        var tie = y.Apply(TextOp.InsertAt(2, 1, "A").Apply("xy"));
        if (tie != "xABy" || x.Apply(TextOp.InsertAt(2, 1, "B").Apply("xy")) != "xABy")
        {
            return Fail(seed, -1, $"tie gave {tie}");
        }

        // Typists do not type in step: 20 typists' ticks leave no gap longer than a quarter of the period.
        var period = TimeSpan.FromMilliseconds(200);
        var phases = Enumerable.Range(0, 20).Select(i => LoadRun.Phase(period, i)).Order().ToList();
        var widest = phases.Zip(phases.Skip(1), (a, b) => b - a).Append(period - phases[^1] + phases[0]).Max();
        if (widest > period / 4 || phases.Distinct().Count() != phases.Count)
        {
            return Fail(seed, -1, $"typists' phases bunch together (widest gap {widest.TotalMilliseconds} ms)");
        }

        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"selftest: seed {seed}, {cases} cases: text OT transform (TP1), compose and invert hold"));
        if (ReplicaSimulation.Run(seed, clientCases) is { } failure)
        {
            return Fail(seed, -1, $"clients against a simulated server, {failure}");
        }

        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"selftest: seed {seed}, {clientCases} cases: clients against a simulated server in any delivery order: never refused, converged, no marker lost"));
        return 0;
    }

    private static int Fail(int seed, int n, string what)
    {
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"selftest: seed {seed}, case {n}: {what}"));
        return 1;
    }

    private static string RandomText(Random random, int length) =>
        new([.. Enumerable.Range(0, length).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);

    private const string Alphabet = "ab ⟦⟧c";

    private static TextOp RandomOp(Random random, string text)
    {
        var op = new TextOp();
        var at = 0;
        while (at < text.Length)
        {
            var n = random.Next(1, text.Length - at + 1);
            switch (random.Next(3))
            {
                case 0: op.Retain(n); at += n; break;
                case 1: op.Delete(n); at += n; break;
                default: op.Insert(RandomText(random, random.Next(1, 4))); break;
            }
        }

        return random.Next(2) == 0 ? op.Insert(RandomText(random, random.Next(1, 4))) : op;
    }
}

using System.Diagnostics;

using StatementDrafting.Domain.Tests.Editing.Simulation;

using Xunit.Abstractions;

namespace StatementDrafting.Domain.Tests.Editing;

/// <summary>
/// The property test of live co-editing: many seeded random cases of several clients editing one statement at once
/// (see <see cref="DraftingSimulation"/>). The run is split over a few classes so that xunit runs them in parallel.
/// </summary>
public abstract class ConvergenceRun(ITestOutputHelper output)
{
    internal const int CasesPerRun = 2_500;

    /// <summary>The seed of case <paramref name="index"/> of the run seeded <paramref name="runSeed"/>.</summary>
    internal static int CaseSeed(int runSeed, int index) => (runSeed * 10_000) + index;

    protected void RunCases(int runSeed, int cases = CasesPerRun)
    {
        var pairs = new PairCounts();
        var clock = Stopwatch.StartNew();
        var failed = new List<string>();
        long operations = 0, revisions = 0, reconnects = 0, survivors = 0;
        var maxStaleness = 0;
        for (var i = 0; i < cases; i++)
        {
            var simulation = new DraftingSimulation(CaseSeed(runSeed, i), pairs: pairs);
            var failures = simulation.Run();
            operations += simulation.Operations;
            revisions += simulation.Revisions;
            reconnects += simulation.Reconnects;
            survivors += simulation.SurvivorsOfBlockDeletes;
            maxStaleness = Math.Max(maxStaleness, simulation.MaxStalenessSeen);
            if (failures.Count > 0)
            {
                failed.Add($"case seed {simulation.Seed}: {string.Join(Environment.NewLine + "    ", failures.Take(5))}");
            }
        }

        clock.Stop();
        output.WriteLine($"Run seed {runSeed}: {cases} cases, {operations} operations, {revisions} revisions, " +
                         $"{reconnects} reconnects, {pairs.Total} pair transforms, max staleness {maxStaleness}, {clock.Elapsed.TotalSeconds:F1} s; " +
                         $"{survivors} characters outlived a block delete through a concurrent join or split.");
        output.WriteLine(pairs.Table());
        foreach (var failure in failed.Take(10))
        {
            output.WriteLine(failure);
        }

        Assert.True(failed.Count == 0, $"{failed.Count} of {cases} cases failed; first: {failed.FirstOrDefault()}");
        Assert.Empty(pairs.Missing());
        Assert.InRange(maxStaleness, 1, DraftingSimulation.MaxStaleness);
    }
}

public class ConvergenceRunA(ITestOutputHelper output) : ConvergenceRun(output)
{
    [Fact]
    public void Seed_1009_every_replica_converges_and_keeps_every_intended_character() => RunCases(1009);
}

public class ConvergenceRunB(ITestOutputHelper output) : ConvergenceRun(output)
{
    [Fact]
    public void Seed_2718_every_replica_converges_and_keeps_every_intended_character() => RunCases(2718);
}

public class ConvergenceRunC(ITestOutputHelper output) : ConvergenceRun(output)
{
    [Fact]
    public void Seed_31415_every_replica_converges_and_keeps_every_intended_character() => RunCases(31415);
}

public class ConvergenceRunD(ITestOutputHelper output) : ConvergenceRun(output)
{
    [Fact]
    public void Seed_44449_every_replica_converges_and_keeps_every_intended_character() => RunCases(44449);
}

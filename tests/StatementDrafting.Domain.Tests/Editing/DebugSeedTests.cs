using StatementDrafting.Domain.Tests.Editing.Simulation;

using Xunit.Abstractions;

namespace StatementDrafting.Domain.Tests.Editing;

public class DebugSeedTests(ITestOutputHelper output)
{
    [Fact]
    public void Debug()
    {
        var seed = int.Parse(Environment.GetEnvironmentVariable("SIM_SEED") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var failures = new DraftingSimulation(seed) { Trace = output.WriteLine }.Run();
        foreach (var f in failures) output.WriteLine("FAIL " + f);
        Assert.Empty(failures);
    }
}

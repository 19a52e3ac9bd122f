using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Tests.Editing.Simulation;
using Xunit.Abstractions;
namespace StatementDrafting.Domain.Tests.Editing;
public class LegacyTmpTests(ITestOutputHelper output)
{
    [Fact]
    public void Legacy()
    {
        DraftingClient.Legacy = true;
        int failed = 0, lost = 0, resurrected = 0, other = 0, refused = 0;
        for (var i = 0; i < 2500; i++)
        {
            var f = new DraftingSimulation(ConvergenceRun.CaseSeed(1009, i)).Run();
            if (f.Count == 0) continue;
            failed++;
            if (f.Any(x => x.Contains("lost", StringComparison.Ordinal))) lost++;
            if (f.Any(x => x.Contains("should be gone", StringComparison.Ordinal))) resurrected++;
            if (f.Any(x => x.Contains("refused", StringComparison.Ordinal))) refused++;
            if (f.Any(x => !x.Contains("lost", StringComparison.Ordinal) && !x.Contains("should be gone", StringComparison.Ordinal) && !x.Contains("refused", StringComparison.Ordinal))) { other++; if (other < 3) output.WriteLine(f[0][..Math.Min(200, f[0].Length)]); }
        }
        DraftingClient.Legacy = false;
        output.WriteLine($"legacy: {failed} failed, {lost} lost chars, {resurrected} intended text deletes undone, {refused} refused, {other} other");
    }
}

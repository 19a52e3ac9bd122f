using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Tests.Editing.Simulation;

using Xunit.Abstractions;

namespace StatementDrafting.Domain.Tests.Editing;

/// <summary>
/// The simulation's checks must bite: with a server whose text rule ignores where the applied edit changed the text,
/// they report failures. And every case that once failed stays here as a regression test.
/// </summary>
public class CheckerTests(ITestOutputHelper output)
{
    /// <summary>
    /// A wrong rule: keeps the incoming edit's positions as they were and only stretches or shrinks its last retain to
    /// the applied edit's length, as if the applied edit had typed or deleted at the very end.
    /// </summary>
    private static TextOperation IgnorePositions(TextOperation incoming, TextOperation applied)
    {
        var change = applied.TargetLength - applied.BaseLength;
        var components = incoming.Components.ToList();
        if (change >= 0)
        {
            return TextOperation.FromComponents([.. components, TextComponent.Retain(change)]);
        }

        if (components.Count > 0 && components[^1] is { IsRetain: true } last && last.Length > -change)
        {
            components[^1] = TextComponent.Retain(last.Length + change);
            return TextOperation.FromComponents(components);
        }

        throw new DomainException("The wrong rule cannot shrink this edit.");
    }

    [Fact]
    public void Seed_5150_a_server_that_ignores_positions_is_caught()
    {
        const int seed = 5150;
        output.WriteLine($"Seed {seed}");
        var wrong = new TransformRules(IgnorePositions);
        var failing = new List<(int Seed, IReadOnlyList<string> Failures)>();
        for (var i = 0; i < 200 && failing.Count < 20; i++)
        {
            var simulation = new DraftingSimulation(ConvergenceRun.CaseSeed(seed, i), wrong);
            var failures = simulation.Run();
            if (failures.Count > 0)
            {
                failing.Add((simulation.Seed, failures));
            }
        }

        foreach (var (caseSeed, failures) in failing.Take(8))
        {
            output.WriteLine($"case seed {caseSeed}: {failures[^1]}");
        }

        Assert.NotEmpty(failing);

        // Not only refusals: the character check itself notices what the wrong rule did to the text.
        Assert.Contains(failing, f => f.Failures.Any(message => message.Contains("characters", StringComparison.Ordinal)));

        // The same cases pass with the right rule.
        Assert.All(failing, f => Assert.Empty(new DraftingSimulation(f.Seed).Run()));
    }

    /// <summary>
    /// Cases that failed while the engine was built. The first five were found by earlier versions of the simulation
    /// (its delivery rules changed since, so they now play out differently; each bug also has a focused test). The
    /// others fail with the current simulation if the fix is taken out.
    /// </summary>
    [Theory]
    [InlineData(100903030)] // unsent entries cut in two lost their second half (DraftingClientTests: a remote split)
    [InlineData(100903032)] // a block delete that reached the server as a text edit was checked as typing
    [InlineData(100903037)] // two joins into one block ordered the texts differently in the two directions
    [InlineData(100903039)] // a block brought back twice was created twice (EditTransformTests: brought back once)
    [InlineData(-1153372012)] // a block brought back twice, cut at different places (text typed at the join point)
    [InlineData(444490133)] // a block brought back after a user split at the same place lost the tail (Restores)
    [InlineData(10090082)] // these four broke a check stricter than the protocol (everything a deleter saw in a
    [InlineData(27180899)] // block must go, though a concurrent join lets the joined-in block come back): kept
    [InlineData(27182175)] // to show the cases now pass, with such survivors counted rather than failed
    [InlineData(314150808)]
    public void Regression(int seed)
    {
        var failures = new DraftingSimulation(seed).Run();

        Assert.True(failures.Count == 0, $"seed {seed}: {string.Join(Environment.NewLine, failures)}");
    }
}

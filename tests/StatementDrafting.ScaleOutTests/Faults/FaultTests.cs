using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;
using StatementDrafting.ScaleOutTests.Clients;
using StatementDrafting.ScaleOutTests.Servers;
using Xunit.Abstractions;

namespace StatementDrafting.ScaleOutTests.Faults;

/// <summary>
/// Issue 14's fault tests: two app nodes as real processes, sharing a real PostgreSQL and a real Redis, all on
/// loopback and started and stopped by the tests. Waits are generous and bounded; nothing asserts how fast.
/// </summary>
[Collection(FaultTestGroup.Name)]
public sealed class FaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private TwoNodeCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TwoNodeCluster.StartAsync(typists: 3);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_change_typed_through_node_A_reaches_a_viewer_on_node_B_in_order()
    {
        var block = (await _cluster.ParagraphsAsync(_cluster.A))[1];
        await using var viewer = await Viewer.JoinAsync(_cluster.B.BaseAddress, _cluster.Reader.Token, _cluster.StatementId);
        await using var typist = await TypistAsync(0, block, [_cluster.A.BaseAddress]);

        await typist.TypeAsync(30);

        var typed = string.Concat(typist.Acknowledged);
        await Wait.UntilAsync(() => viewer.Text == typed, Patience, () => $"node B's viewer has \"{viewer.Text}\", not \"{typed}\"");
        Assert.Equal(Enumerable.Range(viewer.JoinedAt + 1, 30), viewer.Revisions);
        Assert.Equal(block.Text + typed, await _cluster.StoredTextAsync(block.Id));
        Assert.Equal(block.Text + typed, (await _cluster.ParagraphsAsync(_cluster.B)).Single(b => b.Id == block.Id).Text);
    }

    [Fact]
    public async Task Killing_node_A_during_a_typing_burst_loses_nothing_acknowledged_and_stores_nothing_twice()
    {
        var paragraphs = await _cluster.ParagraphsAsync(_cluster.A);
        var blocks = paragraphs.Skip(1).Take(3).ToList();
        var typists = new List<AppendingTypist>();
        for (var i = 0; i < 3; i++)
        {
            typists.Add(await TypistAsync(i, blocks[i], [_cluster.A.BaseAddress, _cluster.B.BaseAddress]));
        }

        var burst = typists.Select(t => t.TypeAsync(40)).ToList();
        await Wait.UntilAsync(() => typists.All(t => t.Acknowledged.Count >= 10), Patience, () => "the typists should get going on node A");
        _cluster.A.Kill();
        await Task.WhenAll(burst);

        for (var i = 0; i < 3; i++)
        {
            var stored = await _cluster.StoredTextAsync(blocks[i].Id);
            Assert.Equal(blocks[i].Text + string.Concat(typists[i].Acknowledged), stored);
            Assert.All(typists[i].Acknowledged, word => Assert.Single(Regex.Matches(stored, Regex.Escape(word) + @"(?!\d)")));
            Assert.True(typists[i].Reconnections > 0, $"{typists[i].Name} should have moved to node B");
        }

        output.WriteLine($"reconnections: {string.Join(", ", typists.Select(t => t.Reconnections))}");
        foreach (var typist in typists)
        {
            await typist.DisposeAsync();
        }
    }

    [Fact]
    public async Task With_Redis_stopped_for_ten_seconds_changes_arrive_late_never_lost_and_everyone_converges()
    {
        var block = (await _cluster.ParagraphsAsync(_cluster.A))[1];
        await using var viewer = await Viewer.JoinAsync(_cluster.B.BaseAddress, _cluster.Reader.Token, _cluster.StatementId);
        await using var typist = await TypistAsync(0, block, [_cluster.A.BaseAddress]);
        await typist.TypeAsync(10);

        await _cluster.Redis.StopAsync();
        var outage = Stopwatch.StartNew();
        await typist.TypeAsync(10, from: 10);
        var typedDuringOutage = string.Concat(typist.Acknowledged);
        await Wait.UntilAsync(() => viewer.Text == typedDuringOutage, Patience, () => $"during the outage node B's viewer has \"{viewer.Text}\"");
        await Task.Delay(TimeSpan.FromSeconds(10) - outage.Elapsed is { Ticks: > 0 } rest ? rest : TimeSpan.Zero);
        await _cluster.Redis.StartAsync();
        var back = Stopwatch.StartNew();
        await typist.TypeAsync(10, from: 20);

        var typed = string.Concat(typist.Acknowledged);
        await Wait.UntilAsync(() => viewer.Text == typed, Patience, () => $"after the outage node B's viewer has \"{viewer.Text}\"");
        output.WriteLine($"converged {back.Elapsed.TotalSeconds:F1} s after Redis returned");
        Assert.Equal(Enumerable.Range(viewer.JoinedAt + 1, 30), viewer.Revisions);
        Assert.Equal(block.Text + typed, await _cluster.StoredTextAsync(block.Id));
    }

    [Fact]
    public async Task With_PostgreSQL_stopped_submissions_are_refused_clearly_and_editing_resumes_when_it_returns()
    {
        var block = (await _cluster.ParagraphsAsync(_cluster.A))[1];
        await using var typist = await TypistAsync(0, block, [_cluster.A.BaseAddress]);
        await typist.TypeAsync(5);

        await _cluster.Postgres.StopAsync();
        var refused = await Assert.ThrowsAsync<HubException>(() => typist.TypeAsync(1, from: 5, retry: false));
        output.WriteLine(refused.Message);
        Assert.Matches("HubException: unavailable: ", refused.Message);
        Assert.Equal(5, typist.Acknowledged.Count);

        await _cluster.Postgres.StartAgainAsync();
        await typist.TypeAsync(5, from: 5);

        Assert.Equal(block.Text + string.Concat(typist.Acknowledged), await _cluster.StoredTextAsync(block.Id));
    }

    private async Task<AppendingTypist> TypistAsync(int index, (string Id, string Text) block, IReadOnlyList<Uri> nodes)
    {
        var typist = new AppendingTypist($"t{index + 1}", _cluster.Typists[index].Token, _cluster.StatementId, block.Id, block.Text.Length, nodes);
        await typist.ConnectAsync();
        return typist;
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultTestGroup
{
    public const string Name = "fault tests";
}

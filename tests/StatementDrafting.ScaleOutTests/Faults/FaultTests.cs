using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Playwright;
using StatementDrafting.ScaleOutTests.Browsers;
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
    public async Task A_change_typed_through_node_A_reaches_a_hub_viewer_and_a_page_on_node_B_in_order()
    {
        var block = (await _cluster.ParagraphsAsync(_cluster.A))[2]; // the first numbered paragraph (after a note and a heading)
        await using var browser = await ClusterBrowser.LaunchAsync();
        var (_, links) = await OrganiserAsync(browser, _cluster.A);
        var reading = await browser.SignInByLinkAsync(_cluster.B, links["participant1@example.org"]);
        await ParagraphWatch.AddAsync(reading, block.Id);
        var page = await reading.NewPageAsync();
        await page.GotoAsync(ClusterBrowser.Address(_cluster.B, $"statements/{_cluster.StatementId}"));
        await page.Locator(".live-bar").Filter(new() { HasText = "Live: changes appear as they are made." }).WaitForAsync();
        var shown = await ParagraphWatch.RestartAsync(page);

        await using var viewer = await Viewer.JoinAsync(_cluster.B.BaseAddress, _cluster.Reader.Token, _cluster.StatementId);
        await using var typist = await TypistAsync(0, block, [_cluster.A.BaseAddress]);
        await typist.TypeAsync(30);

        var typed = string.Concat(typist.Acknowledged);
        await Wait.UntilAsync(() => viewer.Text == typed, Patience, () => $"node B's viewer has \"{viewer.Text}\", not \"{typed}\"");
        Assert.Equal(Enumerable.Range(viewer.JoinedAt + 1, 30), viewer.Revisions);
        Assert.Equal(block.Text + typed, await _cluster.StoredTextAsync(block.Id));
        Assert.Equal(block.Text + typed, (await _cluster.ParagraphsAsync(_cluster.B)).Single(b => b.Id == block.Id).Text);

        // The page on node B: it ends with every word, and every text it showed on the way was the words typed so far.
        var last = shown;
        await Wait.UntilAsync(async () => (last = (await ParagraphWatch.StatesAsync(page))[^1]) == shown + typed, Patience,
            () => $"node B's page shows \"{last}\", not \"{shown + typed}\"");
        var states = await ParagraphWatch.StatesAsync(page);
        var sofar = Enumerable.Range(0, typist.Acknowledged.Count + 1).Select(n => shown + string.Concat(typist.Acknowledged.Take(n))).ToList();
        var at = 0;
        foreach (var state in states)
        {
            var next = sofar.IndexOf(state, at);
            Assert.True(next >= 0, $"node B's page showed \"{state}\" after \"{sofar[at]}\": not the words typed, in order");
            at = next;
        }

        output.WriteLine($"node B's page showed {states.Count} texts, from {sofar.IndexOf(states[0])} to {at} words");
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

    [Fact]
    public async Task Votes_from_the_plenary_during_a_kill_of_node_A_are_counted_once_each_with_the_last_acknowledged_choice()
    {
        const int voters = 10;
        output.WriteLine($"node A at {_cluster.A.BaseAddress}, node B at {_cluster.B.BaseAddress}");
        string[] choices = [PlenaryVoter.Support, PlenaryVoter.CanLiveWith, PlenaryVoter.Objection];
        await using var browser = await ClusterBrowser.LaunchAsync();
        var (organiser, links) = await OrganiserAsync(browser, _cluster.B);

        // The chair, on node B, puts cluster 1's statement to the plenary.
        var chair = await organiser.NewPageAsync();
        await chair.GotoAsync(ClusterBrowser.Address(_cluster.B, $"statements/{_cluster.StatementId}"));
        var adoption = chair.Locator("section.adoption[data-live='true']");
        await adoption.GetByRole(AriaRole.Button, new() { Name = "Put this statement to the plenary for adoption" }).ClickAsync();
        await adoption.Locator(".adoption__status").Filter(new() { HasText = "Up for adoption" }).WaitForAsync();
        var poll = await _cluster.LatestPollAsync();
        Assert.True(poll.IsOpen);

        // The voters, each on a page of their own on node A; every other one changes their mind once.
        var plenary = await Task.WhenAll(Enumerable.Range(1, voters).Select(async i =>
        {
            var email = $"participant{i}@example.org";
            string[] plan = i % 2 == 0 ? [choices[i % 3], choices[(i + 1) % 3]] : [choices[i % 3]];
            var voter = new PlenaryVoter(email, await browser.SignInByLinkAsync(_cluster.A, links[email]), plan);
            await voter.OpenAsync(_cluster.A, _cluster.StatementId);
            return voter;
        }));

        // All respond at once; node A is killed as the third acknowledgement arrives, the other responses in flight or to come.
        var acknowledged = 0;
        var third = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var onA = plenary.Select(v => v.RespondAsync(() =>
        {
            if (Interlocked.Increment(ref acknowledged) == 3)
            {
                third.TrySetResult();
            }
        })).ToList();
        var responding = Task.WhenAll(onA);
        if (await Task.WhenAny(third.Task, responding).WaitAsync(Patience) != third.Task)
        {
            await responding; // a voter's failure, if that is what ended it
            Assert.Fail("The voters were done before node A acknowledged three choices.");
        }

        _cluster.A.Kill();
        await responding;
        var moved = plenary.Where(v => !v.Finished).ToList();
        output.WriteLine($"node A acknowledged {acknowledged} choices before it died; {moved.Count} voters had more to say, {moved.Count(v => v.Unacknowledged is not null)} of them with a response in flight");
        foreach (var voter in moved)
        {
            output.WriteLine($"  {voter.Email}: {voter.Stopped}; acknowledged {voter.Acknowledged ?? "nothing"}, in flight {voter.Unacknowledged ?? "nothing"}");
        }

        Assert.NotEmpty(moved);

        // A page whose node is gone may still be clicked: no click may send the choice in an address (ADR 0011).
        Assert.DoesNotContain(plenary.SelectMany(v => v.Navigations), address => address.Contains("choice", StringComparison.OrdinalIgnoreCase));

        // Those whose page did not acknowledge all they meant go to node B (a new page, as a reload behind a proxy would),
        // where their sign-in from node A holds. The page says recorded what node A acknowledged, or what they sent it
        // since; then they respond again, and some change their mind once more.
        await Task.WhenAll(moved.Select(async (voter, n) =>
        {
            var (before, inFlight) = (voter.Acknowledged, voter.Unacknowledged);
            await voter.OpenAsync(_cluster.B, _cluster.StatementId);
            var recorded = await voter.RecordedAsync();
            Assert.True(recorded == before || (recorded is not null && recorded == inFlight),
                $"{voter.Email}: node B says {recorded ?? "nothing"} is recorded; node A acknowledged {before ?? "nothing"} and had {inFlight ?? "nothing"} in flight");
            if (n % 2 == 0)
            {
                voter.ChangeMindOnceMore(choices.First(c => c != voter.Plan[^1]));
            }

            Assert.True(await voter.RespondAsync(() => { }), $"{voter.Email}'s page on node B stopped: {voter.Stopped}\n{voter.History}");
        }));

        // Each voter, on a page of node B, finds their last acknowledged choice recorded.
        await Task.WhenAll(plenary.Where(v => v.Node == _cluster.A).Select(v => v.OpenAsync(_cluster.B, _cluster.StatementId)));
        foreach (var voter in plenary)
        {
            Assert.Equal(voter.Acknowledged, await voter.RecordedAsync());
        }

        // PostgreSQL: each voter responded once (the record of participation), and the ballots (which name nobody) hold
        // the last acknowledged choices, one each.
        var expected = choices.Select(c => plenary.Count(v => v.Acknowledged == c)).ToList();
        Assert.Equal(plenary.Select(v => v.Email).Order(StringComparer.Ordinal), (await _cluster.RespondentsAsync(poll.Id)).Order(StringComparer.Ordinal));
        var ballots = await _cluster.BallotsAsync(poll.Id);
        Assert.Equal(expected, new[] { "Support", "CanLiveWith", "Objection" }.Select(c => ballots.GetValueOrDefault(c)));
        Assert.Equal(voters, ballots.Values.Sum());

        // The chair closes: the counts shown and recorded are the same, and no ballot is kept.
        await adoption.GetByRole(AriaRole.Button, new() { Name = "Close the poll" }).ClickAsync();
        await adoption.Locator(".adoption__status--adopted, .adoption__status--not-adopted").WaitForAsync();
        Assert.Equal(expected.Select(n => n.ToString(CultureInfo.InvariantCulture)), await adoption.Locator(".adoption__tally dd").AllTextContentsAsync());
        var closed = await _cluster.LatestPollAsync();
        Assert.False(closed.IsOpen);
        Assert.Equal(expected, new[] { closed.Support, closed.CanLiveWith, closed.Objections });
        Assert.Empty(await _cluster.BallotsAsync(poll.Id));
        output.WriteLine($"counted: {string.Join(", ", choices.Zip(expected, (c, n) => $"{c} {n}"))}");
    }

    /// <summary>The organiser signs in with their password on <paramref name="node"/> and makes everyone's personal link (e-mail → path).</summary>
    private async Task<(IBrowserContext Organiser, IReadOnlyDictionary<string, string> Links)> OrganiserAsync(ClusterBrowser browser, AppNode node)
    {
        var organiser = await browser.SignInWithPasswordAsync(node, TwoNodeCluster.Organiser, await _cluster.DemoPasswordOfAsync(TwoNodeCluster.Organiser));
        browser.Retries.ForEach(output.WriteLine);
        return (organiser, await ClusterBrowser.InvitationPathsAsync(organiser, node, _cluster.ConsultationId));
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

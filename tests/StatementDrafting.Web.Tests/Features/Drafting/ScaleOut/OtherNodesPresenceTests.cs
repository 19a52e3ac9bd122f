using Microsoft.Extensions.Time.Testing;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.ScaleOut;

namespace StatementDrafting.Web.Tests.Features.Drafting.ScaleOut;

/// <summary>
/// The other nodes' presence as one node keeps it: each node's latest list per statement, merged; an older list that
/// arrives late is ignored; a node's people go when it says it left or when it has not repeated them for the lifetime.
/// And what goes on the wire: a message of ours reads back the same, anything else is ignored.
/// </summary>
public sealed class OtherNodesPresenceTests
{
    private const int Statement = 7;
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(6);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void The_lists_of_several_nodes_are_merged_and_each_node_s_next_list_replaces_its_last()
    {
        var others = new OtherNodesPresence(_clock, Lifetime);

        Assert.True(others.Hear("b", 1, Statement, [new("Participant 4", "k3m9q2w7x4ab")]));
        Assert.True(others.Hear("c", 1, Statement, [new("Organiser", null)]));
        Assert.Equal(["Organiser@", "Participant 4@k3m9q2w7x4ab"], Names(others.In(Statement)));

        Assert.True(others.Hear("b", 2, Statement, [new("Participant 4", "p2q3r4s5t6u7")]));
        Assert.Equal(["Organiser@", "Participant 4@p2q3r4s5t6u7"], Names(others.In(Statement)));

        // The same list again (a node repeating itself) changes nothing anyone sees.
        Assert.False(others.Hear("b", 2, Statement, [new("Participant 4", "p2q3r4s5t6u7")]));
        Assert.Empty(others.In(Statement + 1));

        // Nobody on node b any more.
        Assert.True(others.Hear("b", 3, Statement, []));
        Assert.Equal(["Organiser@"], Names(others.In(Statement)));
    }

    [Fact]
    public void An_older_list_arriving_after_a_newer_one_is_ignored()
    {
        var others = new OtherNodesPresence(_clock, Lifetime);

        Assert.False(others.Hear("b", 5, Statement, [])); // nobody there: nothing anyone sees changed
        Assert.False(others.Hear("b", 4, Statement, [new("Participant 4", "k3m9q2w7x4ab")]));
        Assert.Empty(others.In(Statement));

        Assert.True(others.Hear("b", 6, Statement, [new("Participant 4", null)]));
        Assert.False(others.Hear("b", 5, Statement, []));
        Assert.Equal(["Participant 4@"], Names(others.In(Statement)));
    }

    [Fact]
    public void A_node_s_people_expire_when_it_has_not_repeated_them_within_the_lifetime_and_a_repeat_keeps_them()
    {
        var others = new OtherNodesPresence(_clock, Lifetime);
        others.Hear("b", 1, Statement, [new("Participant 4", null)]);
        others.Hear("c", 1, Statement, [new("Participant 9", null)]);

        _clock.Advance(Lifetime / 2);
        others.Hear("c", 1, Statement, [new("Participant 9", null)]); // c repeats; b says nothing more
        _clock.Advance(Lifetime / 2);
        Assert.Empty(others.Expire()); // exactly the lifetime: not yet
        Assert.Equal(["Participant 4@", "Participant 9@"], Names(others.In(Statement)));

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([Statement], others.Expire());
        Assert.Equal(["Participant 9@"], Names(others.In(Statement)));

        _clock.Advance(Lifetime);
        Assert.Equal([Statement], others.Expire());
        Assert.Empty(others.In(Statement));
        Assert.Empty(others.Expire());
    }

    [Fact]
    public void A_node_that_left_is_forgotten_in_every_statement_and_its_late_messages_are_ignored()
    {
        var others = new OtherNodesPresence(_clock, Lifetime);
        others.Hear("b", 1, Statement, [new("Participant 4", null)]);
        others.Hear("b", 2, Statement + 1, [new("Participant 4", null)]);
        others.Hear("b", 3, Statement + 2, []);
        others.Hear("c", 1, Statement, [new("Participant 9", null)]);

        Assert.Equal([Statement, Statement + 1], others.Forget("b").Order());
        Assert.Equal(["Participant 9@"], Names(others.In(Statement)));
        Assert.Empty(others.In(Statement + 1));

        Assert.False(others.Hear("b", 3, Statement, [new("Participant 4", null)]));
        Assert.Equal(["Participant 9@"], Names(others.In(Statement)));
    }

    [Fact]
    public void A_presence_message_reads_back_as_it_was_sent()
    {
        var sent = NodePresence.Of("node-b", 12, Statement, [new("Participant 4", "k3m9q2w7x4ab"), new("Organiser", null)]);

        var json = sent.ToJson();
        var read = NodePresence.Parse(json);

        Assert.NotNull(read);
        Assert.Equal(("node-b", 12L, Statement, false), (read.Node, read.Sequence, read.Statement, read.Left));
        Assert.Equal([new PresenceEntry("Participant 4", "k3m9q2w7x4ab"), new PresenceEntry("Organiser", null)], read.Entries());
        Assert.Equal("""{"node":"node-b","sequence":12,"statement":7,"people":[["Participant 4","k3m9q2w7x4ab"],["Organiser",null]]}""", json);

        var goodbye = NodePresence.Parse(NodePresence.Goodbye("node-b", 13).ToJson());
        Assert.Equal(("node-b", 13L, true), (goodbye!.Node, goodbye.Sequence, goodbye.Left));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("""{"node":"b","sequence":1,"statement":7}""")]
    [InlineData("""{"sequence":1,"statement":7,"people":[]}""")]
    [InlineData("""{"node":"b","sequence":1,"statement":0,"people":[]}""")]
    [InlineData("""{"node":"b","sequence":-1,"statement":7,"people":[]}""")]
    [InlineData("""{"node":"b","sequence":1,"statement":7,"people":[null]}""")]
    [InlineData("""{"node":"b","sequence":1,"statement":7,"people":[[]]}""")]
    [InlineData("""{"node":"b","sequence":1,"statement":7,"people":[["",null]]}""")]
    [InlineData("""{"node":"b","sequence":1,"statement":7,"people":[["A","b","c"]]}""")]
    [InlineData("""{"node":"b","sequence":1,"statement":7,"people":[[1,2]]}""")]
    [InlineData("""{"node":"b","sequence":1,"statement":7,"people":{"name":"A"}}""")]
    public void Anything_else_on_the_presence_channel_is_ignored(string? json)
    {
        Assert.Null(NodePresence.Parse(json));
    }

    private static string[] Names(IEnumerable<PresenceEntry> entries) =>
        [.. entries.Select(e => $"{e.Name}@{e.Block}").Order(StringComparer.Ordinal)];
}

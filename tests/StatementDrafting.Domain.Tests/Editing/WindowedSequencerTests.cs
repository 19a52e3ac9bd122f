using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Tests.Editing.Simulation;
using Xunit.Abstractions;

using static StatementDrafting.Domain.Tests.Editing.Blocks;

namespace StatementDrafting.Domain.Tests.Editing;

/// <summary>
/// The sequencer as the app runs it: loaded at a stored revision, keeping a small window of recent changes and asking
/// its change log (the port) for older ones. It must answer exactly as a sequencer that keeps everything.
/// </summary>
public class WindowedSequencerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_change_older_than_the_window_is_transformed_over_changes_read_from_the_log()
    {
        var log = new ListLog();
        var server = new DraftSequencer(Doc(Para("a", "Hello")), revision: 0, log, windowSize: 2);
        for (var i = 0; i < 5; i++)
        {
            await log.SubmitAsync(server, i, $"k{i}", Insert("a", 5 + i, 0, "x"));
        }

        var result = await server.SubmitAsync(0, "late", Insert("a", 5, 5, "!"));

        Assert.Equal(6, result.Revision);
        Assert.Equal("xxxxxHello!", server.Blocks[0].Text);
        Assert.Equal([(0, 3)], log.Reads); // revisions 1 to 3 from the log; 4 and 5 from the window
    }

    [Fact]
    public async Task A_key_the_window_forgot_is_found_in_the_log_and_answered_as_a_duplicate()
    {
        var log = new ListLog();
        var server = new DraftSequencer(Doc(Para("a", "Hello")), revision: 0, log, windowSize: 1);
        await log.SubmitAsync(server, 0, "first", Insert("a", 5, 0, "x"));
        await log.SubmitAsync(server, 1, "second", Insert("a", 6, 0, "y"));
        await log.SubmitAsync(server, 2, "third", Insert("a", 7, 0, "z"));

        var again = await server.SubmitAsync(0, "first", Insert("a", 5, 0, "x"));

        Assert.Equal((SubmitStatus.Duplicate, 1), (again.Status, again.Revision));
        Assert.Equal(3, server.Revision);
        Assert.Equal("zyxHello", server.Blocks[0].Text);
    }

    [Fact]
    public async Task A_base_older_than_the_log_holds_is_refused_as_stale_and_changes_nothing()
    {
        var log = new ListLog(forgetBefore: 2);
        var server = new DraftSequencer(Doc(Para("a", "Hello")), revision: 0, log, windowSize: 1);
        for (var i = 0; i < 4; i++)
        {
            await log.SubmitAsync(server, i, $"k{i}", Insert("a", 5 + i, 0, "x"));
        }

        var refused = await Assert.ThrowsAsync<EditRefusedException>(async () => await server.SubmitAsync(0, "old", Insert("a", 5, 0, "!")));

        Assert.Equal(EditError.StaleRevision, refused.Code);
        Assert.Equal("stale_revision", refused.Code.WireCode());
        Assert.Equal(4, server.Revision);
        Assert.Equal("xxxxHello", server.Blocks[0].Text);
    }

    /// <summary>
    /// Two app nodes: node B follows what node A sequenced (read back from the log) instead of loading the statement
    /// again, and then transforms its own clients' changes over it from memory, exactly as node A would.
    /// </summary>
    [Fact]
    public async Task A_followed_change_is_applied_remembered_and_transformed_over_without_reading_the_log()
    {
        var log = new ListLog();
        var a = new DraftSequencer(Doc(Para("a", "Hello")), revision: 0, log);
        var b = new DraftSequencer(Doc(Para("a", "Hello")), revision: 0, new ListLog());
        await log.SubmitAsync(a, 0, "from-a", Insert("a", 5, 0, ">> "));

        b.Follow(a.Log[^1]);
        var viaB = await b.SubmitAsync(0, "typed-on-b", Insert("a", 5, 5, "!"));
        var resent = await b.SubmitAsync(0, "from-a", Insert("a", 5, 0, ">> "));
        var viaA = await a.SubmitAsync(0, "typed-on-b", Insert("a", 5, 5, "!"));

        Assert.Equal((2, ">> Hello!"), (viaB.Revision, b.Blocks[0].Text));
        Assert.Equal(viaA.Ops, viaB.Ops);
        Assert.Equal((SubmitStatus.Duplicate, 1), (resent.Status, resent.Revision));
        Assert.Empty(log.Reads);
    }

    [Fact]
    public async Task Only_the_next_revision_can_be_followed()
    {
        var log = new ListLog();
        var a = new DraftSequencer(Doc(Para("a", "Hello")), revision: 0, log);
        await log.SubmitAsync(a, 0, "one", Insert("a", 5, 0, "1"));
        await log.SubmitAsync(a, 1, "two", Insert("a", 6, 0, "2"));
        var b = new DraftSequencer(Doc(Para("a", "Hello")), revision: 0, new ListLog());

        Assert.Throws<ArgumentException>(() => b.Follow(a.Log[1]));
        Assert.Equal((0, "Hello"), (b.Revision, b.Blocks[0].Text));
        b.Follow(a.Log[0]);
        b.Follow(a.Log[1]);
        Assert.Equal((2, "21Hello"), (b.Revision, b.Blocks[0].Text));
    }

    [Fact]
    public async Task A_sequencer_loaded_at_a_later_revision_numbers_on_from_it()
    {
        var server = new DraftSequencer(Doc(Para("a", "Hello")), revision: 41, new ListLog(), snapshotEvery: 42);

        var result = await server.SubmitAsync(41, "k", Insert("a", 5, 5, "!"));

        Assert.Equal(42, result.Revision);
        Assert.True(server.IsSnapshotRevision(result.Revision));
        Assert.False(server.IsSnapshotRevision(41));
        Assert.Empty(server.SnapshotRevisions); // its snapshots are the caller's to store
    }

    [Theory]
    [InlineData(20261204, 1)]
    [InlineData(7, 3)]
    [InlineData(99, 16)]
    public async Task Random_stale_changes_and_resends_get_the_same_answers_as_from_a_sequencer_that_keeps_everything(int seed, int windowSize)
    {
        // Two windowed sequencers on one log, as two app nodes: each change goes to one of them at random, and the
        // other follows it (Follow), as a node does with what another node stored.
        output.WriteLine($"seed {seed}, window {windowSize}");
        var random = new Random(seed);
        var edits = new RandomEdits(random);
        var start = edits.Document(2, 5);
        var reference = new DraftSequencer(start);
        var log = new ListLog();
        var nodes = new[] { new DraftSequencer(start, revision: 0, log, windowSize: windowSize), new DraftSequencer(start, revision: 0, log, windowSize: windowSize) };
        var keys = new List<(int Base, string Key, EditOp Op)>();

        for (var step = 0; step < 1_500; step++)
        {
            (int Base, string Key, EditOp Op) submission;
            if (keys.Count > 0 && random.Next(8) == 0)
            {
                submission = keys[random.Next(keys.Count)]; // a resend
            }
            else
            {
                var baseRevision = Math.Max(0, reference.Revision - random.Next(0, 25));
                var op = edits.Of(random.Next(OpKinds.Count), reference.DocumentAt(baseRevision));
                if (op is null)
                {
                    continue;
                }

                submission = (baseRevision, $"k{step}", op);
            }

            var windowed = nodes[random.Next(2)];
            var other = nodes[0] == windowed ? nodes[1] : nodes[0];
            SubmitResult expected;
            try
            {
                expected = reference.Submit(submission.Base, submission.Key, submission.Op);
            }
            catch (EditRefusedException refused)
            {
                var same = await Assert.ThrowsAsync<EditRefusedException>(async () => await windowed.SubmitAsync(submission.Base, submission.Key, submission.Op));
                Assert.Equal(refused.Code, same.Code);
                continue;
            }

            var actual = await windowed.SubmitAsync(submission.Base, submission.Key, submission.Op);
            Assert.Equal(expected.Status, actual.Status);
            Assert.Equal(expected.Revision, actual.Revision);
            Assert.Equal(expected.Ops, actual.Ops);
            Assert.Equal(expected.Discarded, actual.Discarded);
            if (actual.Status == SubmitStatus.Applied)
            {
                log.Add(actual, submission.Key);
                keys.Add(submission);
                other.Follow(new SequencedChange(actual.Revision, submission.Key, actual.Ops, actual.Discarded));
            }

            Assert.True(reference.CloneDocument().ContentEquals(windowed.CloneDocument()), $"step {step}: the documents differ");
            Assert.True(reference.CloneDocument().ContentEquals(other.CloneDocument()), $"step {step}: the following node's document differs");
        }

        Assert.True(log.Reads.Count > 0, "some changes were older than the window");
        output.WriteLine($"{reference.Revision} revisions, {log.Reads.Count} reads of the log");
    }

    /// <summary>The change log as the writer keeps it: every applied change, by revision and key.</summary>
    private sealed class ListLog(int forgetBefore = 0) : IChangeLog
    {
        private readonly List<SequencedChange> _changes = [];

        public List<(int After, int UpTo)> Reads { get; } = [];

        private readonly Dictionary<string, SequencedChange> _keys = [];

        public void Add(SubmitResult result, string key)
        {
            var change = new SequencedChange(result.Revision, key, result.Ops, result.Discarded);
            _changes.Add(change);
            _keys[key] = change;
        }

        public async Task SubmitAsync(DraftSequencer server, int baseRevision, string key, EditOp op) =>
            Add(await server.SubmitAsync(baseRevision, key, op), key);

        public ValueTask<IReadOnlyList<SequencedChange>> ReadAsync(int afterRevision, int upToRevision, CancellationToken cancellationToken = default)
        {
            Reads.Add((afterRevision, upToRevision));
            return ValueTask.FromResult<IReadOnlyList<SequencedChange>>(
                [.. _changes.Where(c => c.Revision > Math.Max(afterRevision, forgetBefore) && c.Revision <= upToRevision)]);
        }

        public ValueTask<SequencedChange?> FindAsync(string changeKey, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(_keys.GetValueOrDefault(changeKey));
    }
}

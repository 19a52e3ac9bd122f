using System.Globalization;

using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Domain.Tests.Editing.Simulation;

/// <summary>
/// One seeded case of live co-editing: 2 to 5 <see cref="DraftingClient"/>s make 20 to 60 random operations of every kind
/// against a <see cref="DraftSequencer"/>, with messages to and from the server queued per client and delivered in
/// random interleavings (sometimes out of order, sometimes lost by a reconnect). Bases are at most
/// <see cref="MaxStaleness"/> revisions behind. At the end everything is delivered and <see cref="Check"/> lists
/// what went wrong: replicas that differ, characters lost or resurrected, a log that does not replay.
/// </summary>
internal sealed class DraftingSimulation
{
    public const int MaxStaleness = 10;
    private const int MaxSteps = 100_000;
    private const string IdAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    private readonly Random random;
    private readonly DraftSequencer server;
    private readonly List<SimClient> clients = [];
    private readonly List<InTransit> up = [];
    private readonly List<DraftDocument> serverDocuments = [];
    private readonly HashSet<char> initialChars = [];
    private readonly HashSet<char> inserted = [];
    private readonly HashSet<char> intendedDeleted = [];
    private readonly HashSet<char> inDeletedBlocks = [];
    private readonly HashSet<char> removedByBlockDeletes = [];
    private readonly HashSet<char> reportedDiscarded = [];
    private readonly HashSet<string> fromBlockDeletes = new(StringComparer.Ordinal);
    private readonly List<string> failures = [];
    private int nextChar;
    private int operationsLeft;

    public DraftingSimulation(int seed, TransformRules? rules = null, PairCounts? pairs = null)
    {
        Seed = seed;
        random = new Random(seed);
        var transformRules = (rules ?? TransformRules.Standard) with { Observer = pairs is null ? null : pairs.Add };
        var initial = new DraftDocument(Enumerable.Range(0, random.Next(2, 6)).Select(_ => RandomBlock(initialChars)));
        server = new DraftSequencer(initial, snapshotEvery: random.Next(3, 8), transformRules);
        serverDocuments.Add(initial.Clone());
        var clientCount = random.Next(2, 6);
        for (var c = 0; c < clientCount; c++)
        {
            var index = c;
            var counter = 0;
            clients.Add(new SimClient(
                index, new DraftingClient(initial, 0, () => string.Create(CultureInfo.InvariantCulture, $"c{index}-{++counter:D6}"))));
        }

        operationsLeft = random.Next(20, 61);
    }

    public int Seed { get; }

    /// <summary>When set, every event of the case is written here (to debug a failing seed).</summary>
    public Action<string>? Trace { get; init; }

    public int Operations { get; private set; }

    public int Refusals { get; private set; }

    public int Reconnects { get; private set; }

    public int MaxStalenessSeen { get; private set; }

    /// <summary>
    /// Characters that were in a block when some client deleted it (as that client saw it) and survive: not a failure
    /// (the protocol lets a concurrent join or split keep them, e.g. a joined-in block comes back), but counted.
    /// </summary>
    public int SurvivorsOfBlockDeletes { get; private set; }

    public int Revisions => server.Revision;

    /// <summary>Runs the case and returns what is wrong (nothing when all is well).</summary>
    public IReadOnlyList<string> Run()
    {
        try
        {
            var steps = 0;
            while (Step())
            {
                if (++steps > MaxSteps)
                {
                    failures.Add("The simulation did not settle.");
                    break;
                }
            }

            Check();
        }
        catch (Exception e)
        {
            failures.Add($"Unexpected {e.GetType().Name}: {e.Message}{Environment.NewLine}{e.StackTrace}");
        }

        return failures;
    }

    private static void AddChars(HashSet<char> set, string text)
    {
        foreach (var c in text)
        {
            set.Add(c);
        }
    }

    private static IEnumerable<char> Chars(DraftDocument document) => document.Blocks.SelectMany(b => b.Text);

    private static string Describe(IEnumerable<char> chars) =>
        string.Join(' ', chars.Take(20).Select(c => ((int)c).ToString("x4", CultureInfo.InvariantCulture)));

    private bool Step()
    {
        var canOperate = operationsLeft > 0;
        var canDeliverUp = up.Count > 0;
        var downClients = clients.Where(c => c.Down.Count > 0).ToList();
        if (!canOperate && !canDeliverUp && downClients.Count == 0)
        {
            // Everything is delivered: give every client a last chance to send what it still holds.
            var sent = false;
            foreach (var client in clients)
            {
                sent |= TrySend(client);
            }

            return sent;
        }

        var roll = random.Next(100);
        if (canOperate && (roll < 35 || (!canDeliverUp && downClients.Count == 0)))
        {
            var client = clients[random.Next(clients.Count)];
            if (random.Next(100) < 2)
            {
                Reconnect(client);
            }
            else
            {
                LocalOperation(client);
            }
        }
        else if (canDeliverUp && (roll < 65 || downClients.Count == 0))
        {
            DeliverUp();
        }
        else if (downClients.Count > 0)
        {
            DeliverDown(downClients[random.Next(downClients.Count)]);
        }

        return true;
    }

    private bool TrySend(SimClient client)
    {
        var sent = false;
        while (server.Revision - client.Client.Revision <= MaxStaleness - up.Count)
        {
            var submission = client.Client.NextSubmission();
            if (submission is null)
            {
                break;
            }

            if (client.Client.OriginOf(submission.ChangeId) is DeleteBlock)
            {
                fromBlockDeletes.Add(submission.ChangeId);
            }

            up.Add(new InTransit(client, submission));
            sent = true;
        }

        return sent;
    }

    private void DeliverUp()
    {
        // Keep every base within reach: when one in-transit submission would become too stale, it goes first.
        var oldest = up.MinBy(t => t.Submission.BaseRevision)!;
        var limit = MaxStaleness - (up.Count - 1);
        var next = server.Revision - oldest.Submission.BaseRevision >= limit ? oldest : up[random.Next(up.Count)];
        up.Remove(next);
        var submission = next.Submission;
        var before = server.Revision;
        try
        {
            var result = server.Submit(submission.BaseRevision, submission.ChangeId, submission.Op);
            Trace?.Invoke($"server {result.Status} {submission.ChangeId} base {submission.BaseRevision} {submission.Op} -> r{result.Revision} {EditOpJson.Serialize(result.Ops)}; {server.CloneDocument()}");
            if (result.Status == SubmitStatus.Applied)
            {
                MaxStalenessSeen = Math.Max(MaxStalenessSeen, before - submission.BaseRevision);
                if (before - submission.BaseRevision > MaxStaleness)
                {
                    failures.Add($"Submission {submission.ChangeId} was {before - submission.BaseRevision} revisions stale.");
                }

                var document = server.CloneDocument();
                if (fromBlockDeletes.Contains(submission.ChangeId))
                {
                    var after = Chars(document).ToHashSet();
                    removedByBlockDeletes.UnionWith(Chars(serverDocuments[^1]).Where(c => !after.Contains(c)));
                }

                serverDocuments.Add(document);
                foreach (var client in clients)
                {
                    client.Down.Add(new Changed(result.Revision, submission.ChangeId, result.Ops));
                }
            }

            next.Client.Down.Add(new Acknowledged(submission.ChangeId, result.Revision, result.Ops, result.Discarded));
        }
        catch (EditRefusedException e)
        {
            Refusals++;
            failures.Add($"The server refused {submission.ChangeId} ({submission.Op}) at base {submission.BaseRevision}: {e.Code} {e.Message}");
            next.Client.Down.Add(new Refused(submission.ChangeId));
        }
    }

    private void DeliverDown(SimClient client)
    {
        // Mostly in order; sometimes one of the next few messages overtakes the others.
        var index = random.Next(100) < 80 ? 0 : random.Next(Math.Min(3, client.Down.Count));
        var message = client.Down[index];
        client.Down.RemoveAt(index);
        var reports = message switch
        {
            Changed changed => client.Client.ReceiveChanged(changed.Revision, changed.ChangeId, changed.Ops),
            Acknowledged ack => client.Client.ReceiveAcknowledgement(ack.ChangeId, ack.Revision, ack.Ops, ack.Discarded),
            Refused refused => client.Client.ReceiveRefusal(refused.ChangeId),
            _ => [],
        };
        Reported(reports);
        Trace?.Invoke($"client {client.Index} receives {message}; local {client.Client.Local}; outbox {string.Join(", ", client.Client.Outbox.Select(e => $"{e.ChangeId}{(e.Sent ? "*" : "")}:{string.Join("+", e.Ops)}"))}");
        CheckConsistent(client, message.ToString()!);
        TrySend(client);
    }

    private void Reconnect(SimClient client)
    {
        Reconnects++;
        Trace?.Invoke($"client {client.Index} reconnects");
        client.Down.Clear();
        up.RemoveAll(t => t.Client == client && random.Next(2) == 0);
        foreach (var change in server.ChangesSince(client.Client.Revision))
        {
            Reported(client.Client.ReceiveChanged(change.Revision, change.ChangeKey, change.Ops));
        }

        client.Client.Reconnected();
        CheckConsistent(client, "reconnect");
        TrySend(client);
    }

    private void Reported(IReadOnlyList<DiscardedEdit> reports)
    {
        foreach (var report in reports)
        {
            AddChars(reportedDiscarded, report.Text);
        }
    }

    private void CheckConsistent(SimClient client, string after)
    {
        if (client.Client.Inconsistency() is { } problem)
        {
            failures.Add($"Client {client.Index}: local is not confirmed + outbox after {after}: {problem}");
        }
    }

    private void LocalOperation(SimClient client)
    {
        operationsLeft--;
        Operations++;
        var local = client.Client.Local;
        var newChars = new List<char>();
        var deleting = new List<char>();
        var deletingBlock = new List<char>();
        var op = Generate(local, newChars, deleting, deletingBlock);
        try
        {
            client.Client.Edit(op);
        }
        catch (EditRefusedException e)
        {
            failures.Add($"Client {client.Index} could not apply its own {op}: {e.Message}");
            return;
        }

        inserted.UnionWith(newChars);
        intendedDeleted.UnionWith(deleting);
        inDeletedBlocks.UnionWith(deletingBlock);
        Trace?.Invoke($"client {client.Index} edits {op}; local {client.Client.Local}");
        CheckConsistent(client, $"local {op}");
        TrySend(client);
    }

    private EditOp Generate(DraftDocument local, List<char> newChars, List<char> deleting, List<char> deletingBlock)
    {
        var blocks = local.Blocks;
        if (blocks.Count == 0)
        {
            return RandomInsert(null, newChars);
        }

        var block = blocks[random.Next(blocks.Count)];
        var roll = random.Next(100);
        if (blocks.Count > 12 && roll < 50)
        {
            roll = random.Next(2) == 0 ? 45 : 95; // too many blocks: delete or join
        }

        switch (roll)
        {
            case < 20 when block.Text.Length < 80:
                var position = random.Next(block.Text.Length + 1);
                var text = NewText(random.Next(1, 4), newChars);
                return new TextEdit(block.Id, TextOperation.InsertAt(block.Text.Length, position, text));
            case < 33 when block.Text.Length > 0:
                var start = random.Next(block.Text.Length);
                var count = random.Next(1, Math.Min(4, block.Text.Length - start + 1));
                deleting.AddRange(block.Text.Substring(start, count));
                return new TextEdit(block.Id, TextOperation.DeleteAt(block.Text.Length, start, count));
            case < 43:
                var place = random.Next(blocks.Count + 1);
                return RandomInsert(place == blocks.Count ? null : blocks[place].Id, newChars);
            case < 51:
                deletingBlock.AddRange(block.Text);
                return new DeleteBlock(block.Id);
            case < 63 when blocks.Count > 1:
                var others = blocks.Where(b => b.Id != block.Id).Select(b => (BlockId?)b.Id).Append(null).ToList();
                return new MoveBlock(block.Id, others[random.Next(others.Count)]);
            case < 73:
                var (kind, level) = RandomStyle();
                return new RestyleBlock(block.Id, kind, level);
            case < 87 when block.Text.Length < 120:
                var (newKind, newLevel) = RandomStyle();
                return new SplitBlock(block.Id, random.Next(block.Text.Length + 1), NewId(), newKind, newLevel);
            case >= 87 when blocks.Count > 1:
                var index = random.Next(blocks.Count - 1);
                var next = random.Next(10) == 0
                    ? blocks.Where(b => b.Id != blocks[index].Id).ElementAt(random.Next(blocks.Count - 1)).Id
                    : blocks[index + 1].Id;
                return new JoinBlocks(blocks[index].Id, next);
            default:
                // The drawn kind does not fit this block: type instead (short blocks) or delete a little.
                if (block.Text.Length < 80 || random.Next(2) == 0)
                {
                    var where = random.Next(block.Text.Length + 1);
                    return new TextEdit(block.Id, TextOperation.InsertAt(block.Text.Length, where, NewText(1, newChars)));
                }

                deleting.Add(block.Text[0]);
                return new TextEdit(block.Id, TextOperation.DeleteAt(block.Text.Length, 0, 1));
        }
    }

    private InsertBlock RandomInsert(BlockId? after, List<char> newChars)
    {
        var (kind, level) = RandomStyle();
        return new InsertBlock(NewId(), after, kind, level, NewText(random.Next(0, 3), newChars));
    }

    private DraftBlock RandomBlock(HashSet<char> chars)
    {
        var (kind, level) = RandomStyle();
        var text = new string([.. Enumerable.Range(0, random.Next(0, 9)).Select(_ => NextChar())]);
        AddChars(chars, text);
        return new DraftBlock(NewId(), kind, level, text);
    }

    private (BlockKind Kind, int Level) RandomStyle() => random.Next(3) switch
    {
        0 => (BlockKind.Heading, random.Next(1, 4)),
        1 => (BlockKind.NumberedParagraph, 0),
        _ => (BlockKind.UnnumberedParagraph, 0),
    };

    private BlockId NewId() => BlockId.Parse(new string([.. Enumerable.Range(0, 12).Select(_ => IdAlphabet[random.Next(IdAlphabet.Length)])]));

    /// <summary>Characters never seen before in this case: CJK ideographs from U+4E00 on (one UTF-16 unit each).</summary>
    private char NextChar() => (char)(0x4E00 + nextChar++);

    private string NewText(int length, List<char> newChars)
    {
        var text = new string([.. Enumerable.Range(0, length).Select(_ => NextChar())]);
        newChars.AddRange(text);
        return text;
    }

    private void Check()
    {
        var final = server.CloneDocument();

        // (1) Every replica equals the server.
        foreach (var client in clients)
        {
            if (!client.Client.IsSettled)
            {
                failures.Add($"Client {client.Index} is not settled: {client.Client.Outbox.Count} queued, catch-up needed {client.Client.NeedsCatchUp}.");
            }

            if (client.Client.Revision != server.Revision || !client.Client.Confirmed.ContentEquals(final))
            {
                failures.Add($"Client {client.Index} confirmed (r{client.Client.Revision}) differs from the server (r{server.Revision}).");
            }

            if (!client.Client.Local.ContentEquals(final))
            {
                failures.Add($"Client {client.Index} local differs from the server:{Environment.NewLine}  local  {client.Client.Local}{Environment.NewLine}  server {final}");
            }
        }

        // (2) Every character is where the intents say: initial and inserted ones, minus what a client meant to delete
        // with a text edit (the range, as that client saw it), what block deletes removed at the server (also text typed
        // there meanwhile; a block delete may reach the server as text operations, when its block was joined into
        // another), and what was reported to its author as discarded.
        var counts = Chars(final).GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        var duplicated = counts.Where(p => p.Value > 1).Select(p => p.Key).ToList();
        if (duplicated.Count > 0)
        {
            failures.Add($"Characters appear twice: {Describe(duplicated)}");
        }

        var expected = initialChars.Union(inserted).Except(intendedDeleted).Except(removedByBlockDeletes).Except(reportedDiscarded).ToHashSet();
        var missing = expected.Where(c => !counts.ContainsKey(c)).ToList();
        SurvivorsOfBlockDeletes = inDeletedBlocks.Count(counts.ContainsKey);
        var unexpected = counts.Keys.Where(c => !expected.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            failures.Add($"{missing.Count} characters were lost without being reported: {Describe(missing)}");
        }

        if (unexpected.Count > 0)
        {
            var resurrected = unexpected.Where(intendedDeleted.Contains).ToList();
            var reported = unexpected.Where(reportedDiscarded.Contains).ToList();
            failures.Add($"{unexpected.Count} characters should be gone: {resurrected.Count} deleted by someone ({Describe(resurrected)}), " +
                         $"{reported.Count} reported as discarded ({Describe(reported)}).");
        }

        // (3) Replaying the log once from revision 0 rebuilds every revision and every snapshot.
        var snapshots = server.SnapshotRevisions.ToHashSet();
        if (!server.Snapshot(0).ContentEquals(serverDocuments[0]))
        {
            failures.Add("The snapshot of revision 0 differs from the initial document.");
        }

        server.Replay((change, applied, document) =>
        {
            if (!document.ContentEquals(serverDocuments[change.Revision]))
            {
                failures.Add($"Replay: revision {change.Revision} differs from the document stored then.");
            }

            if (!applied.SequenceEqual(change.Ops))
            {
                failures.Add($"Replay: revision {change.Revision} applies as {EditOpJson.Serialize(applied)}, logged {EditOpJson.Serialize(change.Ops)}.");
            }

            if (snapshots.Contains(change.Revision) && !server.Snapshot(change.Revision).ContentEquals(document))
            {
                failures.Add($"Replay: the snapshot of revision {change.Revision} differs.");
            }
        });
        var probe = random.Next(server.Revision + 1);
        if (!server.DocumentAt(probe).ContentEquals(serverDocuments[probe]))
        {
            failures.Add($"The document at revision {probe} rebuilt from its snapshot differs.");
        }
    }

    private sealed class SimClient(int index, DraftingClient client)
    {
        public int Index { get; } = index;

        public DraftingClient Client { get; } = client;

        /// <summary>Messages from the server on their way to this client.</summary>
        public List<object> Down { get; } = [];
    }

    private sealed record InTransit(SimClient Client, ClientSubmission Submission);

    private sealed record Changed(int Revision, string ChangeId, IReadOnlyList<EditOp> Ops);

    private sealed record Acknowledged(string ChangeId, int Revision, IReadOnlyList<EditOp> Ops, IReadOnlyList<DiscardedEdit> Discarded);

    private sealed record Refused(string ChangeId);
}

using System.Globalization;

namespace StatementDrafting.LoadTool;

/// <summary>
/// The second half of <c>selftest</c>: typists and a watcher of one statement, each a <see cref="Replica"/> as the
/// load tool runs it, against a simulated sequencer, in the delivery orders the hub allows (docs/protocol.md). Each step
/// is picked by a seeded random number generator among everything that can happen next:
/// <list type="bullet">
/// <item>a typist types (a marker at a word boundary);</item>
/// <item>a client's connection sends what its replica put in flight. In the tool this runs outside the client's lock,
/// on whichever thread comes first, so other changes may be received between putting a change in flight and
/// sending it;</item>
/// <item>the server takes a submission: refuses it if it does not fit the changes since its base revision (what
/// the server does: <c>out_of_range</c>), or, now and then, for a reason of its own (as <c>rate_limited</c> would);
/// otherwise transforms it over what it missed (the earlier change's inserts first at ties), applies it, answers the
/// author and broadcasts it;</item>
/// <item>a client receives its next broadcast (in revision order; a few never arrive, as for a client that joined
/// while a change was on its way); or the answer to its submission, which is not ordered with the broadcasts and
/// can come before those of earlier revisions;</item>
/// <item>a client with a gap asks for a catch-up (a page of at most <see cref="CatchUpLimit"/> changes whose
/// <c>revision</c> is its last change's, as the server answers), and receives the page later.</item>
/// </list>
/// At the end everything in flight is delivered, and then: no submission was refused except on purpose, every client
/// holds the server's text at the last revision (confirmed and local), and every acknowledged marker is in the
/// server's text exactly once and whole, and none that was refused.
/// </summary>
internal static class ReplicaSimulation
{
    private const int CatchUpLimit = 3;

    /// <summary>Runs the cases; null if all hold, otherwise what went wrong in the first case that failed.</summary>
    public static string? Run(int seed, int cases, int steps = 300)
    {
        for (var n = 0; n < cases; n++)
        {
            var random = new Random(unchecked((seed * 7919) + n));
            if (new Case(random).Run(steps) is { } failure)
            {
                return string.Create(CultureInfo.InvariantCulture, $"case {n}: {failure}");
            }
        }

        return null;
    }

    private sealed class Case
    {
        private static readonly string[] Words = ["We", "the", "stakeholders", "commit", "to", "safe", "orderly", "and", "regular", "migration"];

        private readonly Random _random;
        private readonly Dictionary<string, string> _server = new(StringComparer.Ordinal);
        private readonly List<(string? ChangeId, string Block, TextOp Applied)> _log = [];
        private readonly List<Client> _clients = [];
        private readonly Dictionary<string, string> _acked = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _refused = new(StringComparer.Ordinal);
        private readonly double _refuseOnPurpose;
        private readonly double _dropBroadcast;
        private string? _failure;

        public Case(Random random)
        {
            _random = random;
            var blocks = new[] { "block-a", "block-b" };
            foreach (var block in blocks)
            {
                _server[block] = string.Join(' ', Enumerable.Range(0, random.Next(0, 8)).Select(_ => Words[random.Next(Words.Length)]));
            }

            _refuseOnPurpose = random.Next(3) == 0 ? 0.1 : 0;
            _dropBroadcast = random.Next(3) == 0 ? 0.05 : 0;
            var typists = random.Next(1, 5);
            for (var i = 0; i < typists + 1; i++)
            {
                var typist = i < typists;
                var client = new Client(new Replica(i, typist, new Random(random.Next())), typist ? blocks[i % 3 == 2 ? 1 : 0] : null);
                client.Replica.Acknowledged = entry => entry.Markers.ForEach(m => _acked[m] = entry.ChangeId);
                client.Replica.Failed = why => _failure ??= $"client {client.Replica.Index} failed: {why}";
                client.Replica.Join(Snapshot(), 0);
                _clients.Add(client);
            }
        }

        public string? Run(int steps)
        {
            for (var step = 0; step < steps && _failure is null; step++)
            {
                Step(typing: true);
            }

            // Typing is over: deliver everything still on its way, and fill every gap.
            for (var step = 0; _failure is null && Step(typing: false); step++)
            {
                if (step > 100_000)
                {
                    return "the clients never settle";
                }
            }

            return _failure ?? Check();
        }

        private static Document Of(Dictionary<string, string> texts) =>
            new(texts.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new DocBlock(t.Key, "numbered", 0, t.Value)));

        private Document Snapshot() => Of(_server);

        // One event, picked at random among those that can happen; false when none can.
        private bool Step(bool typing)
        {
            var events = new List<Action>();
            foreach (var client in _clients)
            {
                var c = client;
                if (typing && c.Block is not null)
                {
                    events.Add(() => c.Replica.Type(c.Block));
                }

                if (c.Replica.HasSubmission)
                {
                    // The connection sends what the replica put in flight.
                    events.Add(() => c.InTransit.Enqueue(c.Replica.TakeSubmission()!));
                }

                if (c.InTransit.Count > 0)
                {
                    events.Add(() => Submit(c, c.InTransit.Dequeue()));
                }

                if (c.Broadcasts.Count > 0)
                {
                    events.Add(() => Deliver(c, c.Broadcasts.Dequeue()));
                }

                if (c.Answers.Count > 0)
                {
                    events.Add(() => c.Answers.Dequeue()());
                }

                if (c.CatchUpFrom is null && (c.Replica.HasGap || (!typing && c.Broadcasts.Count == 0 && c.Replica.Revision < _log.Count)))
                {
                    // A gap that lasted (the tool waits a second); once typing is over, also a client left behind.
                    events.Add(() => c.CatchUpFrom = c.Replica.Revision);
                }

                if (c.CatchUpFrom is { } from)
                {
                    events.Add(() => CatchUp(c, from));
                }
            }

            var idle = !typing && _clients.TrueForAll(c =>
                c.InTransit.Count == 0 && c.Broadcasts.Count == 0 && c.Answers.Count == 0 && c.CatchUpFrom is null
                && !c.Replica.HasSubmission && !c.Replica.HasGap && c.Replica.Revision == _log.Count);
            if (idle)
            {
                return false;
            }

            events[_random.Next(events.Count)]();
            return true;
        }

        private void Submit(Client author, Submission submission)
        {
            var entry = submission.Entry;
            if (submission.BaseRevision > _log.Count)
            {
                _failure = $"{entry.ChangeId} was sent against revision {submission.BaseRevision}, which does not exist yet";
                return;
            }

            if (_random.NextDouble() < _refuseOnPurpose)
            {
                author.Answers.Enqueue(() => Refuse(author, entry, "refused on purpose"));
                return;
            }

            // The server carries the incoming operation over what it missed, the earlier change's inserts first at ties.
            var op = submission.Op;
            for (var r = submission.BaseRevision; r < _log.Count; r++)
            {
                var applied = _log[r];
                if (applied.Block != entry.Block)
                {
                    continue;
                }

                if (applied.Applied.BaseLength != op.BaseLength)
                {
                    _failure = string.Create(CultureInfo.InvariantCulture,
                        $"out_of_range: {entry.ChangeId} (base revision {submission.BaseRevision}) covers {op.BaseLength} characters; the block held {applied.Applied.BaseLength} at revision {r}");
                    return;
                }

                op = TextOp.Transform(applied.Applied, op).B;
            }

            if (op.BaseLength != _server[entry.Block].Length)
            {
                _failure = string.Create(CultureInfo.InvariantCulture,
                    $"out_of_range: {entry.ChangeId} (base revision {submission.BaseRevision}) covers {op.BaseLength} characters; the block holds {_server[entry.Block].Length}");
                return;
            }

            _server[entry.Block] = op.Apply(_server[entry.Block]);
            _log.Add((entry.ChangeId, entry.Block, op));
            var revision = _log.Count;
            foreach (var client in _clients)
            {
                if (_random.NextDouble() >= _dropBroadcast)
                {
                    client.Broadcasts.Enqueue(revision);
                }
            }

            author.Answers.Enqueue(() => author.Replica.Receive(revision, entry.ChangeId, Ops(revision)));
        }

        private void Refuse(Client author, OutboxEntry entry, string why)
        {
            if (author.Replica.Refused(entry))
            {
                entry.Markers.ForEach(m => _refused[m] = why);
            }
        }

        private void Deliver(Client client, int revision) =>
            client.Replica.Receive(revision, _log[revision - 1].ChangeId, Ops(revision));

        private void CatchUp(Client client, int from)
        {
            // The request and its answer: a page of at most CatchUpLimit changes after "from", received later.
            var page = Enumerable.Range(from + 1, Math.Max(0, Math.Min(CatchUpLimit, _log.Count - from))).ToList();
            client.CatchUpFrom = null;
            client.Answers.Enqueue(() =>
            {
                foreach (var revision in page)
                {
                    Deliver(client, revision);
                }

                // As the tool does: the next page while the gap is not filled.
                if (page.Count > 0 && client.Replica.HasGap)
                {
                    client.CatchUpFrom = page[^1];
                }
            });
        }

        private List<EditOp> Ops(int revision)
        {
            var (_, block, applied) = _log[revision - 1];
            return [new EditOp("text", block, applied, string.Empty)];
        }

        private string? Check()
        {
            var server = Snapshot();
            foreach (var client in _clients)
            {
                var r = client.Replica;
                if (r.Failure is not null || r.Revision != _log.Count || r.OutboxCount != 0)
                {
                    return string.Create(CultureInfo.InvariantCulture,
                        $"client {r.Index}: revision {r.Revision} of {_log.Count}, outbox {r.OutboxCount}, failure {r.Failure ?? "none"}");
                }

                if (!r.Confirmed!.ContentEquals(server) || !r.Local!.ContentEquals(server))
                {
                    return $"client {r.Index} diverged: confirmed '{r.Confirmed.AllText()}', local '{r.Local!.AllText()}', server '{server.AllText()}'";
                }
            }

            var text = server.AllText();
            foreach (var (marker, changeId) in _acked)
            {
                var first = text.IndexOf(marker, StringComparison.Ordinal);
                if (first < 0 || text.IndexOf(marker, first + 1, StringComparison.Ordinal) >= 0)
                {
                    return $"acknowledged marker {marker}of {changeId} is {(first < 0 ? "missing from (or cut in) the text" : "twice in the text")}: '{text}'";
                }
            }

            foreach (var marker in _refused.Keys.Where(m => text.Contains(m, StringComparison.Ordinal)))
            {
                return $"refused marker {marker}is in the text";
            }

            var typed = _clients.Sum(c => c.Replica.IsTypist ? 1 : 0);
            return typed > 0 && _acked.Count + _refused.Count == 0 ? "nothing was typed" : null;
        }

        private sealed class Client(Replica replica, string? block)
        {
            public Replica Replica { get; } = replica;

            public string? Block { get; } = block;

            /// <summary>Sent by the connection, not yet taken by the server (at most one: one change in flight).</summary>
            public Queue<Submission> InTransit { get; } = new();

            /// <summary>Revisions broadcast to this client, in order, not yet received.</summary>
            public Queue<int> Broadcasts { get; } = new();

            /// <summary>Answers to this client's invocations (submissions, catch-ups), not yet received.</summary>
            public Queue<Action> Answers { get; } = new();

            /// <summary>A catch-up to ask for, from this revision.</summary>
            public int? CatchUpFrom { get; set; }
        }
    }
}

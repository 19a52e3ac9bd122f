using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;

namespace StatementDrafting.LoadTool;

/// <summary>
/// The amendments benchmark (bench/amendments.sh): a 10,000-word statement with 300 open amendments spread over its
/// paragraphs, each changing a few words. <c>pages-prepare</c> writes them into a stopped app's database (seed 4711,
/// printed); <c>pages-measure</c> then times, against the running app, the statement page and the amendment list
/// (HTTP GET with server prerendering, as a signed-in participant), and how long the amendments of the paragraphs a
/// co-host changes take to follow the new text.
/// </summary>
internal static class AmendmentPages
{
    private const int Seed = 4711;
    private const int Words = 10_000;
    private const int AmendmentCount = 300;
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    private static readonly string[] Vocabulary =
    [
        "migrants", "rights", "states", "ensure", "access", "to", "services", "regular", "pathways", "data", "cooperation",
        "return", "dignity", "labour", "skills", "children", "protection", "borders", "integration", "and", "the", "of",
        "for", "in", "with", "health", "education", "decent", "work", "recruitment", "fair", "remittances", "diaspora",
        "climate", "displacement", "consular", "identity", "documents", "detention", "alternatives", "women", "youth",
    ];

    /// <summary>Replaces the blocks of the cluster's statement by a 10,000-word text and gives it 300 open amendments.</summary>
    public static int Prepare(string database, int cluster)
    {
        Console.Out.WriteLine($"pages-prepare: seed {Seed}, {Words} words, {AmendmentCount} amendments, cluster {cluster}");
        var random = new Random(Seed);
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        var statement = Scalar<long>(connection, transaction, "SELECT Id FROM Statements WHERE Kind = 'Common' AND ClusterNumber = $c", ("$c", cluster));
        var proposer = Scalar<string>(connection, transaction, "SELECT UserId FROM Participations WHERE IsParticipant = 1 AND IsOrganiser = 0 ORDER BY Id LIMIT 1");
        foreach (var table in new[] { "AmendmentEvents WHERE AmendmentId IN (SELECT Id FROM Amendments WHERE StatementId = $s)", "AmendmentSupports WHERE AmendmentId IN (SELECT Id FROM Amendments WHERE StatementId = $s)", "Amendments WHERE StatementId = $s", "StatementChanges WHERE StatementId = $s", "StatementSnapshots WHERE StatementId = $s", "Blocks WHERE StatementId = $s" })
        {
            Execute(connection, transaction, "DELETE FROM " + table, ("$s", statement));
        }

        var paragraphs = new List<(string Id, string Text)>();
        for (var written = 0; written < Words;)
        {
            var length = Math.Min(Words - written, random.Next(70, 150));
            var id = new string([.. Enumerable.Range(0, 12).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
            var text = string.Join(' ', Enumerable.Range(0, length).Select(_ => Vocabulary[random.Next(Vocabulary.Length)])) + ".";
            paragraphs.Add((id, char.ToUpperInvariant(text[0]) + text[1..]));
            written += length;
        }

        for (var i = 0; i < paragraphs.Count; i++)
        {
            Execute(connection, transaction, "INSERT INTO Blocks (Id, StatementId, Kind, HeadingLevel, Text, Position) VALUES ($id, $s, 'NumberedParagraph', 0, $t, $p)",
                ("$id", paragraphs[i].Id), ("$s", statement), ("$t", paragraphs[i].Text), ("$p", i));
        }

        Execute(connection, transaction, "UPDATE Statements SET Revision = 0, IsLocked = 0 WHERE Id = $s", ("$s", statement));
        var at = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
        for (var n = 1; n <= AmendmentCount; n++)
        {
            var (id, text) = paragraphs[(n - 1) % paragraphs.Count];
            var words = text.TrimEnd('.').Split(' ');
            var changed = 1 + random.Next(3);
            for (var k = 0; k < changed; k++)
            {
                words[random.Next(words.Length)] = Vocabulary[random.Next(Vocabulary.Length)] + "-" + n.ToString(CultureInfo.InvariantCulture);
            }

            var proposed = string.Join(' ', words) + ".";
            var amendment = Scalar<long>(connection, transaction,
                """
                INSERT INTO Amendments (StatementId, Number, Kind, BlockId, ProposerId, Rationale, ProposedAtRevision, BaseRevision, BaseText, ProposedText, Status, SupportCount, CreatedAt, UpdatedAt, Version)
                VALUES ($s, $n, 'Replace', $b, $p, 'Clearer wording.', 0, 0, $base, $proposed, 'Open', $support, $at, $at, 1) RETURNING Id
                """,
                ("$s", statement), ("$n", n), ("$b", id), ("$p", proposer), ("$base", text), ("$proposed", proposed), ("$support", n % 7), ("$at", at));
            Execute(connection, transaction,
                "INSERT INTO AmendmentEvents (AmendmentId, Status, Actor, What, Revision, At, Text, Note) VALUES ($a, 'Open', 'Proposer', 'Proposed', 0, $at, $t, NULL)",
                ("$a", amendment), ("$at", at), ("$t", proposed));
        }

        transaction.Commit();
        Console.Out.WriteLine($"pages-prepare: statement {statement}: {paragraphs.Count} paragraphs, {Words} words, {AmendmentCount} open amendments");
        return 0;
    }

    /// <summary>Times the pages (median and p95 of <paramref name="repeat"/> GETs after warming up) and the following.</summary>
    public static async Task<int> MeasureAsync(Uri server, string participantToken, string coHostToken, string database, int statement, int baseline, int repeat)
    {
        using var http = new HttpClient { BaseAddress = server };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", participantToken);
        var page = await TimeGetsAsync(http, $"statements/{statement}", repeat, "open amendments");
        var list = await TimeGetsAsync(http, $"statements/{statement}/amendments", repeat, "Showing 50 of 300");
        var floor = await TimeGetsAsync(http, $"statements/{baseline}", repeat, "¶1");
        Console.Out.WriteLine(Line("statement page with amendment counts", page, floor));
        Console.Out.WriteLine(Line("amendment list", list, floor));

        var follow = await FollowAsync(server, coHostToken, database, statement);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"follow: amendments={follow.Amendments} paragraphs={follow.Paragraphs} p50_ms={Pick(follow.Times, 0.5):0.0} max_ms={follow.Times[^1]:0.0} from_send_p50_ms={Pick(follow.FromSend, 0.5):0.0} (from every change stored to every affected amendment stored on the new text; {follow.Times.Count} rounds)"));
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"amendments page_p50_ms={Pick(page, 0.5):0.0} list_p50_ms={Pick(list, 0.5):0.0} follow_p50_ms={Pick(follow.Times, 0.5):0.0} floor_page_p50_ms={Pick(floor, 0.5):0.0}"));
        return 0;
    }

    private static async Task<List<double>> TimeGetsAsync(HttpClient http, string path, int repeat, string expected)
    {
        for (var i = 0; i < Math.Max(10, repeat / 5); i++)
        {
            await GetAsync(http, path, expected);
        }

        var times = new List<double>();
        for (var i = 0; i < repeat; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await GetAsync(http, path, expected);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        times.Sort();
        return times;
    }

    private static async Task GetAsync(HttpClient http, string path, string expected)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || !body.Contains(expected, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode} without \"{expected}\".");
        }
    }

    /// <summary>
    /// Rounds of: the paragraphs carrying 100 amendments all change at once (one text edit each, sent together over one
    /// connection per paragraph, as several co-hosts would); the time from the moment every change is acknowledged (so
    /// stored) until every amendment on those paragraphs is stored against its paragraph's new text, and the time from
    /// sending the changes to the same point.
    /// </summary>
    private static async Task<(int Amendments, int Paragraphs, List<double> Times, List<double> FromSend)> FollowAsync(Uri server, string token, string database, int statement)
    {
        using var db = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        db.Open();
        var perBlock = new Dictionary<string, int>();
        using (var count = db.CreateCommand())
        {
            count.CommandText = "SELECT BlockId, COUNT(*) FROM Amendments WHERE StatementId = $s AND Status = 'Open' GROUP BY BlockId";
            count.Parameters.AddWithValue("$s", statement);
            using var reader = count.ExecuteReader();
            while (reader.Read())
            {
                perBlock[reader.GetString(0)] = reader.GetInt32(1);
            }
        }

        var connections = new List<HubConnection>();
        try
        {
            var first = await ConnectAsync(server, token);
            connections.Add(first);
            var joined = await first.InvokeAsync<JsonElement>("Join", statement);
            var revision = joined.GetProperty("revision").GetInt32();
            var texts = joined.GetProperty("blocks").EnumerateArray().ToDictionary(b => b.GetProperty("id").GetString()!, b => b.GetProperty("text").GetString()!);
            var blocks = new List<string>();
            var covered = 0;
            foreach (var id in texts.Keys.Where(perBlock.ContainsKey))
            {
                if (covered >= 100)
                {
                    break;
                }

                blocks.Add(id);
                covered += perBlock[id];
            }

            while (connections.Count < blocks.Count)
            {
                var connection = await ConnectAsync(server, token);
                await connection.InvokeAsync<JsonElement>("Join", statement);
                connections.Add(connection);
            }

            var times = new List<double>();
            var fromSend = new List<double>();
            for (var round = 0; round < 7; round++)
            {
                var insert = $"Round {round}: ";
                var sent = Stopwatch.GetTimestamp();
                var acks = await Task.WhenAll(blocks.Select((id, i) => connections[i].InvokeAsync<JsonElement>("Submit", new
                {
                    statementId = statement,
                    changeId = $"follow-{round}-{id}",
                    baseRevision = revision,
                    op = JsonSerializer.SerializeToElement(new { type = "text", block = id, ops = new object[] { insert, texts[id].Length } }),
                })));
                var stored = Stopwatch.GetTimestamp();
                revision = acks.Max(a => a.GetProperty("revision").GetInt32());
                foreach (var id in blocks)
                {
                    texts[id] = insert + texts[id];
                }

                while (Following(db, statement, blocks, insert) < covered)
                {
                    if (Stopwatch.GetElapsedTime(stored) > TimeSpan.FromSeconds(30))
                    {
                        throw new InvalidOperationException("The amendments did not follow the text within 30 s.");
                    }

                    await Task.Delay(1);
                }

                if (round > 1)
                {
                    times.Add(Stopwatch.GetElapsedTime(stored).TotalMilliseconds);
                    fromSend.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                }

                await Task.Delay(1_100); // the hub allows 30 messages per second per connection
            }

            times.Sort();
            fromSend.Sort();
            return (covered, blocks.Count, times, fromSend);
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static async Task<HubConnection> ConnectAsync(Uri server, string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "hubs/drafting"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        await connection.StartAsync();
        return connection;
    }

    /// <summary>How many open amendments of the blocks are stored against their paragraph's newest text (it starts with the round's words).</summary>
    private static int Following(SqliteConnection db, int statement, List<string> blocks, string prefix)
    {
        using var command = db.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM Amendments WHERE StatementId = $s AND Status = 'Open' AND substr(BaseText, 1, length($r)) = $r AND BlockId IN ({string.Join(',', blocks.Select((_, i) => "$b" + i.ToString(CultureInfo.InvariantCulture)))})";
        command.Parameters.AddWithValue("$s", statement);
        command.Parameters.AddWithValue("$r", prefix);
        for (var i = 0; i < blocks.Count; i++)
        {
            command.Parameters.AddWithValue("$b" + i.ToString(CultureInfo.InvariantCulture), blocks[i]);
        }

        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static string Line(string name, List<double> times, List<double> floor) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{name}: p50_ms={Pick(times, 0.5):0.0} p95_ms={Pick(times, 0.95):0.0} max_ms={times[^1]:0.0} n={times.Count} (floor, an ordinary statement page: p50_ms={Pick(floor, 0.5):0.0})");

    private static double Pick(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    private static T Scalar<T>(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}

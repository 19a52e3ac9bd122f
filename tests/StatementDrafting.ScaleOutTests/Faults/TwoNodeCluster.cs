using System.Globalization;
using Npgsql;
using StatementDrafting.ScaleOutTests.Clients;
using StatementDrafting.ScaleOutTests.Servers;
using StatementDrafting.Web.Tests.Features.Drafting.ScaleOut;

namespace StatementDrafting.ScaleOutTests.Faults;

/// <summary>One person of the cluster's consultation, with a personal access token (as <c>accounts create</c> wrote it).</summary>
public sealed record Member(string Email, string Token);

/// <summary>
/// Two app nodes (real processes) sharing one PostgreSQL and one Redis of the test's own, on the demo consultation,
/// with co-hosts of cluster 1's statement (<see cref="Typists"/>) and a participant (<see cref="Reader"/>) who have
/// access tokens. The nodes' data folder is the test's own folder, where the demo writes its sign-in file
/// (<see cref="DemoPasswordOfAsync"/>). Each test makes its own and disposes it.
/// </summary>
public sealed class TwoNodeCluster : IAsyncDisposable
{
    /// <summary>The demo agenda's parallel session whose co-hosts draft cluster 1's statement.</summary>
    private const string ClusterOneSession = "d1-2";

    /// <summary>The demo's organiser (and administrator), who signs in with a password.</summary>
    public const string Organiser = "organiser@example.org";

    private readonly DirectoryInfo _folder;

    private TwoNodeCluster(DirectoryInfo folder, PostgresServer postgres, RedisServer redis)
    {
        (_folder, Postgres, Redis) = (folder, postgres, redis);
    }

    public PostgresServer Postgres { get; }

    public RedisServer Redis { get; }

    public AppNode A { get; private set; } = null!;

    public AppNode B { get; private set; } = null!;

    public IReadOnlyList<Member> Typists { get; private set; } = [];

    public Member Reader { get; private set; } = null!;

    /// <summary>Cluster 1's statement.</summary>
    public int StatementId { get; private set; }

    /// <summary>The demo consultation, cluster 1's statement's.</summary>
    public int ConsultationId { get; private set; }

    public string ConnectionString => Postgres.ConnectionString("drafting");

    public static async Task<TwoNodeCluster> StartAsync(int typists)
    {
        var folder = Directory.CreateTempSubdirectory("statementdrafting-nodes-");
        var postgres = await PostgresServer.StartAsync();
        var redis = await RedisServer.StartNewAsync();
        var cluster = new TwoNodeCluster(folder, postgres, redis);
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Drafting"] = cluster.ConnectionString,
            ["Redis__Configuration"] = redis.Configuration,
            // With PostgreSQL the database path only places the data folder: the test's own, not the app's project folder.
            ["Database__Path"] = Path.Combine(folder.FullName, "statementdrafting.db"),
            ["Demo__Enabled"] = "true",
            ["Drafting__MessagesPerSecond"] = "100",
        };

        // One node first: it migrates the empty database and seeds the demo; then the second.
        cluster.A = await AppNode.StartAsync("node-a", folder.FullName, settings);
        cluster.B = await AppNode.StartAsync("node-b", folder.FullName, settings);
        await cluster.AddMembersAsync(typists);
        return cluster;
    }

    /// <summary>The stored text of a block, read from PostgreSQL itself.</summary>
    public async Task<string> StoredTextAsync(string blockId)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "Text" FROM "Blocks" WHERE "StatementId" = @s AND "Id" = @b""", connection);
        command.Parameters.AddWithValue("s", StatementId);
        command.Parameters.AddWithValue("b", blockId);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The numbered paragraphs of cluster 1's statement as a node shows them (id and text, in order).</summary>
    public async Task<IReadOnlyList<(string Id, string Text)>> ParagraphsAsync(AppNode node)
    {
        await using var connection = await HubClient.ConnectAsync(node.BaseAddress, Reader.Token);
        return (await HubClient.JoinAsync(connection, StatementId)).Blocks;
    }

    /// <summary>
    /// A demo account's password, from the file the first node wrote in the data folder when it started, as a newcomer
    /// finds it.
    /// </summary>
    public async Task<string> DemoPasswordOfAsync(string email)
    {
        var file = Path.Combine(_folder.FullName, "demo-accounts.txt");
        await Wait.UntilAsync(() => File.Exists(file), TimeSpan.FromSeconds(30), () => $"{A.Name} wrote no {file}:\n{ExternalProcess.Tail(A.Log)}");
        var line = (await File.ReadAllLinesAsync(file)).FirstOrDefault(l => l.Contains($" {email} ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{file} lists no password for {email}.");
        return line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
    }

    /// <summary>The latest poll of cluster 1's statement, from PostgreSQL: its id, whether open, and its final counts once closed.</summary>
    public async Task<(int Id, bool IsOpen, int Support, int CanLiveWith, int Objections)> LatestPollAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            """SELECT "Id", "ClosedAt" IS NULL, "FinalSupport", "FinalCanLiveWith", "FinalObjections" FROM "Polls" WHERE "StatementId" = @s ORDER BY "Id" DESC LIMIT 1""",
            connection);
        command.Parameters.AddWithValue("s", StatementId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException("Cluster 1's statement has no poll.");
        }

        return (reader.GetInt32(0), reader.GetBoolean(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4));
    }

    /// <summary>Who responded to a poll (the record of participation, which holds no choice): their e-mails, one row each.</summary>
    public async Task<IReadOnlyList<string>> RespondentsAsync(int pollId)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT u."Email" FROM "PollRespondents" r
            JOIN "Participations" p ON p."Id" = r."ParticipationId"
            JOIN "AspNetUsers" u ON u."Id" = p."UserId"
            WHERE r."PollId" = @p
            """,
            connection);
        command.Parameters.AddWithValue("p", pollId);
        var emails = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            emails.Add(reader.GetString(0));
        }

        return emails;
    }

    /// <summary>An open poll's ballots (which name no voter) counted by choice, as stored: "Support", "CanLiveWith", "Objection".</summary>
    public async Task<IReadOnlyDictionary<string, int>> BallotsAsync(int pollId)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "Choice", count(*)::int FROM "PollBallots" WHERE "PollId" = @p GROUP BY "Choice" """, connection);
        command.Parameters.AddWithValue("p", pollId);
        var ballots = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ballots[reader.GetString(0)] = reader.GetInt32(1);
        }

        return ballots;
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Redis.DisposeAsync();
        await Postgres.DisposeAsync();

        // To look into a failure: STATEMENTDRAFTING_KEEP_LOGS=/some/folder keeps the nodes' logs there (the last test's).
        if (Environment.GetEnvironmentVariable("STATEMENTDRAFTING_KEEP_LOGS") is { Length: > 0 } keep)
        {
            Directory.CreateDirectory(keep);
            foreach (var log in _folder.GetFiles("*.log"))
            {
                log.CopyTo(Path.Combine(keep, log.Name), overwrite: true);
            }
        }

        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false");
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task AddMembersAsync(int typists)
    {
        await using (var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""SELECT "Id", "ConsultationId" FROM "Statements" WHERE "ClusterNumber" = 1""", connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            (StatementId, ConsultationId) = (reader.GetInt32(0), reader.GetInt32(1));
        }

        var people = Path.Combine(_folder.FullName, "people.csv");
        var tokens = Path.Combine(_folder.FullName, "tokens.csv");
        var csv = new System.Text.StringBuilder("email,name,role,session\n");
        for (var i = 1; i <= typists; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"typist{i}@example.org,Fault Typist {i},cohost,{ClusterOneSession}\n");
        }

        csv.Append("reader@example.org,Fault Reader,participant,\n");
        await File.WriteAllTextAsync(people, csv.ToString());
        await ExternalProcess.RunAsync("dotnet",
            [AppBuild.WebDll, "accounts", "create", "--postgres", ConnectionString, "--consultation", "1", "--input", people, "--output", tokens, "--token-days", "1"],
            Path.Combine(_folder.FullName, "accounts.log"), workingDirectory: AppBuild.WebProjectFolder);
        var members = File.ReadAllLines(tokens).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).Select(f => new Member(f[0], f[^1])).ToList();
        Typists = [.. members.Where(m => m.Email.StartsWith("typist", StringComparison.Ordinal))];
        Reader = members.Single(m => m.Email == "reader@example.org");
    }
}

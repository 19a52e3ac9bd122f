using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using StatementDrafting.Domain.Polls;

namespace StatementDrafting.Web.Tests.Features.Polls;

/// <summary>
/// After a poll closes, nothing stored links a person or an organisation to a choice (ADR 0011): not the tables, not
/// the audit trail, not the bytes of the SQLite files (on PostgreSQL: no dead row version left in the poll tables).
/// </summary>
public sealed class PollSecrecyTests : IDisposable
{
    private readonly AppFactory _app = new(demo: true);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task After_close_no_table_joins_a_voter_to_a_choice_and_the_files_hold_no_ballot_key()
    {
        var world = await PollWorld.StartAsync(_app, r => r with { QuorumPercent = null });
        var pollId = await world.OpenAsync();
        var choices = new[] { PollChoice.Support, PollChoice.Objection, PollChoice.CanLiveWith, PollChoice.Support, PollChoice.Objection, PollChoice.Support, PollChoice.CanLiveWith };
        for (var n = 1; n <= choices.Length; n++)
        {
            await world.RespondAsync(PollWorld.Participant(n), pollId, choices[n - 1], choices[n - 1] == PollChoice.Objection ? $"Objection reason number {n}." : null);
        }

        // While open, each ballot is held under a key; these are the per-person values that must not survive the close.
        var keys = await _app.QueryAsync(db => db.PollBallots.Select(b => b.VoterKey).ToListAsync());
        var secret = (await world.PollAsync(pollId)).Secret!;
        Assert.Equal(choices.Length, keys.Count);

        var decision = await world.CloseAsync(pollId);

        Assert.Equal(PollTally.Of(choices), decision.Tally);
        Assert.Equal(0, await _app.QueryAsync(db => db.PollBallots.CountAsync()));
        var poll = await world.PollAsync(pollId);
        Assert.Null(poll.Secret);

        // What is left: who responded (apart), the counts, and the reasons in an order of their own.
        var respondents = await _app.QueryAsync(db => db.PollRespondents.Where(r => r.PollId == pollId).ToListAsync());
        Assert.Equal(choices.Length, respondents.Count);
        var reasons = await _app.QueryAsync(db => db.PollObjections.Where(o => o.PollId == pollId).Select(o => o.Reason).ToListAsync());
        Assert.Equal(["Objection reason number 2.", "Objection reason number 5."], reasons.Order());

        // The audit trail says that each responded, never how.
        var trail = await _app.QueryAsync(db => db.AuditEntries.Where(e => e.Action == "RespondToPoll").Select(e => e.Subject ?? string.Empty).ToListAsync());
        Assert.Equal(choices.Length, trail.Count);
        Assert.All(trail, subject => Assert.Equal($"Poll {pollId}: responded", subject));

        if (_app.PostgresConnectionString is { } postgres)
        {
            // PostgreSQL keeps deleted rows, and the old versions of updated ones, in the table's heap until a VACUUM:
            // closing ran one, so no version of a ballot or of the poll with its secret is left there.
            foreach (var table in new[] { "PollBallots", "Polls" })
            {
                Assert.Equal(0L, await DeadRowVersionsAsync(postgres, table));
            }

            return;
        }

        // The database file and its write-ahead log hold none of the ballot keys nor the secret any more.
        var bytes = ReadDatabaseFiles();
        foreach (var key in keys)
        {
            Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(key)), $"a ballot key is still in the database files: {key}");
        }

        Assert.False(Contains(bytes, secret), "the poll's secret is still in the database files");
        Assert.True(Contains(bytes, Encoding.UTF8.GetBytes("Objection reason number 2.")), "the reading of the files found nothing (a reason is kept)");
    }

    [Fact]
    public async Task Tables_of_the_poll_name_no_choice_beside_a_person_while_open_either()
    {
        var world = await PollWorld.StartAsync(_app);
        var pollId = await world.OpenAsync();
        await world.RespondAsync(PollWorld.Participant(1), pollId, PollChoice.Objection, "Needs work.");

        var userIds = await _app.QueryAsync(db => db.Users.Select(u => u.Id).ToListAsync());
        var ballots = await _app.QueryAsync(db => db.PollBallots.ToListAsync());
        var participationIds = await _app.QueryAsync(db => db.Participations.Select(p => p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToListAsync());

        var ballot = Assert.Single(ballots);
        Assert.DoesNotContain(ballot.VoterKey, userIds);
        Assert.DoesNotContain(ballot.VoterKey, participationIds);
        Assert.Equal(44, ballot.VoterKey.Length); // a base64 HMAC-SHA256, nothing readable
    }

    /// <summary>Row versions in the table's heap that no transaction can see any more (counted page by page, not estimated).</summary>
    private static async Task<long> DeadRowVersionsAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE EXTENSION IF NOT EXISTS pgstattuple; SELECT dead_tuple_count FROM pgstattuple('\"{table}\"');";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private byte[] ReadDatabaseFiles()
    {
        using var buffer = new MemoryStream();
        foreach (var path in new[] { _app.DatabasePath, _app.DatabasePath + "-wal" })
        {
            if (File.Exists(path))
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                file.CopyTo(buffer);
            }
        }

        return buffer.ToArray();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}

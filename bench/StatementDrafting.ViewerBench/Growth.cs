using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace StatementDrafting.ViewerBench;

/// <summary>
/// Grows a statement to a number of words through the hub, as a co-host would by typing new paragraphs: numbered
/// paragraphs of 90 to 130 words of consultation prose (seeded, so every run reads the same text), each inserted at the
/// end in its own change.
/// </summary>
internal static class Growth
{
    private const int Seed = 3000;
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    private static readonly string[] Subjects =
    [
        "Member States", "The working group", "Participants", "Governments and stakeholders", "Countries of origin, transit and destination",
        "Local authorities", "Civil society organisations", "The consultation", "Regional mechanisms", "National human rights institutions",
    ];

    private static readonly string[] Verbs =
    [
        "commit to", "call for", "recognise the need to", "encourage efforts to", "agree to strengthen work to", "underline the importance of measures that",
        "invite partners to", "support cooperation to", "welcome initiatives that", "reaffirm their resolve to",
    ];

    private static readonly string[] Objects =
    [
        "ensure access to basic services for all migrants regardless of status", "expand and diversify pathways for regular migration",
        "protect the rights of migrant workers throughout fair and ethical recruitment", "end the detention of migrant children",
        "improve the collection and use of accurate and disaggregated data", "address the adverse drivers of displacement, including climate change",
        "provide legal identity and adequate documentation", "strengthen consular protection, assistance and cooperation",
        "promote faster, safer and cheaper transfer of remittances", "facilitate dignified return, readmission and sustainable reintegration",
        "invest in skills development and the mutual recognition of qualifications", "counter xenophobia, racism and discrimination in public discourse",
        "save lives and coordinate international efforts on missing migrants", "manage borders in an integrated, secure and coordinated manner",
    ];

    private static readonly string[] Clauses =
    [
        "in line with international law", "with the meaningful participation of migrants themselves", "through a whole-of-society approach",
        "taking into account national realities and capacities", "with particular attention to women and children", "at the local, national and regional levels",
        "in partnership with the private sector and trade unions", "while respecting national sovereignty", "and report on progress at the next review",
    ];

    /// <summary>Words of a statement, counted as a reader would: runs of non-space characters.</summary>
    public static int WordsOf(IEnumerable<string> texts) =>
        texts.Sum(t => t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length);

    /// <summary>Adds paragraphs until the statement holds at least <paramref name="words"/> words; returns (blocks, words, revision).</summary>
    public static async Task<(int Blocks, int Words, int Revision)> GrowAsync(Uri server, string cohostToken, int statementId, int words, TextWriter log, CancellationToken ct)
    {
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "hubs/drafting"), HttpTransportType.WebSockets, o => o.AccessTokenProvider = () => Task.FromResult<string?>(cohostToken))
            .Build();
        await connection.StartAsync(ct);
        var snapshot = await connection.InvokeAsync<JsonElement>("Join", statementId, ct);
        if (!snapshot.GetProperty("canEdit").GetBoolean())
        {
            throw new InvalidOperationException($"The growing co-host may not edit statement {statementId}.");
        }

        var revision = snapshot.GetProperty("revision").GetInt32();
        var blocks = snapshot.GetProperty("blocks").EnumerateArray().Select(b => (Id: b.GetProperty("id").GetString()!, Text: b.GetProperty("text").GetString()!)).ToList();
        var total = WordsOf(blocks.Select(b => b.Text));
        var before = (blocks.Count, total);
        var random = new Random(Seed);
        var n = 0;
        while (total < words)
        {
            var text = Paragraph(random, Math.Min(words - total, random.Next(90, 131)));
            var id = new string([.. Enumerable.Range(0, 12).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
            var submission = new
            {
                statementId,
                changeId = string.Create(CultureInfo.InvariantCulture, $"grow-{++n:0000}-{Environment.ProcessId}"),
                baseRevision = revision,
                op = new { type = "insert", block = id, after = blocks[^1].Id, kind = "numbered", level = 0, text },
            };
            var ack = await connection.InvokeAsync<JsonElement>("Submit", submission, ct);
            revision = ack.GetProperty("revision").GetInt32();
            blocks.Add((id, text));
            total += WordsOf([text]);
        }

        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"grew statement {statementId} from {before.Count} blocks / {before.total} words to {blocks.Count} blocks / {total} words in {n} changes (revision {revision})"));
        return (blocks.Count, total, revision);
    }

    /// <summary>About <paramref name="words"/> words of sentences; at least one sentence.</summary>
    private static string Paragraph(Random random, int words)
    {
        var text = new StringBuilder();
        var count = 0;
        while (count < words)
        {
            var sentence = $"{Subjects[random.Next(Subjects.Length)]} {Verbs[random.Next(Verbs.Length)]} {Objects[random.Next(Objects.Length)]}";
            if (random.Next(2) == 0)
            {
                sentence += ", " + Clauses[random.Next(Clauses.Length)];
            }

            var sentenceWords = sentence.Split(' ');
            if (count + sentenceWords.Length > words && count > 0)
            {
                sentence = string.Join(' ', sentenceWords.Take(Math.Max(3, words - count)));
            }

            text.Append(text.Length > 0 ? " " : string.Empty).Append(sentence.TrimEnd(',')).Append('.');
            count += WordsOf([sentence]);
        }

        return text.ToString();
    }
}

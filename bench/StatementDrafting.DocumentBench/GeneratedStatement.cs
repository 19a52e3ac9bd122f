using System.Globalization;
using System.Text;
using StatementDrafting.Domain.Statements;

namespace StatementDrafting.DocumentBench;

/// <summary>A block of a generated statement: a stable id, its kind and level, its inline Markdown text.</summary>
internal sealed record GeneratedBlock(string Id, BlockKind Kind, int HeadingLevel, string Text);

/// <summary>
/// Deterministic statements for the benchmark: sentences drawn from a small drafting vocabulary, a heading every few
/// paragraphs, mostly numbered paragraphs of 60 to 140 words, some bold, italic and linked words; and a second version
/// with a given number of word-level edits (a word replaced, added or removed) in scattered places.
/// </summary>
internal static class GeneratedStatement
{
    private static readonly string[] Subjects =
    [
        "States", "participants", "local authorities", "civil society organisations", "employers", "trade unions",
        "regional bodies", "the co-hosts", "cities of transit", "consular services", "labour inspectors", "the organisers",
    ];

    private static readonly string[] Verbs =
    [
        "should strengthen", "are encouraged to review", "commit to publishing", "will continue to support", "recognise",
        "call for", "agree to monitor", "should simplify", "welcome", "undertake to fund", "note with concern", "propose",
    ];

    private static readonly string[] Adjectives =
    [
        "regular", "safe", "orderly", "accessible", "timely", "gender-responsive", "child-sensitive", "transparent",
        "local", "regional", "fair", "durable", "independent", "affordable",
    ];

    private static readonly string[] Nouns =
    [
        "pathways for labour mobility", "access to basic services", "data on arrivals and returns", "recruitment practices",
        "identity documents", "consular assistance", "screening procedures", "alternatives to detention", "remittance costs",
        "skills recognition", "reintegration programmes", "search and rescue", "information campaigns", "firewalls between services",
    ];

    private static readonly string[] Tails =
    [
        "within two years", "in consultation with the people concerned", "with a report to the next review",
        "across every region", "before the end of the cycle", "where resources allow", "in line with the compact",
        "with particular attention to women and children", "and share what works", "at national and local level",
    ];

    private static readonly string[] HeadingWords =
    [
        "Preamble", "Labour mobility", "Borders and rescue", "Data and evidence", "Return and reintegration",
        "Inclusion and services", "Funding", "Follow-up and review", "Partnerships", "Recommendations",
    ];

    /// <summary>About <paramref name="words"/> words (at least), as headings and paragraphs.</summary>
    public static List<GeneratedBlock> Create(Random random, int words)
    {
        ArgumentNullException.ThrowIfNull(random);
        var blocks = new List<GeneratedBlock>();
        var count = 0;
        var sinceHeading = int.MaxValue;
        while (count < words)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"b{blocks.Count + 1:D4}");
            if (sinceHeading >= 6 + random.Next(5))
            {
                var heading = HeadingWords[random.Next(HeadingWords.Length)];
                blocks.Add(new GeneratedBlock(id, BlockKind.Heading, blocks.Count == 0 || random.Next(3) > 0 ? 1 : 2, heading));
                count += heading.Split(' ').Length;
                sinceHeading = 0;
                continue;
            }

            var text = Paragraph(random, 60 + random.Next(81));
            blocks.Add(new GeneratedBlock(id, random.Next(8) == 0 ? BlockKind.UnnumberedParagraph : BlockKind.NumberedParagraph, 0, text));
            count += text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            sinceHeading++;
        }

        return blocks;
    }

    /// <summary>A copy with <paramref name="edits"/> word edits at random places in the paragraphs (never in formatted words).</summary>
    public static List<GeneratedBlock> Edit(Random random, IReadOnlyList<GeneratedBlock> blocks, int edits)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(blocks);
        var words = blocks.Select(b => b.Text.Split(' ').ToList()).ToList();
        var paragraphs = Enumerable.Range(0, blocks.Count).Where(i => blocks[i].Kind != BlockKind.Heading).ToList();
        var done = 0;
        while (done < edits)
        {
            var block = words[paragraphs[random.Next(paragraphs.Count)]];
            var at = random.Next(block.Count);
            if (block[at].IndexOfAny(['*', '[', ']', '(', ')']) >= 0 || block.Count < 10)
            {
                continue;
            }

            switch (random.Next(4))
            {
                case 0:
                    block.Insert(at, Pick(random, Adjectives));
                    break;
                case 1:
                    block.RemoveAt(at);
                    break;
                default:
                    block[at] = Pick(random, Adjectives) + (block[at].EndsWith('.') ? "." : string.Empty);
                    break;
            }

            done++;
        }

        return [.. blocks.Select((b, i) => b with { Text = string.Join(' ', words[i]) })];
    }

    public static int WordsOf(IEnumerable<GeneratedBlock> blocks) => blocks.Sum(b => b.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);

    private static string Paragraph(Random random, int words)
    {
        var text = new StringBuilder();
        var count = 0;
        while (count < words)
        {
            var sentence = $"{Pick(random, Subjects)} {Pick(random, Verbs)} {Pick(random, Adjectives)} {Pick(random, Nouns)} {Pick(random, Tails)}";
            var parts = sentence.Split(' ').ToList();
            var marked = random.Next(10);
            if (marked < 3)
            {
                // Some formatting: a strong word, an emphasised word, or a link over two words.
                var at = 1 + random.Next(parts.Count - 2);
                parts[at] = marked switch
                {
                    0 => $"**{parts[at]}**",
                    1 => $"*{parts[at]}*",
                    _ => $"[{parts[at]} {parts[at + 1]}](https://example.org/compact/{random.Next(1, 24)})",
                };
                if (marked == 2)
                {
                    parts.RemoveAt(at + 1);
                }
            }

            parts[0] = char.ToUpperInvariant(parts[0][0]) + parts[0][1..];
            text.Append(text.Length == 0 ? string.Empty : " ").Append(string.Join(' ', parts)).Append('.');
            count += sentence.Split(' ').Length;
        }

        return text.ToString();
    }

    private static string Pick(Random random, string[] words) => words[random.Next(words.Length)];
}

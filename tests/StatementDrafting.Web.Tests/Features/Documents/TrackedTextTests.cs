using StatementDrafting.Web.Features.Documents;
using StatementDrafting.Web.Infrastructure.Markdown;
using Xunit.Abstractions;

namespace StatementDrafting.Web.Tests.Features.Documents;

/// <summary>Word diffs of formatted text: changes keep their formatting and links, and nothing is lost or made up.</summary>
public sealed class TrackedTextTests(ITestOutputHelper output)
{
    private readonly InlineMarkdown _markdown = new();

    private IReadOnlyList<TrackedSpan> Compare(string before, string after) => TrackedText.Compare(_markdown.Spans(before), _markdown.Spans(after));

    [Fact]
    public void An_inserted_bold_link_keeps_its_formatting_and_target_and_deleted_words_keep_theirs()
    {
        var changes = Compare("States *must* act now.", "States act now, as [the compact](https://example.org/gcm) **asks**.");

        Assert.Contains(changes, c => c is { Kind: TrackedKind.Deleted, Span: { Text: "must", Emphasis: true } });
        Assert.Contains(changes, c => c is { Kind: TrackedKind.Inserted, Span: { Text: "the compact", Href: "https://example.org/gcm" } });
        Assert.Contains(changes, c => c is { Kind: TrackedKind.Inserted, Span: { Text: "asks", Strong: true } });
        Assert.DoesNotContain(changes, c => c.Kind == TrackedKind.Same && (c.Span.Strong || c.Span.Emphasis || c.Span.Href is not null));
    }

    [Fact]
    public void Words_kept_but_newly_bold_show_as_deleted_plain_and_inserted_bold()
    {
        var changes = Compare("Access to justice matters.", "Access to **justice** matters.");

        Assert.Equal(
            [(TrackedKind.Same, "Access to ", false), (TrackedKind.Deleted, "justice", false), (TrackedKind.Inserted, "justice", true), (TrackedKind.Same, " matters.", false)],
            changes.Select(c => (c.Kind, c.Span.Text, c.Span.Strong)));
    }

    [Fact]
    public void Line_breaks_are_kept_as_breaks_where_they_were_and_where_they_are()
    {
        var changes = Compare("First line  \nsecond line", "First line  \nsecond and third line");

        Assert.Single(changes, c => c.Span.LineBreak && c.Kind == TrackedKind.Same);
        Assert.Contains(changes, c => c is { Kind: TrackedKind.Inserted } && c.Span.Text.Contains("and", StringComparison.Ordinal));
    }

    /// <summary>For random edits of formatted text, the kept and deleted runs spell the old text and the kept and inserted ones the new, formatting included.</summary>
    [Fact]
    public void Random_edits_always_rebuild_both_versions_exactly()
    {
        const int Seed = 1307;
        output.WriteLine($"seed {Seed}");
        var random = new Random(Seed);
        string[] words = ["migrants", "rights", "*access*", "**justice**", "[data](https://example.org/d)", "safe", "and", "regular", "pathways", "  \n"];
        string Sentence() => string.Join(' ', Enumerable.Range(0, random.Next(3, 25)).Select(_ => words[random.Next(words.Length)])).Trim();
        for (var round = 0; round < 300; round++)
        {
            var before = Sentence();
            var after = random.Next(4) == 0 ? Sentence() : Mutate(before, random, words);
            var changes = Compare(before, after);

            Assert.Equal(Rebuilt(_markdown.Spans(before)), Rebuilt(changes.Where(c => c.Kind != TrackedKind.Inserted).Select(c => c.Span)));
            Assert.Equal(Rebuilt(_markdown.Spans(after)), Rebuilt(changes.Where(c => c.Kind != TrackedKind.Deleted).Select(c => c.Span)));
        }
    }

    private static string Mutate(string text, Random random, string[] words)
    {
        var tokens = text.Split(' ').ToList();
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            var at = random.Next(tokens.Count + 1);
            if (random.Next(2) == 0 || tokens.Count < 2)
            {
                tokens.Insert(at, words[random.Next(words.Length)].Trim());
            }
            else
            {
                tokens.RemoveAt(Math.Min(at, tokens.Count - 1));
            }
        }

        return string.Join(' ', tokens).Trim();
    }

    /// <summary>Runs character by character with their formatting, so that cutting runs differently compares equal.</summary>
    private static List<(char, bool, bool, string?)> Rebuilt(IEnumerable<InlineSpan> spans) =>
        [.. spans.SelectMany(s => s.LineBreak ? [('\n', false, false, null)] : s.Text.Select(c => (c, s.Strong, s.Emphasis, s.Href)))];
}

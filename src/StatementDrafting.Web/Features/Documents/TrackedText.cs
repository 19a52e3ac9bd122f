using System.Text;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Web.Infrastructure.Markdown;

namespace StatementDrafting.Web.Features.Documents;

/// <summary>A run of a changed block: its text with formatting and link, and whether it was kept, inserted or deleted.</summary>
public sealed record TrackedSpan(TrackedKind Kind, InlineSpan Span);

/// <summary>
/// Word diffs of formatted text: the two versions' runs (<see cref="InlineMarkdown.Spans"/>) are read as their plain text
/// (a line break as "\n"), compared word by word, and each inserted, deleted or kept stretch is cut back into runs with
/// the formatting it has in its version, so a tracked change keeps bold, italics and links. Text kept but formatted
/// differently is shown as deleted in its old form and inserted in its new one.
/// </summary>
public static class TrackedText
{
    /// <summary>A version's text as the diff reads it: its runs' characters, a line break as "\n".</summary>
    public static string Plain(IReadOnlyList<InlineSpan> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        var text = new StringBuilder();
        foreach (var span in spans)
        {
            text.Append(span.LineBreak ? "\n" : span.Text);
        }

        return text.ToString();
    }

    /// <summary>The changes from <paramref name="older"/> to <paramref name="newer"/> as formatted runs.</summary>
    public static IReadOnlyList<TrackedSpan> Compare(IReadOnlyList<InlineSpan> older, IReadOnlyList<InlineSpan> newer, WorkBudget? budget = null) =>
        Overlay(older, newer, WordDiff.Compare(Plain(older), Plain(newer), budget));

    /// <summary>
    /// Cuts <paramref name="diff"/> (of <see cref="Plain"/> of both versions) into runs: deleted text with the older
    /// version's formatting, inserted and kept text with the newer's.
    /// </summary>
    public static IReadOnlyList<TrackedSpan> Overlay(IReadOnlyList<InlineSpan> older, IReadOnlyList<InlineSpan> newer, WordDiffResult diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var before = new Cursor(older);
        var after = new Cursor(newer);
        var result = new List<TrackedSpan>();
        foreach (var segment in diff.Segments)
        {
            switch (segment.Kind)
            {
                case DiffKind.Deleted:
                    result.AddRange(before.Take(segment.Text.Length).Select(s => new TrackedSpan(TrackedKind.Deleted, s)));
                    break;
                case DiffKind.Inserted:
                    result.AddRange(after.Take(segment.Text.Length).Select(s => new TrackedSpan(TrackedKind.Inserted, s)));
                    break;
                default:
                    Kept(before.Take(segment.Text.Length), after.Take(segment.Text.Length), result);
                    break;
            }
        }

        return Merge(result);
    }

    /// <summary>All of a version's runs as one kind: a paragraph added or removed whole, or one left as it is.</summary>
    public static IReadOnlyList<TrackedSpan> All(IReadOnlyList<InlineSpan> spans, TrackedKind kind)
    {
        ArgumentNullException.ThrowIfNull(spans);
        return [.. spans.Select(s => new TrackedSpan(kind, s))];
    }

    /// <summary>Kept text: the same characters in both; where the formatting differs, the old form deleted and the new inserted.</summary>
    private static void Kept(List<InlineSpan> old, List<InlineSpan> @new, List<TrackedSpan> result)
    {
        int i = 0, j = 0, oi = 0, nj = 0;
        while (i < old.Count && j < @new.Count)
        {
            var a = old[i];
            var b = @new[j];
            var length = Math.Min(Length(a) - oi, Length(b) - nj);
            var left = Slice(a, oi, length);
            var right = Slice(b, nj, length);
            if (SameLook(a, b))
            {
                result.Add(new TrackedSpan(TrackedKind.Same, right));
            }
            else
            {
                result.Add(new TrackedSpan(TrackedKind.Deleted, left));
                result.Add(new TrackedSpan(TrackedKind.Inserted, right));
            }

            oi += length;
            nj += length;
            if (oi == Length(a))
            {
                i++;
                oi = 0;
            }

            if (nj == Length(b))
            {
                j++;
                nj = 0;
            }
        }
    }

    /// <summary>Neighbouring runs of the same kind and look are joined, so a document has as few runs as it needs.</summary>
    private static List<TrackedSpan> Merge(List<TrackedSpan> spans)
    {
        var merged = new List<TrackedSpan>(spans.Count);
        foreach (var span in spans)
        {
            if (span.Span is { LineBreak: false, Text.Length: 0 })
            {
                continue;
            }

            if (merged.Count > 0 && merged[^1] is var last && last.Kind == span.Kind && !last.Span.LineBreak && !span.Span.LineBreak && SameLook(last.Span, span.Span))
            {
                merged[^1] = last with { Span = last.Span with { Text = last.Span.Text + span.Span.Text } };
            }
            else
            {
                merged.Add(span);
            }
        }

        return merged;
    }

    private static bool SameLook(InlineSpan a, InlineSpan b) =>
        a.LineBreak == b.LineBreak && a.Strong == b.Strong && a.Emphasis == b.Emphasis && string.Equals(a.Href, b.Href, StringComparison.Ordinal);

    private static int Length(InlineSpan span) => span.LineBreak ? 1 : span.Text.Length;

    private static InlineSpan Slice(InlineSpan span, int start, int length) =>
        span.LineBreak ? span : span with { Text = span.Text.Substring(start, length) };

    /// <summary>Reads a version's runs a number of characters at a time, cutting runs where a stretch ends inside one.</summary>
    private sealed class Cursor(IReadOnlyList<InlineSpan> spans)
    {
        private int _index;
        private int _offset;

        public List<InlineSpan> Take(int characters)
        {
            var taken = new List<InlineSpan>();
            while (characters > 0 && _index < spans.Count)
            {
                var span = spans[_index];
                var length = Math.Min(Length(span) - _offset, characters);
                taken.Add(Slice(span, _offset, length));
                characters -= length;
                _offset += length;
                if (_offset == Length(span))
                {
                    _index++;
                    _offset = 0;
                }
            }

            if (characters > 0)
            {
                throw new InvalidOperationException("The diff is longer than the text it was made from.");
            }

            return taken;
        }
    }
}

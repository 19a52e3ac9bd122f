using System.Security.Cryptography;
using System.Text;

namespace StatementDrafting.Domain.Statements;

/// <summary>
/// The exact text of a statement as one string, and its SHA-256 fingerprint: what an adoption poll shows and records,
/// so that anyone can check later that a text is the one adopted. The text is the title line then one line per block,
/// tagged <c>h1:</c>-<c>h3:</c> (headings), <c>p:</c> (numbered paragraph) or <c>u:</c> (unnumbered paragraph), each
/// followed by a space and the block's text; lines end with a line feed (a line break within a text continues on a
/// line that starts with a tab); UTF-8. The fingerprint is the hash in lower-case hex.
/// </summary>
public static class StatementFingerprint
{
    public static string CanonicalText(string title, IEnumerable<(BlockKind Kind, int HeadingLevel, string Text)> blocks)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(blocks);
        var text = new StringBuilder();
        text.Append("title: ").Append(OneLine(title)).Append('\n');
        foreach (var (kind, level, content) in blocks)
        {
            var tag = kind switch
            {
                BlockKind.Heading => "h" + Math.Clamp(level, 1, 3),
                BlockKind.NumberedParagraph => "p",
                BlockKind.UnnumberedParagraph => "u",
                _ => throw new DomainException("Unknown block kind."),
            };
            text.Append(tag).Append(": ").Append(OneLine(content)).Append('\n');
        }

        return text.ToString();
    }

    public static string Of(string canonicalText)
    {
        ArgumentNullException.ThrowIfNull(canonicalText);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalText)));
    }

    public static string Of(Statement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return Of(CanonicalText(statement.Title, statement.Blocks.Select(b => (b.Kind, b.HeadingLevel, b.Text))));
    }

    // A line break inside a text (rare: the editor splits blocks at Enter) continues on a line that starts with a tab,
    // so that no text can pass for a title or another block.
    private static string OneLine(string text) => text.ReplaceLineEndings("\n").Replace("\n", "\n\t", StringComparison.Ordinal);
}

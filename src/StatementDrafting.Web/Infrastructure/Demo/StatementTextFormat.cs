using StatementDrafting.Domain;
using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Web.Infrastructure.Demo;

/// <summary>
/// The plain-text format the demo's draft statements are written in: a <c>title:</c> line, then one block per line,
/// tagged <c>h1:</c>, <c>h2:</c>, <c>h3:</c> (headings), <c>p:</c> (numbered paragraph) or <c>u:</c> (unnumbered paragraph).
/// </summary>
public static class StatementTextFormat
{
    public sealed record ParsedBlock(BlockKind Kind, int HeadingLevel, string Text);

    public sealed record ParsedStatement(string Title, IReadOnlyList<ParsedBlock> Blocks);

    public static ParsedStatement Parse(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        string? title = null;
        var blocks = new List<ParsedBlock>();
        var lineNumber = 0;
        foreach (var raw in source.ReplaceLineEndings("\n").Split('\n'))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }

            var colon = raw.IndexOf(": ", StringComparison.Ordinal);
            var tag = colon > 0 ? raw[..colon] : string.Empty;
            var text = colon > 0 ? raw[(colon + 2)..].Trim() : string.Empty;
            switch (tag)
            {
                case "title" when title is null:
                    title = text;
                    break;
                case "h1" or "h2" or "h3":
                    blocks.Add(new ParsedBlock(BlockKind.Heading, tag[1] - '0', text));
                    break;
                case "p":
                    blocks.Add(new ParsedBlock(BlockKind.NumberedParagraph, 0, text));
                    break;
                case "u":
                    blocks.Add(new ParsedBlock(BlockKind.UnnumberedParagraph, 0, text));
                    break;
                default:
                    throw new DomainException($"Line {lineNumber} of a statement text has no known tag.");
            }
        }

        return new ParsedStatement(title ?? throw new DomainException("A statement text needs a title line."), blocks);
    }
}

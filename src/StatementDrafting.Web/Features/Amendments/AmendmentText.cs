using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Statements;

namespace StatementDrafting.Web.Features.Amendments;

/// <summary>What a command of the amendment board came to, for the card or form that sent it.</summary>
public enum CommandOutcome
{
    Done,
    Refused,

    /// <summary>Refused because the paragraph changed while the form was written; sending it again stands as written.</summary>
    ChangedWhileWritten,
}

/// <summary>How the amendment pages name things.</summary>
public static class AmendmentText
{
    /// <summary>"¶3", a heading's or unnumbered paragraph's opening words, or "a paragraph" when it is gone.</summary>
    public static string ParagraphName(IReadOnlyList<BlockView> paragraphs, string blockId)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        return paragraphs.FirstOrDefault(b => b.Id == blockId) is { } block
            ? block.Number is { } n ? $"¶{n}" : block.Kind == BlockKind.Heading ? $"heading “{Short(block.Text)}”" : $"“{Short(block.Text)}”"
            : "a paragraph";
    }

    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

namespace StatementDrafting.Domain.Statements;

/// <summary>What a block of a statement is.</summary>
public enum BlockKind
{
    /// <summary>A heading, level 1 to 3, never numbered.</summary>
    Heading,

    /// <summary>A paragraph shown with its number (¶1, ¶2, ...), recomputed as blocks move.</summary>
    NumberedParagraph,

    /// <summary>A paragraph shown without a number (e.g. an introductory sentence).</summary>
    UnnumberedParagraph,
}

namespace StatementDrafting.Domain.Editing;

/// <summary>
/// Which side's text goes first when two concurrent operations insert at the same position.
/// On the server the operation already sequenced has priority, so every replica orders the two inserts alike.
/// </summary>
public enum TieBreak
{
    /// <summary>The first operation's insert goes before the second's.</summary>
    AFirst,

    /// <summary>The second operation's insert goes before the first's.</summary>
    BFirst,
}

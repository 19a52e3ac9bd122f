namespace StatementDrafting.Domain.Editing;

/// <summary>Why an edit was refused; each maps to an error code of docs/protocol.md (see <see cref="EditErrors.WireCode"/>).</summary>
public enum EditError
{
    /// <summary>The operation names a block that does not exist, or a new id that already does.</summary>
    UnknownBlock,

    /// <summary>An offset or a text operation's length does not fit the block.</summary>
    OutOfRange,

    /// <summary>A block would exceed its maximum length.</summary>
    TooLong,

    /// <summary>The draft would exceed its maximum number of blocks.</summary>
    TooManyBlocks,

    /// <summary>The operation does not have the protocol's shape.</summary>
    Malformed,

    /// <summary>The submission's base revision is newer than the server's.</summary>
    FutureRevision,

    /// <summary>The submission's base revision is older than the history the server can replay.</summary>
    StaleRevision,
}

/// <summary>Helpers for <see cref="EditError"/>.</summary>
public static class EditErrors
{
    /// <summary>The protocol's error code, e.g. <c>unknown_block</c>.</summary>
    public static string WireCode(this EditError error) => error switch
    {
        EditError.UnknownBlock => "unknown_block",
        EditError.OutOfRange => "out_of_range",
        EditError.TooLong => "too_long",
        EditError.TooManyBlocks => "too_many_blocks",
        EditError.FutureRevision => "future_revision",
        EditError.StaleRevision => "stale_revision",
        _ => "malformed",
    };
}

namespace StatementDrafting.Web.Infrastructure.Persistence;

/// <summary>
/// One revision of a statement as the live editor applied it: the log that history, amendments and exports replay.
/// Unique per (statement, revision), so two writers can never take the same revision, and per (statement, author,
/// client change id), so a change resent after a reconnect is applied once.
/// </summary>
public sealed class StatementChange
{
    public long Id { get; set; }

    public int StatementId { get; set; }

    public int Revision { get; set; }

    /// <summary>The revision the author's client made the change against.</summary>
    public int BaseRevision { get; set; }

    /// <summary>The account that made the change. Shown only to organisers; participants see pseudonyms or roles.</summary>
    public required string AuthorId { get; set; }

    /// <summary>The id the author's client gave the change (protocol: <c>changeId</c>).</summary>
    public required string ClientChangeId { get; set; }

    /// <summary>The operation as submitted, in the protocol's JSON form.</summary>
    public required string SubmittedJson { get; set; }

    /// <summary>The operations as applied (after transformation), in the protocol's JSON form; "[]" when nothing applied.</summary>
    public required string AppliedJson { get; set; }

    /// <summary>What could not be applied (typing into a block deleted meanwhile), kept for history; null when nothing.</summary>
    public string? DiscardedJson { get; set; }

    /// <summary>What the change was, when it was more than typing: "A12" for accepted amendment 12.</summary>
    public string? Label { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>The whole document of a statement at a revision, every so many revisions, so loading never replays a long log.</summary>
public sealed class StatementSnapshot
{
    public long Id { get; set; }

    public int StatementId { get; set; }

    public int Revision { get; set; }

    /// <summary>The blocks, as the protocol's <c>blocks</c> array.</summary>
    public required string BlocksJson { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>
/// Text a person typed that could not be added to the statement (the paragraph was deleted meanwhile, the statement was
/// locked, they lost the right to edit): neither dropped nor forced in, but kept here for its author, who can copy it
/// or turn it into an amendment. Only its author ever sees it. The engine keeps what transformation discarded (keys
/// <c>s.{changeId}.{n}</c>); the editor keeps what the server refused as a whole (keys <c>l.{random}</c>).
/// </summary>
public sealed class UnappliedText
{
    public const int MaxKeyLength = 80;

    public long Id { get; set; }

    public int StatementId { get; set; }

    public required string AuthorId { get; set; }

    /// <summary>Unique per author and statement, so keeping the same text twice stores it once.</summary>
    public required string Key { get; set; }

    /// <summary>The paragraph the text was typed into.</summary>
    public required string BlockId { get; set; }

    /// <summary>The paragraph before it, as the typist saw the statement (for proposing it again if it was deleted).</summary>
    public string? AfterBlockId { get; set; }

    /// <summary>Why it was not applied, as the protocol's code (<c>deleted</c>, <c>locked</c>, <c>forbidden</c>, ...).</summary>
    public required string Reason { get; set; }

    /// <summary>The text typed.</summary>
    public required string Text { get; set; }

    /// <summary>The whole paragraph as the typist had it, typing included; null when not known.</summary>
    public string? Paragraph { get; set; }

    /// <summary>The paragraph as the server had last told the typist (what <see cref="Paragraph"/> was typed from).</summary>
    public string? WrittenAgainst { get; set; }

    public DateTimeOffset At { get; set; }

    public static string ServerKey(string changeId, int index) => $"s.{changeId}.{index}";
}

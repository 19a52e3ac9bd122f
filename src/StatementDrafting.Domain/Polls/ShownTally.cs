namespace StatementDrafting.Domain.Polls;

/// <summary>
/// The counts an open poll shows (the chair's live tally, the projector's number of responses): they change only once
/// at least <see cref="Step"/> responses (first responses and changes of mind alike) have arrived since they last
/// changed, and at close, so that no single response can be timed or isolated by watching them.
/// </summary>
public sealed record ShownTally(PollTally Tally, int ArrivedSince)
{
    public const int Step = 5;

    public static ShownTally Start { get; } = new(PollTally.Empty, 0);

    /// <summary>After one more response arrived, when the poll's true counts are <paramref name="current"/>.</summary>
    public ShownTally After(PollTally current) =>
        ArrivedSince + 1 >= Step ? new ShownTally(current, 0) : this with { ArrivedSince = ArrivedSince + 1 };

    /// <summary>At close, the final counts.</summary>
    public static ShownTally AtClose(PollTally final) => new(final, 0);
}

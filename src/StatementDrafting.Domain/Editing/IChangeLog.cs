namespace StatementDrafting.Domain.Editing;

/// <summary>
/// The port behind which a statement's applied changes are kept (the database, in the app; memory, in tests). The
/// <see cref="DraftSequencer"/> keeps a window of recent changes itself and asks here only for older ones.
/// </summary>
public interface IChangeLog
{
    /// <summary>The changes after <paramref name="afterRevision"/> up to <paramref name="upToRevision"/>, oldest first (fewer if the log no longer holds them).</summary>
    ValueTask<IReadOnlyList<SequencedChange>> ReadAsync(int afterRevision, int upToRevision, CancellationToken cancellationToken = default);

    /// <summary>The change stored under <paramref name="changeKey"/> (a resend whose answer was lost), or null.</summary>
    ValueTask<SequencedChange?> FindAsync(string changeKey, CancellationToken cancellationToken = default);
}

/// <summary>A log that holds nothing beyond the sequencer's own window (a sequencer that keeps everything needs no more).</summary>
public sealed class NoOlderChanges : IChangeLog
{
    public static NoOlderChanges Instance { get; } = new();

    public ValueTask<IReadOnlyList<SequencedChange>> ReadAsync(int afterRevision, int upToRevision, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<SequencedChange>>([]);

    public ValueTask<SequencedChange?> FindAsync(string changeKey, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<SequencedChange?>(null);
}

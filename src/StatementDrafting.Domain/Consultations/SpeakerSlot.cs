namespace StatementDrafting.Domain.Consultations;

/// <summary>
/// A group of speaking places at the review meeting that the consultation's nominations fill
/// (for example four two-minute interventions in the roundtables).
/// </summary>
public sealed class SpeakerSlot
{
    private SpeakerSlot()
    {
        Kind = string.Empty;
        Note = string.Empty;
    }

    internal SpeakerSlot(string kind, int count, int? minutesEach, string? note)
    {
        Kind = Note = string.Empty;
        Change(kind, count, minutesEach, note);
    }

    internal void Change(string kind, int count, int? minutesEach, string? note)
    {
        if (count < 1)
        {
            throw new DomainException("A speaker slot needs at least one place.");
        }

        if (minutesEach is < 1)
        {
            throw new DomainException("A speaking time must be at least one minute.");
        }

        Kind = Text.Required(kind, nameof(kind), Text.MaxNameLength);
        Count = count;
        MinutesEach = minutesEach;
        Note = note?.Trim() ?? string.Empty;
    }

    public int Id { get; private set; }

    /// <summary>Where in the review meeting the places are, e.g. "opening", "roundtable".</summary>
    public string Kind { get; private set; }

    public int Count { get; private set; }

    public int? MinutesEach { get; private set; }

    public string Note { get; private set; }
}

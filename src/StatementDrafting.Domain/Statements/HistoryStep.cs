namespace StatementDrafting.Domain.Statements;

/// <summary>
/// One stored change of a statement as its history tells it: the revision it made, who made it (as others see them,
/// never by name), the label of the amendment it applied ("A3"; null for an edit), and when.
/// </summary>
public sealed record HistoryChange(int Revision, string Who, string? Label, DateTimeOffset At);

/// <summary>Consecutive changes by one person (or one accepted amendment), shown as one step.</summary>
public sealed record HistoryStep(int FromRevision, int ToRevision, string Who, string? Label, DateTimeOffset At, int Changes)
{
    /// <summary>Changes by one person less than this far apart make one step.</summary>
    public static readonly TimeSpan Gap = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Groups a statement's changes, given in revision order, into steps, oldest first: a change joins the step before
    /// it when it is the next revision, by the same person, less than <see cref="Gap"/> after that step's last change,
    /// and neither applied an amendment. Each accepted amendment is a step of its own.
    /// </summary>
    public static IReadOnlyList<HistoryStep> Group(IEnumerable<HistoryChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var steps = new List<HistoryStep>();
        foreach (var change in changes)
        {
            if (steps.Count > 0 && steps[^1] is var last && last.Label is null && change.Label is null
                && last.Who == change.Who && change.At - last.At < Gap && last.ToRevision == change.Revision - 1)
            {
                steps[^1] = last with { ToRevision = change.Revision, At = change.At, Changes = last.Changes + 1 };
            }
            else
            {
                steps.Add(new HistoryStep(change.Revision, change.Revision, change.Who, change.Label, change.At, 1));
            }
        }

        return steps;
    }
}

namespace StatementDrafting.Domain.Agenda;

/// <summary>
/// A working group within a parallel session: a part of the participants working on some of the cluster's objectives,
/// in one round of the session (e.g. three groups in round 1, then the same again in round 2).
/// </summary>
public sealed class WorkingGroup
{
    public const int MaxRound = 9;

    private readonly List<int> _objectiveNumbers = [];

    private WorkingGroup()
    {
        Name = string.Empty;
    }

    public WorkingGroup(string name, int round, IEnumerable<int> objectiveNumbers)
    {
        ArgumentNullException.ThrowIfNull(objectiveNumbers);
        Name = Text.Required(name, "working group name", Text.MaxNameLength);
        Round = round is >= 1 and <= MaxRound ? round : throw new DomainException($"A working group's round is 1 to {MaxRound}.");
        _objectiveNumbers.AddRange(objectiveNumbers.Distinct().Order());
        if (_objectiveNumbers.Count == 0)
        {
            throw new DomainException($"The working group '{Name}' needs at least one objective.");
        }
    }

    public string Name { get; private set; }

    public int Round { get; private set; }

    public IReadOnlyList<int> ObjectiveNumbers => _objectiveNumbers;
}

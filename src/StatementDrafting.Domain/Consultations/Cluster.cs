namespace StatementDrafting.Domain.Consultations;

/// <summary>A thematic group of objectives, drafted into one common statement.</summary>
public sealed class Cluster
{
    private readonly List<int> _objectiveNumbers = [];

    private Cluster()
    {
        Title = string.Empty;
    }

    internal Cluster(int number, string title, IEnumerable<int> objectiveNumbers)
    {
        if (number < 1)
        {
            throw new DomainException("A cluster's number must be 1 or more.");
        }

        Number = number;
        Title = Text.Required(title, nameof(title), Text.MaxTitleLength);
        _objectiveNumbers.AddRange(objectiveNumbers.Distinct().Order());
    }

    public int Id { get; private set; }

    public int Number { get; private set; }

    public string Title { get; private set; }

    public IReadOnlyList<int> ObjectiveNumbers => _objectiveNumbers;

    internal void Change(string title, IEnumerable<int> objectiveNumbers)
    {
        Title = Text.Required(title, nameof(title), Text.MaxTitleLength);
        _objectiveNumbers.Clear();
        _objectiveNumbers.AddRange(objectiveNumbers.Distinct().Order());
    }
}

namespace StatementDrafting.Domain.Agenda;

/// <summary>A day of the consultation and its agenda, in the consultation's time zone.</summary>
public sealed class ConsultationDay
{
    private readonly List<AgendaItem> _items = [];

    private ConsultationDay()
    {
    }

    internal ConsultationDay(int number, DateOnly date)
    {
        Number = number;
        Date = date;
    }

    public int Id { get; private set; }

    /// <summary>1 for the first day, 2 for the second, and so on.</summary>
    public int Number { get; private set; }

    public DateOnly Date { get; private set; }

    /// <summary>The items in order of start time (parallel items keep the order they were added in).</summary>
    public IReadOnlyList<AgendaItem> Items => _items;

    internal void Add(AgendaItem item)
    {
        var index = _items.FindLastIndex(i => i.Start <= item.Start) + 1;
        _items.Insert(index, item);
    }

    internal void MoveTo(DateOnly date) => Date = date;

    internal void Remove(AgendaItem item) => _items.Remove(item);

    /// <summary>Puts the items back in order of start time after one of them changed.</summary>
    internal void Reorder()
    {
        var ordered = _items.Select((item, index) => (item, index)).OrderBy(p => p.item.Start).ThenBy(p => p.index).Select(p => p.item).ToList();
        _items.Clear();
        _items.AddRange(ordered);
    }
}

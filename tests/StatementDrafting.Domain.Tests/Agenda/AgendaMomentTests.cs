using StatementDrafting.Domain.Agenda;

namespace StatementDrafting.Domain.Tests.Agenda;

public class AgendaMomentTests
{
    private sealed record Item(string Name, DateTimeOffset Start, DateTimeOffset End);

    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    private static readonly Item[] Items =
    [
        new("Opening", T0, T0.AddMinutes(10)),
        new("Parallel 1", T0.AddMinutes(10), T0.AddMinutes(90)),
        new("Parallel 2", T0.AddMinutes(10), T0.AddMinutes(90)),
        new("Break", T0.AddMinutes(90), T0.AddMinutes(100)),
    ];

    private static AgendaMoment<Item> At(DateTimeOffset now) => AgendaMoment.At(Items, i => i.Start, i => i.End, now);

    [Fact]
    public void Before_the_start_nothing_is_on_and_the_first_item_is_next()
    {
        var moment = At(T0.AddMinutes(-5));

        Assert.True(moment.NotStarted);
        Assert.Empty(moment.Now);
        Assert.Equal(["Opening"], moment.Next.Select(i => i.Name));
    }

    [Fact]
    public void Parallel_items_are_on_together_and_next_together()
    {
        Assert.Equal(["Parallel 1", "Parallel 2"], At(T0.AddMinutes(5)).Next.Select(i => i.Name));
        Assert.Equal(["Parallel 1", "Parallel 2"], At(T0.AddMinutes(30)).Now.Select(i => i.Name));
        Assert.Equal(["Break"], At(T0.AddMinutes(30)).Next.Select(i => i.Name));
    }

    [Fact]
    public void An_item_is_on_from_its_start_up_to_but_not_including_its_end()
    {
        Assert.Equal(["Parallel 1", "Parallel 2"], At(T0.AddMinutes(10)).Now.Select(i => i.Name));
        Assert.Equal(["Break"], At(T0.AddMinutes(90)).Now.Select(i => i.Name));
    }

    [Fact]
    public void After_the_last_item_the_agenda_has_ended()
    {
        var moment = At(T0.AddMinutes(100));

        Assert.True(moment.Ended);
        Assert.Empty(moment.Now);
        Assert.Empty(moment.Next);
    }
}

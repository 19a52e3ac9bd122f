using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Domain.Tests.Statements;

public sealed class HistoryStepTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 9, 0, 0, TimeSpan.FromHours(7));

    private static HistoryChange Change(int revision, string who, double minutes, string? label = null) =>
        new(revision, who, label, Start.AddMinutes(minutes));

    [Fact]
    public void One_persons_consecutive_changes_close_together_make_one_step()
    {
        var steps = HistoryStep.Group([Change(1, "Participant 3", 0), Change(2, "Participant 3", 1.5), Change(3, "Participant 3", 3)]);

        Assert.Equal([new HistoryStep(1, 3, "Participant 3", null, Start.AddMinutes(3), 3)], steps);
    }

    [Fact]
    public void Another_person_a_pause_of_two_minutes_or_a_gap_in_revisions_starts_a_new_step()
    {
        var steps = HistoryStep.Group(
        [
            Change(1, "Organiser", 0),
            Change(2, "Co-host (Org A)", 0.5),
            Change(3, "Co-host (Org A)", 2.5),
            Change(5, "Co-host (Org A)", 3),
        ]);

        Assert.Equal([(1, 1), (2, 2), (3, 3), (5, 5)], steps.Select(s => (s.FromRevision, s.ToRevision)));
        Assert.Equal(["Organiser", "Co-host (Org A)", "Co-host (Org A)", "Co-host (Org A)"], steps.Select(s => s.Who));
    }

    [Fact]
    public void Each_accepted_amendment_is_a_step_of_its_own()
    {
        var steps = HistoryStep.Group(
        [
            Change(1, "Co-host (Org A)", 0),
            Change(2, "Co-host (Org A)", 0.2, "A1"),
            Change(3, "Co-host (Org A)", 0.4, "A2"),
            Change(4, "Co-host (Org A)", 0.6),
        ]);

        Assert.Equal([null, "A1", "A2", null], steps.Select(s => s.Label));
        Assert.All(steps, s => Assert.Equal(1, s.Changes));
    }

    [Fact]
    public void No_changes_make_no_steps() => Assert.Empty(HistoryStep.Group([]));
}

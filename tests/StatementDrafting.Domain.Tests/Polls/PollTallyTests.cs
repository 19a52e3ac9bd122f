using StatementDrafting.Domain;
using StatementDrafting.Domain.Polls;

namespace StatementDrafting.Domain.Tests.Polls;

public class PollTallyTests
{
    [Fact]
    public void A_change_of_mind_moves_one_response_and_adds_none()
    {
        var tally = PollTally.Empty.After(null, PollChoice.Objection).After(null, PollChoice.Support);

        var changed = tally.After(PollChoice.Objection, PollChoice.CanLiveWith);

        Assert.Equal(new PollTally(1, 1, 0), changed);
        Assert.Equal(2, changed.Responses);
        Assert.Throws<DomainException>(() => PollTally.Empty.After(PollChoice.Objection, PollChoice.Support));
    }

    [Fact]
    public void The_tally_of_a_set_of_responses_counts_each_choice()
    {
        var tally = PollTally.Of([PollChoice.Support, PollChoice.Objection, PollChoice.Support, PollChoice.CanLiveWith]);

        Assert.Equal(new PollTally(2, 1, 1), tally);
        Assert.Equal(2, tally.Of(PollChoice.Support));
    }

    [Fact]
    public void The_shown_tally_changes_only_every_five_responses_and_at_close()
    {
        var shown = ShownTally.Start;
        var tally = PollTally.Empty;
        var changes = new List<int>();
        for (var i = 1; i <= 12; i++)
        {
            tally = tally.After(null, i % 3 == 0 ? PollChoice.Objection : PollChoice.Support);
            var next = shown.After(tally);
            if (next.Tally != shown.Tally)
            {
                changes.Add(i);
            }

            shown = next;
        }

        Assert.Equal([5, 10], changes);
        Assert.Equal(10, shown.Tally.Responses);
        Assert.Equal(2, shown.ArrivedSince);
        Assert.Equal(tally, ShownTally.AtClose(tally).Tally);
    }

    [Fact]
    public void Changes_of_mind_count_as_arrivals_so_a_single_one_is_never_shown_alone()
    {
        var tally = new PollTally(3, 0, 0);
        var shown = new ShownTally(tally, 0);

        var after = shown.After(tally.After(PollChoice.Support, PollChoice.Objection));

        Assert.Equal(tally, after.Tally);
        Assert.Equal(1, after.ArrivedSince);
    }
}

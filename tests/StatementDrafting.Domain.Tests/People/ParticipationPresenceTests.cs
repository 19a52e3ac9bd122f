using StatementDrafting.Domain.People;

namespace StatementDrafting.Domain.Tests.People;

public class ParticipationPresenceTests
{
    private static Participation Someone() => new(consultationId: 1, userId: "user-1", number: 7);

    [Fact]
    public void A_person_is_counted_present_once_per_day_whoever_records_it_first()
    {
        var participation = Someone();

        Assert.True(participation.MarkPresent(1, PresenceSource.Opened));
        Assert.False(participation.MarkPresent(1, PresenceSource.Opened));
        Assert.False(participation.MarkPresent(1, PresenceSource.MarkedByOrganiser));
        Assert.True(participation.MarkPresent(2, PresenceSource.MarkedByOrganiser));

        Assert.Equal([new PresenceMark(1, PresenceSource.Opened), new PresenceMark(2, PresenceSource.MarkedByOrganiser)], participation.Presence);
    }

    [Fact]
    public void Unmarking_a_day_takes_back_that_days_presence_only_whatever_its_source()
    {
        var participation = Someone();
        participation.MarkPresent(1, PresenceSource.Opened);
        participation.MarkPresent(2, PresenceSource.MarkedByOrganiser);

        Assert.True(participation.UnmarkPresent(1));

        Assert.False(participation.WasPresentOn(1));
        Assert.True(participation.WasPresentOn(2));
        Assert.True(participation.UnmarkPresent(2));
        Assert.Empty(participation.Presence);
    }

    [Fact]
    public void Unmarking_a_day_the_person_was_not_present_changes_nothing()
    {
        var participation = Someone();
        participation.MarkPresent(2, PresenceSource.Opened);

        Assert.False(participation.UnmarkPresent(1));

        Assert.Equal([new PresenceMark(2, PresenceSource.Opened)], participation.Presence);
    }

    [Fact]
    public void After_an_unmark_the_day_can_be_marked_again()
    {
        var participation = Someone();
        participation.MarkPresent(1, PresenceSource.Opened);
        participation.UnmarkPresent(1);

        Assert.True(participation.MarkPresent(1, PresenceSource.MarkedByOrganiser));

        Assert.Equal(PresenceSource.MarkedByOrganiser, Assert.Single(participation.Presence).Source);
    }
}

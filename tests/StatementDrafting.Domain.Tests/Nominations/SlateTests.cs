using StatementDrafting.Domain;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.Nominations;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Domain.Tests.Nominations;

public class SlateTests
{
    private static readonly SlateSlot Opening = new(1, "opening", 1, null, "");
    private static readonly SlateSlot Roundtable = new(2, "roundtable", 4, 2, "");

    private static NomineeProfile Person(string name, string region = "Pacific", string gender = "Woman") =>
        new(name, "Org of " + name, "civil society", "Fiji", region, gender);

    [Fact]
    public void The_slate_lays_nominees_out_by_slot_and_position_with_open_places()
    {
        var slate = Slate.Of([Opening, Roundtable], [new SlatePlace(10, 2, 3, Person("B")), new SlatePlace(11, 1, 1, Person("A"))]);

        Assert.Equal(5, slate.Places);
        Assert.Equal(2, slate.Filled);
        Assert.Equal("A", slate.Slots[0].Places[0]!.Nominee.Name);
        Assert.Null(slate.Slots[1].Places[0]);
        Assert.Equal("B", slate.Slots[1].Places[2]!.Nominee.Name);
        Assert.Equal(["A", "B"], slate.Speakers.Select(s => s.Nominee.Name));
    }

    [Fact]
    public void A_place_taken_twice_outside_its_slot_or_in_an_unknown_slot_is_refused()
    {
        Assert.Contains("taken", Assert.Throws<DomainException>(() => Slate.Of([Roundtable], [new SlatePlace(1, 2, 1, Person("A")), new SlatePlace(2, 2, 1, Person("B"))])).Message, StringComparison.Ordinal);
        Assert.Contains("no place 5", Assert.Throws<DomainException>(() => Slate.Of([Roundtable], [new SlatePlace(1, 2, 5, Person("A"))])).Message, StringComparison.Ordinal);
        Assert.Throws<DomainException>(() => Slate.Of([Opening], [new SlatePlace(1, 9, 1, Person("A"))]));
    }

    [Fact]
    public void The_canonical_text_has_one_line_per_slot_and_place_and_one_reading()
    {
        var slate = Slate.Of([Opening, Roundtable], [new SlatePlace(10, 2, 2, Person("Line\nbreak  name")), new SlatePlace(11, 1, 1, Person("A"))]);

        Assert.Equal(
            "slot: opening, 1 place\n" +
            "place 1: A; Org of A; civil society; Fiji; Pacific; Woman\n" +
            "slot: roundtable, 4 places, 2 minutes each\n" +
            "place 1: open\n" +
            "place 2: Line break name; Org of Line break name; civil society; Fiji; Pacific; Woman\n" +
            "place 3: open\n" +
            "place 4: open\n",
            slate.CanonicalText());
    }

    [Fact]
    public void The_canonical_text_changes_with_any_name_or_place()
    {
        var a = Slate.Of([Roundtable], [new SlatePlace(1, 2, 1, Person("A"))]).CanonicalText();
        Assert.NotEqual(a, Slate.Of([Roundtable], [new SlatePlace(1, 2, 2, Person("A"))]).CanonicalText());
        Assert.NotEqual(a, Slate.Of([Roundtable], [new SlatePlace(1, 2, 1, Person("A", region: "South-East Asia"))]).CanonicalText());
    }

    [Fact]
    public void Balance_lists_the_named_values_first_even_when_empty_then_others_by_participation()
    {
        var table = BalanceTable.Compare(
            "Region",
            slate: ["Pacific", "pacific ", "South-East Asia"],
            participants: ["Pacific", "South-East Asia", "South-East Asia", "Elsewhere", "Elsewhere", "Elsewhere", "Pacific", ""],
            listed: ["South-East Asia", "Pacific", "North and Central Asia"]);

        Assert.Equal(["South-East Asia", "Pacific", "North and Central Asia", "Elsewhere", "Not given"], table.Rows.Select(r => r.Value));
        Assert.Equal(new BalanceRow("Pacific", 2, 67, 2, 25), table.Rows[1]);
        Assert.Equal(new BalanceRow("North and Central Asia", 0, 0, 0, 0), table.Rows[2]);
        Assert.Equal(new BalanceRow("Elsewhere", 0, 0, 3, 38), table.Rows[3]);
        Assert.Equal((3, 8), (table.OnSlate, table.Participants));
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(1, 8, 13)] // 12.5 rounds up
    [InlineData(2, 3, 67)]
    [InlineData(3, 3, 100)]
    public void Percentages_are_whole_and_round_half_away_from_zero(int part, int whole, int expected) =>
        Assert.Equal(expected, BalanceTable.Percent(part, whole));

    [Fact]
    public void A_slate_poll_is_on_the_canonical_text_belongs_to_no_statement_and_numbers_the_slate()
    {
        var text = Slate.Of([Opening], [new SlatePlace(11, 1, 1, Person("A"))]).CanonicalText();
        var poll = Poll.OpenSlate(1, 2, text, new PollRule(AdoptionRule.Consensus, 50, MajorityShare.TwoThirds), false, false, DateTimeOffset.UnixEpoch);

        Assert.Equal(PollSubject.Slate, poll.Subject);
        Assert.Null(poll.StatementId);
        Assert.Equal(2, poll.Revision);
        Assert.Equal(text, poll.Text);
        Assert.Equal(StatementFingerprint.Of(text), poll.Fingerprint);
        Assert.True(poll.IsOpen);
    }
}

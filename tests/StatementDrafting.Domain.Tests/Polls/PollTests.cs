using StatementDrafting.Domain;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Domain.Tests.Polls;

public class PollTests
{
    private static readonly DateTimeOffset Opened = new(2021, 3, 4, 9, 0, 0, TimeSpan.Zero);
    private static readonly PollRule Consensus = new(AdoptionRule.Consensus, 50, MajorityShare.TwoThirds);

    private static Poll Open(bool perOrganisation = false) =>
        Poll.OpenAdoption(1, 3, "Common statement of cluster 2", 41, "title: T\np: We agree.\n", Consensus, perOrganisation, tallyShownToAll: false, Opened);

    [Fact]
    public void An_adoption_poll_records_the_revision_the_exact_text_and_its_fingerprint()
    {
        var poll = Open();

        Assert.True(poll.IsOpen);
        Assert.Equal(41, poll.Revision);
        Assert.Equal(StatementFingerprint.Of("title: T\np: We agree.\n"), poll.Fingerprint);
        Assert.Equal(64, poll.Fingerprint.Length);
        Assert.Equal(Consensus, poll.Rule);
        Assert.Null(poll.Final);
    }

    [Fact]
    public void Each_poll_keys_ballots_with_its_own_secret_and_in_organisation_mode_by_organisation()
    {
        var first = Open();
        var second = Open();
        var byOrganisation = Open(perOrganisation: true);

        Assert.Equal(first.BallotKeyOf(7, "Org A"), first.BallotKeyOf(7, "Org B"));
        Assert.NotEqual(first.BallotKeyOf(7, null), second.BallotKeyOf(7, null));
        Assert.Equal(byOrganisation.BallotKeyOf(7, "Org A"), byOrganisation.BallotKeyOf(8, "ORG  a"));
        Assert.NotEqual(byOrganisation.BallotKeyOf(7, "Org A"), byOrganisation.BallotKeyOf(7, "Org B"));
        Assert.Contains("names none", Assert.Throws<DomainException>(() => byOrganisation.BallotKeyOf(7, " ")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Closing_decides_by_the_rule_records_the_counts_and_drops_the_secret()
    {
        var poll = Open();
        var tally = new PollTally(4, 2, 0);

        var decision = poll.Close(tally, 10, declaredAdopted: null, Opened.AddMinutes(10));

        Assert.Equal(PollOutcome.AdoptedByConsensus, decision.Outcome);
        Assert.False(poll.IsOpen);
        Assert.Null(poll.Secret);
        Assert.Equal(tally, poll.Final);
        Assert.Equal(tally, poll.Shown.Tally);
        Assert.Equal(PollOutcome.AdoptedByConsensus, poll.Outcome);
        Assert.Equal(10, poll.Eligible);
        Assert.Equal(decision.Explanation, poll.Explanation);
    }

    [Fact]
    public void A_closed_poll_takes_no_response_and_cannot_close_again()
    {
        var poll = Open();
        poll.Close(new PollTally(5, 0, 0), 10, null, Opened.AddMinutes(5));

        Assert.Contains("closed", Assert.Throws<DomainException>(() => poll.BallotKeyOf(7, null)).Message, StringComparison.Ordinal);
        Assert.Throws<DomainException>(() => poll.Arrived(new PollTally(6, 0, 0)));
        Assert.Throws<DomainException>(() => poll.Close(new PollTally(6, 0, 0), 10, null, Opened.AddMinutes(6)));
    }

    [Fact]
    public void The_shown_counts_move_every_five_arrivals()
    {
        var poll = Open();
        var tally = PollTally.Empty;
        for (var i = 0; i < 4; i++)
        {
            tally = tally.After(null, PollChoice.Support);
            poll.Arrived(tally);
        }

        Assert.Equal(PollTally.Empty, poll.Shown.Tally);
        tally = tally.After(null, PollChoice.Objection);
        poll.Arrived(tally);
        Assert.Equal(new PollTally(4, 0, 1), poll.Shown.Tally);
    }

    [Theory]
    [InlineData(PollChoice.Support, "  ", null)]
    [InlineData(PollChoice.Objection, null, null)]
    [InlineData(PollChoice.Objection, "  Paragraph 4 names no means.  ", "Paragraph 4 names no means.")]
    public void Only_an_objection_takes_a_reason_trimmed(PollChoice choice, string? reason, string? expected)
    {
        Assert.Equal(expected, Poll.CleanReason(choice, reason));
    }

    [Fact]
    public void Bad_responses_are_refused_with_a_clear_message()
    {
        Assert.Contains("Only an objection", Assert.Throws<DomainException>(() => Poll.CleanReason(PollChoice.Support, "Because.")).Message, StringComparison.Ordinal);
        Assert.Contains("at most", Assert.Throws<DomainException>(() => Poll.CleanReason(PollChoice.Objection, new string('x', Poll.MaxReasonLength + 1))).Message, StringComparison.Ordinal);
        Assert.Contains("Choose", Assert.Throws<DomainException>(() => Poll.CleanReason((PollChoice)9, null)).Message, StringComparison.Ordinal);
    }
}

using StatementDrafting.Domain;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.Polls;

namespace StatementDrafting.Domain.Tests.Polls;

public class PollDecisionTests
{
    private static readonly PollRule Consensus = new(AdoptionRule.Consensus, 50, MajorityShare.TwoThirds);
    private static readonly PollRule Majority = new(AdoptionRule.Majority, 50, MajorityShare.TwoThirds);
    private static readonly PollRule Declaration = new(AdoptionRule.Declaration, 50, MajorityShare.TwoThirds);

    public static TheoryData<string, int, int, int, int, PollOutcome> ConsensusCases => new()
    {
        // rule, support, can live with, object, eligible, outcome
        { "quorum met, all support", 6, 0, 0, 10, PollOutcome.AdoptedByConsensus },
        { "quorum met, all can live with it", 0, 5, 0, 10, PollOutcome.AdoptedByConsensus },
        { "quorum met, one objection", 8, 1, 1, 10, PollOutcome.NotAdopted },
        { "quorum exactly met (5 of 10)", 3, 2, 0, 10, PollOutcome.AdoptedByConsensus },
        { "quorum missed by one (4 of 10)", 4, 0, 0, 10, PollOutcome.NotAdopted },
        { "quorum rounds up (6 of 11)", 6, 0, 0, 11, PollOutcome.AdoptedByConsensus },
        { "quorum rounds up, missed (5 of 11)", 5, 0, 0, 11, PollOutcome.NotAdopted },
        { "nobody eligible and nobody responded", 0, 0, 0, 0, PollOutcome.NotAdopted },
    };

    [Theory]
    [MemberData(nameof(ConsensusCases))]
    public void Consensus_adopts_when_nobody_objects_and_the_quorum_is_met(string name, int support, int canLive, int objections, int eligible, PollOutcome expected)
    {
        var decision = PollDecision.Decide(Consensus, new PollTally(support, canLive, objections), eligible);

        Assert.True(expected == decision.Outcome, $"{name}: {decision.Explanation}");
        Assert.Equal(expected != PollOutcome.NotAdopted, decision.Adopted);
    }

    public static TheoryData<string, int, int, int, int, PollOutcome> MajorityCases => new()
    {
        { "exactly two thirds (2 to 1)", 2, 0, 1, 4, PollOutcome.AdoptedByMajority },
        { "exactly two thirds (20 to 10)", 20, 5, 10, 40, PollOutcome.AdoptedByMajority },
        { "just below two thirds (19 to 10)", 19, 6, 10, 40, PollOutcome.NotAdopted },
        { "all can live with it (nothing against)", 0, 6, 0, 10, PollOutcome.AdoptedByMajority },
        { "can live with it is left out of the share", 2, 30, 1, 40, PollOutcome.AdoptedByMajority },
        { "a majority but no quorum", 4, 0, 0, 10, PollOutcome.NotAdopted },
        { "half is not two thirds", 3, 0, 3, 10, PollOutcome.NotAdopted },
    };

    [Theory]
    [MemberData(nameof(MajorityCases))]
    public void A_qualified_majority_counts_support_against_objections_only(string name, int support, int canLive, int objections, int eligible, PollOutcome expected)
    {
        var decision = PollDecision.Decide(Majority, new PollTally(support, canLive, objections), eligible);

        Assert.True(expected == decision.Outcome, $"{name}: {decision.Explanation}");
    }

    [Fact]
    public void A_majority_of_sixty_percent_is_exact_at_its_threshold()
    {
        var rule = Majority with { Majority = MajorityShare.Parse("60%") };

        Assert.Equal(PollOutcome.AdoptedByMajority, PollDecision.Decide(rule, new PollTally(6, 0, 4), 10).Outcome);
        Assert.Equal(PollOutcome.NotAdopted, PollDecision.Decide(rule, new PollTally(5, 1, 4), 10).Outcome);
    }

    [Fact]
    public void Under_the_chairs_declaration_the_chair_decides_and_the_counts_are_kept()
    {
        var tally = new PollTally(1, 0, 7);

        var adopted = PollDecision.Decide(Declaration, tally, 10, declaredAdopted: true);
        var rejected = PollDecision.Decide(Declaration, new PollTally(9, 0, 0), 10, declaredAdopted: false);

        Assert.Equal(PollOutcome.AdoptedByDeclaration, adopted.Outcome);
        Assert.Equal(tally, adopted.Tally);
        Assert.Equal(PollOutcome.NotAdopted, rejected.Outcome);
        Assert.Throws<DomainException>(() => PollDecision.Decide(Declaration, tally, 10));
        Assert.Throws<DomainException>(() => PollDecision.Decide(Consensus, tally, 10, declaredAdopted: true));
    }

    [Fact]
    public void Without_a_quorum_one_response_is_enough_and_none_is_not()
    {
        var rule = Consensus with { QuorumPercent = null };

        Assert.Equal(PollOutcome.AdoptedByConsensus, PollDecision.Decide(rule, new PollTally(0, 1, 0), 300).Outcome);
        Assert.Equal(PollOutcome.NotAdopted, PollDecision.Decide(rule, PollTally.Empty, 300).Outcome);
        Assert.Equal(1, rule.ResponsesNeeded(0));
    }

    [Fact]
    public void The_explanation_gives_the_counts_and_the_reason()
    {
        var decision = PollDecision.Decide(Consensus, new PollTally(5, 3, 2), 12);

        Assert.Equal("Not adopted: 2 objections; 10 of 12 eligible responded (quorum 6).", decision.Explanation);
        Assert.True(decision.QuorumMet);
    }

    [Fact]
    public void A_tally_cannot_hold_more_responses_than_eligible_voters()
    {
        Assert.Throws<DomainException>(() => PollDecision.Decide(Consensus, new PollTally(3, 0, 0), 2));
    }

    [Theory]
    [InlineData(AdoptionRule.Consensus, "Adopted by consensus when nobody objects and at least 50% of those eligible respond.")]
    [InlineData(AdoptionRule.Majority, "Adopted when \"Support\" reaches 2/3 of the \"Support\" and \"Object\" responses and at least 50% of those eligible respond.")]
    [InlineData(AdoptionRule.Declaration, "The chair declares the outcome after deliberation; the counts are kept as the record.")]
    public void The_rule_is_described_in_words_before_the_poll_opens(AdoptionRule rule, string expected)
    {
        Assert.Equal(expected, (Consensus with { Rule = rule }).Describe());
    }

    [Theory]
    [InlineData("2/3", 2, 3)]
    [InlineData(" 3 / 4 ", 3, 4)]
    [InlineData("60%", 60, 100)]
    [InlineData("100", 100, 100)]
    public void A_majority_share_is_read_as_a_fraction_or_a_percentage(string text, int numerator, int denominator)
    {
        var share = MajorityShare.Parse(text);

        Assert.Equal((numerator, denominator), (share.Numerator, share.Denominator));
        Assert.Equal(share, MajorityShare.Parse(share.ToString()));
    }

    [Theory]
    [InlineData("1/3")]
    [InlineData("49%")]
    [InlineData("4/3")]
    [InlineData("0/0")]
    [InlineData("two thirds")]
    [InlineData("")]
    public void A_majority_below_one_half_or_above_all_is_refused(string text)
    {
        Assert.Contains("from one half to all", Assert.Throws<DomainException>(() => MajorityShare.Parse(text)).Message, StringComparison.Ordinal);
    }
}

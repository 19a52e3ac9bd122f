using StatementDrafting.Domain;
using StatementDrafting.Domain.Nominations;

namespace StatementDrafting.Domain.Tests.Nominations;

public class NominationTests
{
    private static readonly DateTimeOffset At = new(2021, 3, 3, 10, 0, 0, TimeSpan.Zero);

    private static Nomination Proposal() => Nomination.Propose(1, proposerParticipationId: 5, "  Amina Diallo ", " Migrant Voices ", "roundtable", null, At);

    [Fact]
    public void A_self_nomination_is_consent_and_needs_no_match()
    {
        var nomination = Nomination.Self(1, 7, null, "I led our working group.", At);

        Assert.True(nomination.IsSelf);
        Assert.Equal(NominationStatus.Accepted, nomination.Status);
        Assert.Equal(7, nomination.NomineeParticipationId);
        Assert.Equal(7, nomination.ProposerParticipationId);
    }

    [Fact]
    public void A_proposal_is_matched_by_an_organiser_then_accepted_by_the_person_asked_only()
    {
        var nomination = Proposal();
        Assert.Equal(("Amina Diallo", "Migrant Voices"), (nomination.ProposedName, nomination.ProposedOrganisation));
        Assert.Equal(NominationStatus.AwaitingMatch, nomination.Status);
        Assert.Throws<DomainException>(() => nomination.Accept(9)); // not matched yet

        nomination.Match(9);
        Assert.Equal(NominationStatus.AwaitingConsent, nomination.Status);
        Assert.Throws<DomainException>(() => nomination.Accept(5)); // the proposer cannot accept for them
        nomination.Match(10); // a wrong match corrected
        Assert.Throws<DomainException>(() => nomination.Accept(9));

        nomination.Accept(10);
        Assert.Equal(NominationStatus.Accepted, nomination.Status);
        Assert.Throws<DomainException>(() => nomination.Match(11)); // answered: no rematch
    }

    [Fact]
    public void The_person_asked_may_decline_and_nothing_can_be_placed_but_an_accepted_nominee()
    {
        var nomination = Proposal();
        Assert.Throws<DomainException>(() => nomination.Place(1, 1));
        nomination.Match(9);
        Assert.Throws<DomainException>(() => nomination.Place(1, 1));
        nomination.Decline(9);

        Assert.Equal(NominationStatus.Declined, nomination.Status);
        Assert.Throws<DomainException>(() => nomination.Place(1, 1));
        Assert.Throws<DomainException>(() => nomination.Withdraw(9));
    }

    [Fact]
    public void The_proposer_takes_back_an_unanswered_proposal_and_the_nominee_withdraws_consent_leaving_the_slate()
    {
        var unanswered = Proposal();
        unanswered.Withdraw(5);
        Assert.Equal(NominationStatus.Withdrawn, unanswered.Status);

        var accepted = Proposal();
        accepted.Match(9);
        accepted.Accept(9);
        accepted.Place(2, 3);
        Assert.Equal((2, 3), (accepted.SlotId, accepted.Position));
        Assert.Contains("Only the nominee", Assert.Throws<DomainException>(() => accepted.Withdraw(5)).Message, StringComparison.Ordinal);

        accepted.Withdraw(9);
        Assert.Equal(NominationStatus.Withdrawn, accepted.Status);
        Assert.False(accepted.IsPlaced);
    }

    [Theory]
    [InlineData(null, "organisation")]
    [InlineData("A name", "")]
    public void A_proposal_names_the_person_and_their_organisation(string? name, string organisation) =>
        Assert.Throws<DomainException>(() => Nomination.Propose(1, 5, name!, organisation, null, null, At));

    [Fact]
    public void Places_are_numbered_from_one_and_a_long_note_is_refused()
    {
        var nomination = Nomination.Self(1, 7, null, null, At);
        Assert.Throws<DomainException>(() => nomination.Place(1, 0));
        Assert.Throws<DomainException>(() => nomination.Place(1, null));
        nomination.Place(1, 1);
        nomination.Place(null, 4);
        Assert.Equal((null, null), (nomination.SlotId, nomination.Position));
        Assert.Throws<DomainException>(() => Nomination.Self(1, 7, null, new string('x', Nomination.MaxNoteLength + 1), At));
    }

    [Fact]
    public void Every_change_moves_the_version()
    {
        var nomination = Proposal();
        var versions = new List<int> { nomination.Version };
        nomination.Match(9);
        versions.Add(nomination.Version);
        nomination.Accept(9);
        versions.Add(nomination.Version);
        nomination.Place(1, 1);
        versions.Add(nomination.Version);

        Assert.Equal(versions.Count, versions.Distinct().Count());
    }
}

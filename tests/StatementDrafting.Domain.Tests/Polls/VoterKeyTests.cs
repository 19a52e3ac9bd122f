using StatementDrafting.Domain;
using StatementDrafting.Domain.Polls;

namespace StatementDrafting.Domain.Tests.Polls;

public class VoterKeyTests
{
    [Fact]
    public void A_voter_has_one_key_per_poll_and_different_keys_in_different_polls()
    {
        var first = VoterKey.NewSecret();
        var second = VoterKey.NewSecret();

        Assert.Equal(VoterKey.OfPerson(first, 7), VoterKey.OfPerson(first, 7));
        Assert.NotEqual(VoterKey.OfPerson(first, 7), VoterKey.OfPerson(first, 8));
        Assert.NotEqual(VoterKey.OfPerson(first, 7), VoterKey.OfPerson(second, 7));
    }

    [Fact]
    public void An_organisation_is_one_voter_however_its_name_is_typed()
    {
        var secret = VoterKey.NewSecret();

        Assert.Equal(VoterKey.OfOrganisation(secret, "Asia Youth  Network"), VoterKey.OfOrganisation(secret, " asia-youth network. "));
        Assert.NotEqual(VoterKey.OfOrganisation(secret, "Asia Youth Network"), VoterKey.OfOrganisation(secret, "Asia Youth Networks"));
        Assert.NotEqual(VoterKey.OfOrganisation(secret, "7"), VoterKey.OfPerson(secret, 7));
        Assert.Throws<DomainException>(() => VoterKey.OfOrganisation(secret, "  "));
    }

    [Fact]
    public void A_secret_of_the_wrong_size_is_refused()
    {
        Assert.Throws<DomainException>(() => VoterKey.OfPerson(new byte[16], 1));
    }
}

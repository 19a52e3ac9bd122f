namespace StatementDrafting.Domain.Consultations;

/// <summary>How strictly a consultation keeps to one registered person per organisation.</summary>
public enum OnePersonPerOrganisation
{
    Off,
    Warn,
    Enforce,
}

/// <summary>The rule by which the plenary adopts a statement.</summary>
public enum AdoptionRule
{
    /// <summary>Adopted when nobody objects.</summary>
    Consensus,
}

/// <summary>The ground rules of a consultation.</summary>
/// <param name="QuorumPercent">The share of approved participants (1-100) that must respond for an adoption poll to count; null for none.</param>
public sealed record ConsultationRules(
    bool ChathamHouse,
    bool Recorded,
    OnePersonPerOrganisation OnePersonPerOrganisation,
    AdoptionRule Adoption,
    int? QuorumPercent = null)
{
    public static ConsultationRules Default { get; } =
        new(ChathamHouse: true, Recorded: false, OnePersonPerOrganisation.Off, AdoptionRule.Consensus);

    public ConsultationRules Checked()
    {
        if (!Enum.IsDefined(OnePersonPerOrganisation) || !Enum.IsDefined(Adoption))
        {
            throw new DomainException("Unknown rule.");
        }

        if (QuorumPercent is < 1 or > 100)
        {
            throw new DomainException("A quorum is a percentage from 1 to 100.");
        }

        return this;
    }
}

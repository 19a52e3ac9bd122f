using StatementDrafting.Domain.Polls;

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
    /// <summary>Adopted when nobody objects (and the quorum is met).</summary>
    Consensus,

    /// <summary>Adopted when "Support" reaches a qualified share of "Support" and "Object" (and the quorum is met).</summary>
    Majority,

    /// <summary>The chair declares the outcome after deliberation; the counts are kept as the record.</summary>
    Declaration,
}

/// <summary>The ground rules of a consultation.</summary>
/// <param name="QuorumPercent">The share of eligible voters (1-100) that must respond for an adoption poll to count; null for none.</param>
/// <param name="MajorityNumerator">With <paramref name="MajorityDenominator"/>: the share of "Support" a qualified majority needs (2/3 by default).</param>
/// <param name="ResponsePerOrganisation">Polls take one response per organisation (its members' latest) instead of one per person.</param>
/// <param name="TallyShownToAll">Everyone (the projector too) sees an open poll's counts, not only the chair.</param>
public sealed record ConsultationRules(
    bool ChathamHouse,
    bool Recorded,
    OnePersonPerOrganisation OnePersonPerOrganisation,
    AdoptionRule Adoption,
    int? QuorumPercent = ConsultationRules.DefaultQuorumPercent,
    int MajorityNumerator = 2,
    int MajorityDenominator = 3,
    bool ResponsePerOrganisation = false,
    bool TallyShownToAll = false)
{
    public const int DefaultQuorumPercent = 50;

    /// <summary>The rule a poll opened now is decided by.</summary>
    public PollRule PollRule => new PollRule(Adoption, QuorumPercent, new MajorityShare(MajorityNumerator, MajorityDenominator)).Checked();

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

        _ = new MajorityShare(MajorityNumerator, MajorityDenominator);
        return this;
    }
}

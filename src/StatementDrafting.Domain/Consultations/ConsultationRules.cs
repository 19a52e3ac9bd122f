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
public sealed record ConsultationRules(
    bool ChathamHouse,
    bool Recorded,
    OnePersonPerOrganisation OnePersonPerOrganisation,
    AdoptionRule Adoption)
{
    public static ConsultationRules Default { get; } =
        new(ChathamHouse: true, Recorded: false, OnePersonPerOrganisation.Off, AdoptionRule.Consensus);
}

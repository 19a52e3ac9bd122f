namespace StatementDrafting.Domain.Agenda;

/// <summary>What happens in an agenda item ("session" in the product's words).</summary>
public enum AgendaItemKind
{
    Plenary,

    /// <summary>A parallel session on one cluster, run by its co-hosts, drafting that cluster's statement.</summary>
    Parallel,
    Break,

    /// <summary>The plenary puts the statements for adoption.</summary>
    Adoption,

    /// <summary>The plenary deliberates and approves the speaker nominations.</summary>
    Nominations,
}

namespace StatementDrafting.Domain.Consultations;

/// <summary>One objective of the framework under review (for example the 23 objectives of the Global Compact for Migration).</summary>
public sealed record Objective(int Number, string Title);

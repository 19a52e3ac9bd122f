namespace StatementDrafting.Domain;

/// <summary>A rule of the domain was broken. The message is safe to show to the user who broke it.</summary>
public class DomainException(string message) : Exception(message);

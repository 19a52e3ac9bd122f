namespace StatementDrafting.Web.Infrastructure.Identity;

/// <summary>The one-time link that lets the first administrator create their account on a server with no accounts.</summary>
public sealed class SetupToken
{
    public int Id { get; set; }

    public string Hash { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }
}

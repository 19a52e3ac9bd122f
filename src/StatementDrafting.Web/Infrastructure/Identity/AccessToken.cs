using System.Security.Cryptography;
using System.Text;

namespace StatementDrafting.Web.Infrastructure.Identity;

/// <summary>
/// A personal access token, for programs that act as a user (scripts, the load tool, other clients of the hub).
/// Only a hash of the secret is stored; the token is shown once, when it is created.
/// </summary>
public sealed class AccessToken
{
    public const string Prefix = "sdpat_";

    public int Id { get; set; }

    public string UserId { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string Hash { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || now < ExpiresAt);

    /// <summary>A new token's secret (to hand to its owner once) and the entity to store.</summary>
    public static (string Secret, AccessToken Token) Issue(string userId, string name, DateTimeOffset now, DateTimeOffset? expiresAt)
    {
        var secret = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (secret, new AccessToken { UserId = userId, Name = name, Hash = HashOf(secret), CreatedAt = now, ExpiresAt = expiresAt });
    }

    public static string HashOf(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}

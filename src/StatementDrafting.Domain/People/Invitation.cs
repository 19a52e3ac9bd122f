namespace StatementDrafting.Domain.People;

/// <summary>
/// A personal sign-in link for one participant: it expires, an organiser can revoke it, and following it signs that
/// one person in without a password. The link's secret is never stored: only its id travels, signed and time-limited.
/// </summary>
public sealed class Invitation
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(14);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(90);

    private Invitation()
    {
    }

    public Invitation(int consultationId, int participationId, DateTimeOffset now, TimeSpan lifetime)
    {
        if (lifetime <= TimeSpan.Zero || lifetime > MaxLifetime)
        {
            throw new DomainException($"An invitation lasts at most {MaxLifetime.TotalDays:0} days.");
        }

        ConsultationId = consultationId;
        ParticipationId = participationId;
        CreatedAt = now;
        ExpiresAt = now + lifetime;
    }

    public int Id { get; private set; }

    public int ConsultationId { get; private set; }

    public int ParticipationId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public DateTimeOffset? LastUsedAt { get; private set; }

    public int TimesUsed { get; private set; }

    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;

    /// <summary>Records a sign-in through the link; refuses a revoked or expired one.</summary>
    public void Use(DateTimeOffset now)
    {
        if (RevokedAt is not null)
        {
            throw new DomainException("This invitation link was withdrawn by the organisers. Ask them for a new one.");
        }

        if (now >= ExpiresAt)
        {
            throw new DomainException("This invitation link has expired. Ask the organisers for a new one.");
        }

        LastUsedAt = now;
        TimesUsed++;
    }
}

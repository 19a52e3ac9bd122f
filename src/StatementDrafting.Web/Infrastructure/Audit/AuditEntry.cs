namespace StatementDrafting.Web.Infrastructure.Audit;

/// <summary>
/// One line of the audit trail: who did what and when. Organisers only. Never statement text, never a vote,
/// never a personal detail beyond the acting account's id: the page resolves names for organisers when it shows them.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public int? ConsultationId { get; set; }

    /// <summary>The acting account, or null for the system and anonymous callers.</summary>
    public string? ActorUserId { get; set; }

    /// <summary>What happened, e.g. "SignedIn", "ApproveRegistration".</summary>
    public string Action { get; set; } = string.Empty;

    /// <summary>What it happened to, by id only, e.g. "Registration 12".</summary>
    public string? Subject { get; set; }

    public bool Succeeded { get; set; } = true;
}

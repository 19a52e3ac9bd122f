using Microsoft.AspNetCore.Identity;

namespace StatementDrafting.Web.Infrastructure.Identity;

/// <summary>
/// An account. Its real name is personal data: shown to organisers only, never in logs, never to other participants.
/// An administrator runs the server (creates consultations) and is an organiser of every consultation.
/// </summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = string.Empty;

    public bool IsAdministrator { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

using System.Security.Cryptography;
using Microsoft.Extensions.Caching.Memory;
using StatementDrafting.Domain.People;

namespace StatementDrafting.Web.Features.Registrations;

/// <summary>A previewed row that can be imported: its row number in the file and what it registers.</summary>
public sealed record DraftRow(int RowNumber, RegistrationDetails Details);

/// <summary>
/// A previewed import, kept on the server (never in the browser) so that confirming imports exactly the rows the
/// organiser saw. It belongs to the organiser who uploaded the file and to one consultation, and lapses after 30 minutes.
/// </summary>
public sealed record RegistrantImportDraft(string Id, string UserId, int ConsultationId, DateTimeOffset ExpiresAt, IReadOnlyList<DraftRow> Rows)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    public const string Unavailable =
        "This preview is no longer available: it lapsed after 30 minutes, was cancelled, or was imported already. Upload the file again.";

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public void Store(IMemoryCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        cache.Set(Key(Id), this, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime });
    }

    /// <summary>The draft with this id if it exists, is the caller's, is for this consultation and has not lapsed; else null.</summary>
    public static RegistrantImportDraft? Find(IMemoryCache cache, string? id, string? userId, int consultationId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cache);
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(userId) || !cache.TryGetValue(Key(id), out RegistrantImportDraft? draft) || draft is null)
        {
            return null;
        }

        if (now >= draft.ExpiresAt)
        {
            cache.Remove(Key(id));
            return null;
        }

        return string.Equals(draft.UserId, userId, StringComparison.Ordinal) && draft.ConsultationId == consultationId ? draft : null;
    }

    public void Discard(IMemoryCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        cache.Remove(Key(Id));
    }

    private static string Key(string id) => $"registrant-import:{id}";
}

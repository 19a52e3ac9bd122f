using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Consultations;

/// <summary>What a page names a consultation by and shows its times in.</summary>
internal sealed record ConsultationHeader(int Id, string Title, string TimeZoneId);

internal static class LoadConsultation
{
    /// <summary>The consultation's id, title and time zone, without loading the rest of it; null when there is none.</summary>
    public static Task<ConsultationHeader?> HeaderAsync(this DraftingDbContext db, int id, CancellationToken ct) =>
        db.Consultations
            .AsNoTracking()
            .Where(c => c.Id == id)
            .Select(c => new ConsultationHeader(c.Id, c.Title, c.TimeZoneId))
            .FirstOrDefaultAsync(ct);

    /// <summary>A consultation with its days and their agenda items, read-only.</summary>
    public static Task<Consultation?> WithDaysAsync(this DraftingDbContext db, int id, CancellationToken ct) =>
        db.Consultations
            .AsNoTracking()
            .Include(c => c.Days).ThenInclude(d => d.Items)
            .FirstOrDefaultAsync(c => c.Id == id, ct);

    /// <summary>A consultation with its clusters (what registration offers as preferences), read-only.</summary>
    public static Task<Consultation?> WithClustersAsync(this DraftingDbContext db, int id, CancellationToken ct) =>
        db.Consultations
            .AsNoTracking()
            .Include(c => c.Clusters)
            .FirstOrDefaultAsync(c => c.Id == id, ct);

    /// <summary>A consultation with everything it owns, read-only.</summary>
    public static Task<Consultation?> WithAgendaAsync(this DraftingDbContext db, int id, CancellationToken ct) =>
        db.Consultations
            .AsNoTracking()
            .Include(c => c.Clusters)
            .Include(c => c.Days).ThenInclude(d => d.Items)
            .Include(c => c.SpeakerSlots)
            .FirstOrDefaultAsync(c => c.Id == id, ct);
}

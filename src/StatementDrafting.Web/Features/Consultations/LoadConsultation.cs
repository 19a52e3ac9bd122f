using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Consultations;

internal static class LoadConsultation
{
    /// <summary>A consultation with everything it owns, read-only.</summary>
    public static Task<Consultation?> WithAgendaAsync(this DraftingDbContext db, int id, CancellationToken ct) =>
        db.Consultations
            .AsNoTracking()
            .Include(c => c.Clusters)
            .Include(c => c.Days).ThenInclude(d => d.Items)
            .Include(c => c.SpeakerSlots)
            .FirstOrDefaultAsync(c => c.Id == id, ct);
}

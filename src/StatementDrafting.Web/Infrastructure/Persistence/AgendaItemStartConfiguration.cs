using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StatementDrafting.Domain.Consultations;

namespace StatementDrafting.Web.Infrastructure.Persistence;

/// <summary>
/// That someone with the right to (a co-host of the item, an organiser) pressed "Start" for an agenda item, and when.
/// One per item: unique per (consultation, agenda item key), so a second press is refused by the database too. Who
/// pressed it is in the audit trail, not here.
/// </summary>
public sealed class AgendaItemStart
{
    public long Id { get; set; }

    public int ConsultationId { get; set; }

    public required string AgendaItemKey { get; set; }

    public DateTimeOffset StartedAt { get; set; }
}

internal sealed class AgendaItemStartConfiguration : IEntityTypeConfiguration<AgendaItemStart>
{
    public void Configure(EntityTypeBuilder<AgendaItemStart> builder)
    {
        builder.ToTable("AgendaItemStarts");
        builder.HasOne<Consultation>().WithMany().HasForeignKey(s => s.ConsultationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.ConsultationId, s.AgendaItemKey }).IsUnique();
        builder.Property(s => s.AgendaItemKey).HasMaxLength(40);
    }
}

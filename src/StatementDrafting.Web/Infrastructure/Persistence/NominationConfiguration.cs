using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.Nominations;
using StatementDrafting.Domain.People;

namespace StatementDrafting.Web.Infrastructure.Persistence;

internal sealed class NominationConfiguration : IEntityTypeConfiguration<Nomination>
{
    public void Configure(EntityTypeBuilder<Nomination> builder)
    {
        builder.ToTable("Nominations");
        builder.HasOne<Consultation>().WithMany().HasForeignKey(n => n.ConsultationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Participation>().WithMany().HasForeignKey(n => n.ProposerParticipationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Participation>().WithMany().HasForeignKey(n => n.NomineeParticipationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<SpeakerSlot>().WithMany().HasForeignKey(n => n.SlotId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(n => new { n.ConsultationId, n.Status });
        builder.HasIndex(n => n.ProposerParticipationId);
        builder.HasIndex(n => n.NomineeParticipationId);

        // One nominee per place: two organisers placing two people in the same place cannot both succeed.
        builder.HasIndex(n => new { n.SlotId, n.Position }).IsUnique().HasFilter("\"SlotId\" IS NOT NULL");
        builder.Property(n => n.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(n => n.ProposedName).HasMaxLength(Nomination.MaxProposedNameLength);
        builder.Property(n => n.ProposedOrganisation).HasMaxLength(Text.MaxNameLength);
        builder.Property(n => n.PreferredSlotKind).HasMaxLength(Text.MaxNameLength);
        builder.Property(n => n.Note).HasMaxLength(Nomination.MaxNoteLength);
        builder.Property(n => n.Version).IsConcurrencyToken();
        builder.Ignore(n => n.IsPlaced);
    }
}

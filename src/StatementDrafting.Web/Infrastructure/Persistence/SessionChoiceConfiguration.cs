using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StatementDrafting.Domain.People;

namespace StatementDrafting.Web.Infrastructure.Persistence;

/// <summary>
/// The parallel session a participant or co-host chose to follow, from the agenda. One per participation and item
/// (a unique index); choosing a session sets aside the choices of the sessions that overlap it. Private: shown only to
/// the person who chose (organisers see counts per session).
/// </summary>
public sealed class SessionChoice
{
    public long Id { get; set; }

    public int ConsultationId { get; set; }

    public int ParticipationId { get; set; }

    public required string AgendaItemKey { get; set; }

    public DateTimeOffset ChosenAt { get; set; }
}

internal sealed class SessionChoiceConfiguration : IEntityTypeConfiguration<SessionChoice>
{
    public void Configure(EntityTypeBuilder<SessionChoice> builder)
    {
        builder.ToTable("SessionChoices");
        builder.HasOne<Participation>().WithMany().HasForeignKey(c => c.ParticipationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.ParticipationId, c.AgendaItemKey }).IsUnique();
        builder.HasIndex(c => new { c.ConsultationId, c.AgendaItemKey });
        builder.Property(c => c.AgendaItemKey).HasMaxLength(40);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Identity;

namespace StatementDrafting.Web.Infrastructure.Persistence;

internal sealed class RegistrationConfiguration : IEntityTypeConfiguration<Registration>
{
    public void Configure(EntityTypeBuilder<Registration> builder)
    {
        builder.ToTable("Registrations");
        builder.HasOne<Consultation>().WithMany().HasForeignKey(r => r.ConsultationId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.Name).HasMaxLength(Text.MaxNameLength);
        builder.Property(r => r.Email).HasMaxLength(Registration.MaxEmailLength);
        builder.Property(r => r.Organisation).HasMaxLength(Text.MaxNameLength);
        builder.Property(r => r.OrganisationKey).HasMaxLength(Text.MaxNameLength);
        builder.Property(r => r.StakeholderCategory).HasMaxLength(Text.MaxNameLength);
        builder.Property(r => r.Country).HasMaxLength(100);
        builder.Property(r => r.Region).HasMaxLength(Text.MaxNameLength);
        builder.Property(r => r.DeclineReason).HasMaxLength(500);
        builder.Property(r => r.Gender).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Source).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(r => new { r.ConsultationId, r.Email });
        builder.HasIndex(r => new { r.ConsultationId, r.OrganisationKey });
    }
}

internal sealed class ParticipationConfiguration : IEntityTypeConfiguration<Participation>
{
    public void Configure(EntityTypeBuilder<Participation> builder)
    {
        builder.ToTable("Participations");
        builder.HasOne<Consultation>().WithMany().HasForeignKey(p => p.ConsultationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Registration>().WithMany().HasForeignKey(p => p.RegistrationId).OnDelete(DeleteBehavior.SetNull);
        builder.Property(p => p.Alias).HasMaxLength(Participation.MaxAliasLength);
        builder.Ignore(p => p.Pseudonym);
        builder.Ignore(p => p.IsCoHost);
        builder.HasIndex(p => new { p.ConsultationId, p.UserId }).IsUnique();
        builder.HasIndex(p => new { p.ConsultationId, p.Number }).IsUnique();
        builder.HasIndex(p => new { p.ConsultationId, p.Alias }).IsUnique();
        builder.OwnsMany(p => p.CoHostSeats, seats => seats.ToJson());
        builder.Navigation(p => p.CoHostSeats).HasField("_coHostSeats");
        builder.OwnsMany(p => p.Presence, presence =>
        {
            presence.ToJson();
            presence.Property(m => m.Source).HasConversion<string>();
        });
        builder.Navigation(p => p.Presence).HasField("_presence");
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> builder)
    {
        builder.ToTable("Invitations");
        builder.HasOne<Participation>().WithMany().HasForeignKey(i => i.ParticipationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => i.ConsultationId);
    }
}

internal sealed class AccessTokenConfiguration : IEntityTypeConfiguration<AccessToken>
{
    public void Configure(EntityTypeBuilder<AccessToken> builder)
    {
        builder.ToTable("AccessTokens");
        builder.HasOne<AppUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.Hash).HasMaxLength(64);
        builder.HasIndex(t => t.Hash).IsUnique();
    }
}

internal sealed class SetupTokenConfiguration : IEntityTypeConfiguration<SetupToken>
{
    public void Configure(EntityTypeBuilder<SetupToken> builder)
    {
        builder.ToTable("SetupTokens");
        builder.Property(t => t.Hash).HasMaxLength(64);
        builder.HasIndex(t => t.Hash).IsUnique();
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.Property(a => a.Action).HasMaxLength(100);
        builder.Property(a => a.Subject).HasMaxLength(200);
        builder.Property(a => a.ActorUserId).HasMaxLength(64);
        builder.HasIndex(a => new { a.ConsultationId, a.At });
    }
}

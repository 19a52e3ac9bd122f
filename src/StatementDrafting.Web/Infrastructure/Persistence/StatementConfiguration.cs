using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Web.Infrastructure.Persistence;

internal sealed class StatementConfiguration : IEntityTypeConfiguration<Statement>
{
    public void Configure(EntityTypeBuilder<Statement> builder)
    {
        builder.ToTable("Statements");
        builder.Property(s => s.Title).HasMaxLength(Text.MaxTitleLength);
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<Consultation>().WithMany().HasForeignKey(s => s.ConsultationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.ConsultationId, s.Kind, s.ClusterNumber }).IsUnique();

        builder.OwnsMany(s => s.Blocks, blocks =>
        {
            blocks.ToTable("Blocks");
            blocks.WithOwner().HasForeignKey("StatementId");
            blocks.HasKey("StatementId", nameof(Block.Id));
            blocks.Property(b => b.Id)
                .HasConversion(id => id.Value, value => BlockId.Parse(value))
                .HasMaxLength(12)
                .ValueGeneratedNever();
            blocks.Property(b => b.Kind).HasConversion<string>().HasMaxLength(24);
            blocks.Property(b => b.Text).HasMaxLength(Text.MaxBlockLength);
            blocks.HasIndex("StatementId", nameof(Block.Position));
        });
        builder.Navigation(s => s.Blocks).HasField("_blocks");
        builder.Property(s => s.Revision).IsConcurrencyToken();
    }
}

internal sealed class StatementChangeConfiguration : IEntityTypeConfiguration<StatementChange>
{
    public void Configure(EntityTypeBuilder<StatementChange> builder)
    {
        builder.ToTable("StatementChanges");
        builder.HasOne<Statement>().WithMany().HasForeignKey(c => c.StatementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.StatementId, c.Revision }).IsUnique();
        builder.HasIndex(c => new { c.StatementId, c.AuthorId, c.ClientChangeId }).IsUnique();
        builder.Property(c => c.AuthorId).HasMaxLength(64);
        builder.Property(c => c.ClientChangeId).HasMaxLength(64);
        builder.Property(c => c.Label).HasMaxLength(32);
    }
}

internal sealed class StatementSnapshotConfiguration : IEntityTypeConfiguration<StatementSnapshot>
{
    public void Configure(EntityTypeBuilder<StatementSnapshot> builder)
    {
        builder.ToTable("StatementSnapshots");
        builder.HasOne<Statement>().WithMany().HasForeignKey(c => c.StatementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.StatementId, c.Revision }).IsUnique();
    }
}

internal sealed class UnappliedTextConfiguration : IEntityTypeConfiguration<UnappliedText>
{
    public void Configure(EntityTypeBuilder<UnappliedText> builder)
    {
        builder.ToTable("UnappliedTexts");
        builder.HasOne<Statement>().WithMany().HasForeignKey(u => u.StatementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(u => new { u.StatementId, u.AuthorId, u.Key }).IsUnique();
        builder.Property(u => u.AuthorId).HasMaxLength(64);
        builder.Property(u => u.Key).HasMaxLength(UnappliedText.MaxKeyLength);
        builder.Property(u => u.BlockId).HasMaxLength(64);
        builder.Property(u => u.AfterBlockId).HasMaxLength(64);
        builder.Property(u => u.Reason).HasMaxLength(32);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.Sources;
using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Web.Infrastructure.Persistence;

internal sealed class SourceReportConfiguration : IEntityTypeConfiguration<SourceReport>
{
    public void Configure(EntityTypeBuilder<SourceReport> builder)
    {
        builder.ToTable("SourceReports");
        builder.HasOne<Consultation>().WithMany().HasForeignKey(r => r.ConsultationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.ConsultationId, r.ClusterNumber });
        builder.Property(r => r.Title).HasMaxLength(Text.MaxTitleLength);
        builder.Property(r => r.FileName).HasMaxLength(SourceReport.MaxFileNameLength);
        builder.Property(r => r.UploadedBy).HasMaxLength(64);
        builder.HasMany(r => r.Paragraphs).WithOne().HasForeignKey(p => p.SourceReportId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Footnotes).WithOne().HasForeignKey(f => f.SourceReportId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.Paragraphs).HasField("_paragraphs");
        builder.Navigation(r => r.Footnotes).HasField("_footnotes");
    }
}

internal sealed class SourceParagraphConfiguration : IEntityTypeConfiguration<SourceParagraph>
{
    public void Configure(EntityTypeBuilder<SourceParagraph> builder)
    {
        builder.ToTable("SourceParagraphs");
        builder.HasIndex(p => new { p.SourceReportId, p.Position }).IsUnique();
        builder.Property(p => p.Section).HasMaxLength(Text.MaxTitleLength);
        builder.Property(p => p.Subsection).HasMaxLength(Text.MaxTitleLength);
        builder.Property(p => p.SubsectionKind).HasConversion<string>().HasMaxLength(32);
        builder.Property(p => p.Text).HasMaxLength(Text.MaxBlockLength);
        builder.Property(p => p.FootnoteNumbers).HasMaxLength(400);
        builder.Ignore(p => p.Footnotes);
    }
}

internal sealed class SourceFootnoteConfiguration : IEntityTypeConfiguration<SourceFootnote>
{
    public void Configure(EntityTypeBuilder<SourceFootnote> builder)
    {
        builder.ToTable("SourceFootnotes");
        builder.HasIndex(f => new { f.SourceReportId, f.Number }).IsUnique();
        builder.Property(f => f.Text).HasMaxLength(Text.MaxBlockLength);
    }
}

internal sealed class SourceProvenanceConfiguration : IEntityTypeConfiguration<SourceProvenance>
{
    public void Configure(EntityTypeBuilder<SourceProvenance> builder)
    {
        builder.ToTable("SourceProvenances");
        builder.HasOne<Statement>().WithMany().HasForeignKey(p => p.StatementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<SourceParagraph>().WithMany().HasForeignKey(p => p.SourceParagraphId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Amendment>().WithMany().HasForeignKey(p => p.AmendmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.StatementId, p.BlockId });
        builder.HasIndex(p => p.SourceParagraphId);
        builder.Property(p => p.BlockId).HasMaxLength(12);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Web.Infrastructure.Persistence;

/// <summary>
/// Who supports an amendment. Kept apart from the amendment and shown to nobody but the supporter (the count is on the
/// amendment); unique per (amendment, user), so a support counts once.
/// </summary>
public sealed class AmendmentSupport
{
    public long Id { get; set; }

    public int AmendmentId { get; set; }

    public required string UserId { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>A named revision of a statement ("Shared before the consultation", "End of day 1").</summary>
public sealed class StatementMilestone
{
    public const int MaxNameLength = 120;

    public int Id { get; set; }

    public int StatementId { get; set; }

    public int Revision { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>The revision a user last saw of a statement, for "what changed since I last looked".</summary>
public sealed class StatementVisit
{
    public int StatementId { get; set; }

    public required string UserId { get; set; }

    public int Revision { get; set; }

    public DateTimeOffset At { get; set; }
}

internal sealed class AmendmentConfiguration : IEntityTypeConfiguration<Amendment>
{
    public void Configure(EntityTypeBuilder<Amendment> builder)
    {
        builder.ToTable("Amendments");
        builder.HasOne<Statement>().WithMany().HasForeignKey(a => a.StatementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.StatementId, a.Number }).IsUnique();
        builder.HasIndex(a => new { a.StatementId, a.BlockId, a.Status });
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(a => a.BlockId).HasMaxLength(12);
        builder.Property(a => a.ProposerId).HasMaxLength(64);
        builder.Property(a => a.Rationale).HasMaxLength(Amendment.MaxRationaleLength);
        builder.Property(a => a.DecisionNote).HasMaxLength(Amendment.MaxReasonLength);
        builder.Property(a => a.BaseText).HasMaxLength(Amendment.MaxTextLength);
        builder.Property(a => a.ProposedText).HasMaxLength(Amendment.MaxTextLength);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.Ignore(a => a.IsPending);
        builder.Ignore(a => a.IsDecided);
        builder.Ignore(a => a.Label);
        builder.OwnsMany(a => a.History, history =>
        {
            history.ToTable("AmendmentEvents");
            history.WithOwner().HasForeignKey(e => e.AmendmentId);
            history.HasKey(e => e.Id);
            history.Property(e => e.Status).HasConversion<string>().HasMaxLength(32);
            history.Property(e => e.Actor).HasConversion<string>().HasMaxLength(16);
            history.Property(e => e.What).HasMaxLength(200);
            history.Property(e => e.Text).HasMaxLength(Amendment.MaxTextLength);
            history.Property(e => e.Note).HasMaxLength(Amendment.MaxReasonLength);
        });
        builder.Navigation(a => a.History).HasField("_history");
    }
}

internal sealed class AmendmentSupportConfiguration : IEntityTypeConfiguration<AmendmentSupport>
{
    public void Configure(EntityTypeBuilder<AmendmentSupport> builder)
    {
        builder.ToTable("AmendmentSupports");
        builder.HasOne<Amendment>().WithMany().HasForeignKey(s => s.AmendmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.AmendmentId, s.UserId }).IsUnique();
        builder.HasIndex(s => s.UserId);
        builder.Property(s => s.UserId).HasMaxLength(64);
    }
}

internal sealed class StatementMilestoneConfiguration : IEntityTypeConfiguration<StatementMilestone>
{
    public void Configure(EntityTypeBuilder<StatementMilestone> builder)
    {
        builder.ToTable("StatementMilestones");
        builder.HasOne<Statement>().WithMany().HasForeignKey(m => m.StatementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.StatementId, m.Revision });
        builder.Property(m => m.Name).HasMaxLength(StatementMilestone.MaxNameLength);
    }
}

internal sealed class StatementVisitConfiguration : IEntityTypeConfiguration<StatementVisit>
{
    public void Configure(EntityTypeBuilder<StatementVisit> builder)
    {
        builder.ToTable("StatementVisits");
        builder.HasKey(v => new { v.StatementId, v.UserId });
        builder.HasOne<Statement>().WithMany().HasForeignKey(v => v.StatementId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(v => v.UserId).HasMaxLength(64);
    }
}

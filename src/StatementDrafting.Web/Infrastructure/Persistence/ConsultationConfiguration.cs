using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.Consultations;

namespace StatementDrafting.Web.Infrastructure.Persistence;

internal sealed class ConsultationConfiguration : IEntityTypeConfiguration<Consultation>
{
    public void Configure(EntityTypeBuilder<Consultation> builder)
    {
        builder.ToTable("Consultations");
        builder.Property(c => c.Title).HasMaxLength(Text.MaxTitleLength);
        builder.Property(c => c.TimeZoneId).HasMaxLength(64);
        builder.Property(c => c.About).HasMaxLength(Consultation.MaxNoteLength);
        builder.Property(c => c.RulesNote).HasMaxLength(Consultation.MaxNoteLength);
        builder.Property(c => c.AdoptionPlan).HasMaxLength(Consultation.MaxNoteLength);
        builder.Property(c => c.RegionsNote).HasMaxLength(Consultation.MaxNoteLength);
        builder.Ignore(c => c.TimeZone);
        builder.Ignore(c => c.RegistrationClosesAt);
        builder.ComplexProperty(c => c.Rules, rules =>
        {
            rules.Property(r => r.OnePersonPerOrganisation).HasConversion<string>().HasMaxLength(16);
            rules.Property(r => r.Adoption).HasConversion<string>().HasMaxLength(16);
            rules.Ignore(r => r.PollRule);

            // Consultations stored before polls take the defaults (two thirds; one response per person; counts to the chair).
            rules.Property(r => r.MajorityNumerator).HasDefaultValue(2);
            rules.Property(r => r.MajorityDenominator).HasDefaultValue(3);
        });
        builder.PrimitiveCollection(c => c.StakeholderCategories).HasField("_stakeholderCategories");
        builder.PrimitiveCollection(c => c.Regions).HasField("_regions");
        builder.PrimitiveCollection(c => c.BalanceDimensions).HasField("_balanceDimensions");

        builder.OwnsMany(c => c.Objectives, objectives =>
        {
            objectives.ToTable("Objectives");
            objectives.WithOwner().HasForeignKey("ConsultationId");
            objectives.HasKey("ConsultationId", nameof(Objective.Number));
            objectives.Property(o => o.Number).ValueGeneratedNever();
            objectives.Property(o => o.Title).HasMaxLength(Text.MaxTitleLength);
        });
        builder.Navigation(c => c.Objectives).HasField("_objectives");

        builder.HasMany(c => c.Clusters).WithOne().HasForeignKey("ConsultationId").OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Clusters).HasField("_clusters");
        builder.HasMany(c => c.Days).WithOne().HasForeignKey("ConsultationId").OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Days).HasField("_days");
        builder.HasMany(c => c.SpeakerSlots).WithOne().HasForeignKey("ConsultationId").OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.SpeakerSlots).HasField("_speakerSlots");
    }
}

internal sealed class ClusterConfiguration : IEntityTypeConfiguration<Cluster>
{
    public void Configure(EntityTypeBuilder<Cluster> builder)
    {
        builder.ToTable("Clusters");
        builder.Property(c => c.Title).HasMaxLength(Text.MaxTitleLength);
        builder.PrimitiveCollection(c => c.ObjectiveNumbers).HasField("_objectiveNumbers");
        builder.HasIndex("ConsultationId", nameof(Cluster.Number)).IsUnique();
    }
}

internal sealed class ConsultationDayConfiguration : IEntityTypeConfiguration<ConsultationDay>
{
    public void Configure(EntityTypeBuilder<ConsultationDay> builder)
    {
        builder.ToTable("ConsultationDays");
        builder.HasIndex("ConsultationId", nameof(ConsultationDay.Number)).IsUnique();
        builder.HasMany(d => d.Items).WithOne().HasForeignKey("ConsultationDayId").OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(d => d.Items).HasField("_items");
    }
}

internal sealed class AgendaItemConfiguration : IEntityTypeConfiguration<AgendaItem>
{
    public void Configure(EntityTypeBuilder<AgendaItem> builder)
    {
        builder.ToTable("AgendaItems");
        builder.Property(i => i.Key).HasMaxLength(40);
        builder.Property(i => i.Title).HasMaxLength(Text.MaxTitleLength);
        builder.Property(i => i.Kind).HasConversion<string>().HasMaxLength(16);
        builder.PrimitiveCollection(i => i.CoHosts).HasField("_coHosts");
        builder.OwnsMany(i => i.WorkingGroups, groups =>
        {
            groups.ToTable("WorkingGroups");
            groups.WithOwner().HasForeignKey("AgendaItemId");
            groups.Property<int>("Id");
            groups.HasKey("Id");
            groups.Property(g => g.Name).HasMaxLength(Text.MaxNameLength);
            groups.PrimitiveCollection(g => g.ObjectiveNumbers).HasField("_objectiveNumbers");
        });
        builder.Navigation(i => i.WorkingGroups).HasField("_workingGroups");
    }
}

internal sealed class SpeakerSlotConfiguration : IEntityTypeConfiguration<SpeakerSlot>
{
    public void Configure(EntityTypeBuilder<SpeakerSlot> builder)
    {
        builder.ToTable("SpeakerSlots");
        builder.Property(s => s.Kind).HasMaxLength(Text.MaxNameLength);
        builder.Property(s => s.Note).HasMaxLength(Text.MaxTitleLength);
    }
}

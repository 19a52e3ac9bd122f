using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.People;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Web.Infrastructure.Persistence;

/// <summary>
/// One ballot of an open poll: its voter's key under the poll's secret (<see cref="VoterKey"/>), never the voter, and
/// the choice. Unique per (poll, key), so a voter (or an organisation) holds one ballot however often they respond.
/// Every ballot of a poll is deleted in the transaction that closes it (ADR 0011).
/// </summary>
public sealed class PollBallot
{
    public long Id { get; set; }

    public int PollId { get; set; }

    public required string VoterKey { get; set; }

    public PollChoice Choice { get; set; }

    public string? Reason { get; set; }
}

/// <summary>That a participant responded to a poll (the record of participation), kept apart from any choice.</summary>
public sealed class PollRespondent
{
    public int PollId { get; set; }

    public int ParticipationId { get; set; }
}

/// <summary>The reason given with an objection, written at close in an order that reveals nothing.</summary>
public sealed class PollObjection
{
    public long Id { get; set; }

    public int PollId { get; set; }

    public required string Reason { get; set; }
}

internal sealed class PollConfiguration : IEntityTypeConfiguration<Poll>
{
    public void Configure(EntityTypeBuilder<Poll> builder)
    {
        builder.ToTable("Polls");
        builder.HasOne<Consultation>().WithMany().HasForeignKey(p => p.ConsultationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Statement>().WithMany().HasForeignKey(p => p.StatementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.ConsultationId, p.Subject });

        // At most one open poll per statement: a second is refused by the database too, not only by the handler.
        builder.HasIndex(p => p.StatementId).IsUnique().HasFilter("\"ClosedAt\" IS NULL");

        // And at most one open poll on a consultation's slate.
        builder.HasIndex(p => p.ConsultationId, "IX_Polls_OpenSlate").IsUnique().HasFilter("\"ClosedAt\" IS NULL AND \"Subject\" = 'Slate'");
        builder.Property(p => p.Subject).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.RuleName).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Outcome).HasConversion<string>().HasMaxLength(24);
        builder.Property(p => p.Title).HasMaxLength(300);
        builder.Property(p => p.Fingerprint).HasMaxLength(64);
        builder.Property(p => p.Explanation).HasMaxLength(500);
        builder.Property(p => p.Secret).HasMaxLength(VoterKey.SecretBytes);
        builder.Ignore(p => p.IsOpen);
        builder.Ignore(p => p.Rule);
        builder.Ignore(p => p.Shown);
        builder.Ignore(p => p.Final);

        // Every response moves the shown counts: two responders must not both write the counts they read.
        builder.Property(p => p.Version).IsConcurrencyToken();
    }
}

internal sealed class PollBallotConfiguration : IEntityTypeConfiguration<PollBallot>
{
    public void Configure(EntityTypeBuilder<PollBallot> builder)
    {
        builder.ToTable("PollBallots");
        builder.HasOne<Poll>().WithMany().HasForeignKey(b => b.PollId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(b => new { b.PollId, b.VoterKey }).IsUnique();
        builder.Property(b => b.VoterKey).HasMaxLength(64);
        builder.Property(b => b.Choice).HasConversion<string>().HasMaxLength(16);
        builder.Property(b => b.Reason).HasMaxLength(Poll.MaxReasonLength);
    }
}

internal sealed class PollRespondentConfiguration : IEntityTypeConfiguration<PollRespondent>
{
    public void Configure(EntityTypeBuilder<PollRespondent> builder)
    {
        builder.ToTable("PollRespondents");
        builder.HasKey(r => new { r.PollId, r.ParticipationId });
        builder.HasOne<Poll>().WithMany().HasForeignKey(r => r.PollId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Participation>().WithMany().HasForeignKey(r => r.ParticipationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PollObjectionConfiguration : IEntityTypeConfiguration<PollObjection>
{
    public void Configure(EntityTypeBuilder<PollObjection> builder)
    {
        builder.ToTable("PollObjections");
        builder.HasOne<Poll>().WithMany().HasForeignKey(o => o.PollId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(o => o.PollId);
        builder.Property(o => o.Reason).HasMaxLength(Poll.MaxReasonLength);
    }
}

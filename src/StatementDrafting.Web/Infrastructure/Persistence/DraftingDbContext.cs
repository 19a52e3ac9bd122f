using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.Nominations;
using StatementDrafting.Domain.People;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Domain.Sources;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Identity;

namespace StatementDrafting.Web.Infrastructure.Persistence;

/// <summary>
/// The application's database, provider-neutral. Each database provider derives its own context type
/// (<see cref="Sqlite.SqliteDraftingDbContext"/>, <see cref="Postgres.PostgresDraftingDbContext"/>) so that each keeps
/// its own set of migrations. Handlers use <c>IDbContextFactory&lt;DraftingDbContext&gt;</c> and one context per operation.
/// It also holds the data-protection keys, so that every node of the app signs and reads cookies with the same keys.
/// </summary>
public abstract class DraftingDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Consultation> Consultations => Set<Consultation>();

    public DbSet<Statement> Statements => Set<Statement>();

    public DbSet<StatementChange> StatementChanges => Set<StatementChange>();

    public DbSet<StatementSnapshot> StatementSnapshots => Set<StatementSnapshot>();

    public DbSet<Amendment> Amendments => Set<Amendment>();

    public DbSet<AmendmentSupport> AmendmentSupports => Set<AmendmentSupport>();

    public DbSet<StatementMilestone> StatementMilestones => Set<StatementMilestone>();

    public DbSet<StatementVisit> StatementVisits => Set<StatementVisit>();

    public DbSet<UnappliedText> UnappliedTexts => Set<UnappliedText>();

    public DbSet<Poll> Polls => Set<Poll>();

    public DbSet<PollBallot> PollBallots => Set<PollBallot>();

    public DbSet<PollRespondent> PollRespondents => Set<PollRespondent>();

    public DbSet<PollObjection> PollObjections => Set<PollObjection>();

    public DbSet<Nomination> Nominations => Set<Nomination>();

    public DbSet<Registration> Registrations => Set<Registration>();

    public DbSet<Participation> Participations => Set<Participation>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<AccessToken> AccessTokens => Set<AccessToken>();

    public DbSet<SetupToken> SetupTokens => Set<SetupToken>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<AgendaItemStart> AgendaItemStarts => Set<AgendaItemStart>();

    public DbSet<SessionChoice> SessionChoices => Set<SessionChoice>();

    public DbSet<SourceReport> SourceReports => Set<SourceReport>();

    public DbSet<SourceParagraph> SourceParagraphs => Set<SourceParagraph>();

    public DbSet<SourceFootnote> SourceFootnotes => Set<SourceFootnote>();

    public DbSet<SourceProvenance> SourceProvenances => Set<SourceProvenance>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(DraftingDbContext).Assembly);
    }
}

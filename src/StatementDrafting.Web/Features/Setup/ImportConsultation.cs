using System.Reflection;
using System.Text;
using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Identity;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Setup;

/// <summary>
/// Creates a consultation from a definition (server administrators; the caller becomes its organiser), or applies a
/// definition to an existing one (its organisers), matching what exists by number, order, id and kind. All or nothing:
/// on any problem nothing is saved, and every problem is reported with its field and line.
/// </summary>
public sealed record ImportConsultation(string Json, int? ConsultationId = null) : ICommand<int>, IAuthorisedRequest, IAudited
{
    public Permission Permission => ConsultationId is { } id ? Permission.Organiser(id) : Permission.Administrator;

    public int? AuditConsultationId => ConsultationId;

    public string? AuditSubject => ConsultationId is null ? "Consultation created from a definition" : "Definition applied";
}

public sealed class ImportConsultationValidator : IValidator<ImportConsultation>
{
    public IEnumerable<ValidationError> Validate(ImportConsultation message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrWhiteSpace(message.Json))
        {
            yield return new ValidationError(nameof(message.Json), "Choose a definition file (JSON).");
        }
        else if (Encoding.UTF8.GetByteCount(message.Json) > DefinitionReader.MaxBytes)
        {
            yield return new ValidationError(nameof(message.Json), $"A definition is at most {DefinitionReader.MaxBytes / 1024} KB.");
        }

        foreach (var error in Ids.Positive(("ConsultationId", message.ConsultationId, "consultation")))
        {
            yield return error;
        }
    }
}

public sealed class ImportConsultationHandler(DefinitionStore store) : ICommandHandler<ImportConsultation, int>
{
    public async ValueTask<int> Handle(ImportConsultation command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (definition, lines) = DefinitionReader.Read(Encoding.UTF8.GetBytes(command.Json));
        return await store.SaveAsync(command.ConsultationId, definition, lines, cancellationToken);
    }
}

/// <summary>The 23 objectives of the Global Compact for Migration, built in for definitions that name none.</summary>
public static class BuiltInObjectives
{
    public static IReadOnlyList<(int Number, string Title)> All { get; } = Load();

    private static IReadOnlyList<(int Number, string Title)> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Demo.gcm-objectives.json")
            ?? throw new InvalidOperationException("The built-in objectives are missing from the build.");
        using var document = JsonDocument.Parse(stream);
        return [.. document.RootElement.GetProperty("objectives").EnumerateArray()
            .Select(o => (o.GetProperty("number").GetInt32(), o.GetProperty("title").GetString()!))];
    }
}

/// <summary>
/// Loads a consultation's definition and saves one: the one way a consultation is created or changed from a definition,
/// whether it comes from a file or from an edit on the setup page.
/// </summary>
public sealed class DefinitionStore(IDbContextFactory<DraftingDbContext> contexts, CallerContext caller, AccountDirectory accounts)
{
    /// <summary>The consultation with its clusters, days, agenda items (and their working groups) and speaker slots, tracked.</summary>
    public static Task<Domain.Consultations.Consultation?> TrackedAsync(DraftingDbContext db, int id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Consultations
            .Include(c => c.Clusters)
            .Include(c => c.Days).ThenInclude(d => d.Items)
            .Include(c => c.SpeakerSlots)
            .AsSplitQuery()
            .FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
    }

    /// <summary>The consultation's definition as stored; null when there is no such consultation.</summary>
    public async Task<ConsultationDefinition?> DefinitionOfAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var consultation = await TrackedAsync(db, id, cancellationToken);
        if (consultation is null)
        {
            return null;
        }

        var statements = (await db.Statements.AsNoTracking().Where(s => s.ConsultationId == consultation.Id)
                .Select(s => new { s.Kind, s.ClusterNumber }).ToListAsync(cancellationToken))
            .OrderBy(s => s.Kind == StatementKind.Opening ? 1 : 0).ThenBy(s => s.ClusterNumber)
            .Select(s => (s.Kind == StatementKind.Opening ? "opening" : "common", s.ClusterNumber));
        return ConsultationDefinition.Of(consultation, statements);
    }

    /// <summary>
    /// Applies <paramref name="definition"/> to consultation <paramref name="consultationId"/>, or creates a consultation
    /// from it (the caller becomes its organiser) when null; all in one transaction, nothing saved on any problem.
    /// </summary>
    public async Task<int> SaveAsync(int? consultationId, ConsultationDefinition definition, IReadOnlyDictionary<string, long> lines, CancellationToken cancellationToken)
    {
        var applier = new DefinitionApplier(definition, lines, BuiltInObjectives.All);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        Domain.Consultations.Consultation consultation;
        if (consultationId is { } id)
        {
            consultation = await TrackedAsync(db, id, cancellationToken) ?? throw new DomainException("There is no such consultation.");
            var withStatements = (await db.Statements.Where(s => s.ConsultationId == id && s.ClusterNumber != null).Select(s => s.ClusterNumber!.Value).ToListAsync(cancellationToken)).ToHashSet();
            applier.Apply(consultation, withStatements);
            await CheckCoHostSeatsAsync(db, consultation, lines, cancellationToken);
            await ReleaseRemovedSlotsAsync(db, consultation, cancellationToken);
        }
        else
        {
            consultation = applier.Create();
            db.Consultations.Add(consultation);
        }

        await db.SaveChangesAsync(cancellationToken);
        await AddMissingStatementsAsync(db, consultation, applier.Statements, cancellationToken);
        if (consultationId is null)
        {
            var user = await db.Users.FirstAsync(u => u.Id == caller.UserId, cancellationToken);
            (await accounts.FindOrCreateParticipationAsync(db, consultation.Id, user, cancellationToken)).MakeOrganiser();
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return consultation.Id;
    }

    /// <summary>The statements the definition expects and the consultation lacks (a statement is never removed by a definition).</summary>
    private static async Task AddMissingStatementsAsync(DraftingDbContext db, Domain.Consultations.Consultation consultation, IReadOnlyList<StatementDefinition> wanted, CancellationToken cancellationToken)
    {
        var existing = await db.Statements.Where(s => s.ConsultationId == consultation.Id).Select(s => new { s.Kind, s.ClusterNumber }).ToListAsync(cancellationToken);
        foreach (var statement in wanted)
        {
            if (statement is { Kind: "common", Cluster: { } n } && !existing.Any(e => e.Kind == StatementKind.Common && e.ClusterNumber == n))
            {
                db.Statements.Add(Statement.CommonStatement(consultation.Id, n, $"Common statement of cluster {n}: {consultation.FindCluster(n)!.Title}"));
            }
            else if (statement.Kind == "opening" && !existing.Any(e => e.Kind == StatementKind.Opening))
            {
                db.Statements.Add(Statement.OpeningStatement(consultation.Id, "Opening statement"));
            }
        }
    }

    /// <summary>A co-host seated in two sessions that now overlap, or in a session that lost its organisation, is refused.</summary>
    private static async Task CheckCoHostSeatsAsync(DraftingDbContext db, Domain.Consultations.Consultation consultation, IReadOnlyDictionary<string, long> lines, CancellationToken cancellationToken)
    {
        var participations = await db.Participations.Where(p => p.ConsultationId == consultation.Id).ToListAsync(cancellationToken);
        var problems = new List<DefinitionProblem>();
        foreach (var participation in participations.Where(p => p.CoHostSeats.Count > 0))
        {
            var seats = participation.CoHostSeats.Select(s => (Seat: s, Found: consultation.FindAgendaItem(s.AgendaItemKey))).ToList();
            foreach (var (seat, found) in seats)
            {
                if (found is not { Item: var item } || item.CoHostNamed(seat.Organisation) is null)
                {
                    problems.Add(new DefinitionProblem("$.days", DefinitionReader.LineOf(lines, "$.days"),
                        $"{participation.Pseudonym} is seated as a co-host of '{seat.AgendaItemKey}' for {seat.Organisation}, which the definition no longer has: unseat them first (People and roles)."));
                }
            }

            var located = seats.Where(s => s.Found is not null).Select(s => s.Found!.Value).ToList();
            foreach (var (a, b) in located.SelectMany((x, i) => located.Skip(i + 1).Select(y => (x, y))))
            {
                if (a.Day == b.Day && a.Item.Overlaps(b.Item))
                {
                    problems.Add(new DefinitionProblem("$.days", DefinitionReader.LineOf(lines, "$.days"),
                        $"{participation.Pseudonym} co-hosts '{a.Item.Title}' and '{b.Item.Title}', which would overlap on day {a.Day.Number}."));
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new DefinitionException(problems);
        }
    }

    /// <summary>Nominees placed in a speaker slot the definition removed leave the slate (their nomination stands).</summary>
    private static async Task ReleaseRemovedSlotsAsync(DraftingDbContext db, Domain.Consultations.Consultation consultation, CancellationToken cancellationToken)
    {
        var kept = consultation.SpeakerSlots.Select(s => s.Id).ToList();
        var placed = await db.Nominations.Where(n => n.ConsultationId == consultation.Id && n.SlotId != null).ToListAsync(cancellationToken);
        foreach (var nomination in placed.Where(n => !kept.Contains(n.SlotId!.Value)))
        {
            nomination.Place(null, null);
        }
    }
}

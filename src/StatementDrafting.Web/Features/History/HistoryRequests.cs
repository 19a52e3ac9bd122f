using System.Security.Claims;
using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.History;

/// <summary>A statement's history: its revisions grouped into readable steps, its milestones, and the caller's last visit.</summary>
public sealed record GetStatementHistory(int StatementId) : IQuery<StatementHistoryView>, IAuthorisedRequest
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Read);
}

/// <summary>Compares two revisions of a statement, block by block, word by word.</summary>
public sealed record CompareRevisions(int StatementId, int From, int To) : IQuery<RevisionComparison>, IAuthorisedRequest
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Read);
}

/// <summary>Names a revision ("Shared before the consultation", "End of day 1").</summary>
public sealed record NameMilestone(int StatementId, int Revision, string Name) : ICommand<Unit>, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Draft);

    public int? AuditConsultationId => null;

    public string? AuditSubject => $"Statement {StatementId}: milestone at revision {Revision}";
}

/// <summary>
/// Remembers the revision the caller has now seen, and answers the one they had seen before (null: first visit), for
/// "what changed since I last looked".
/// </summary>
public sealed record RecordVisit(int StatementId, int Revision) : ICommand<int?>, IAuthorisedRequest, INotAudited
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Read);
}

/// <summary>Consecutive changes by one person (or one accepted amendment), shown as one step.</summary>
public sealed record HistoryStep(int FromRevision, int ToRevision, string Who, string? Label, DateTimeOffset At, int Changes);

public sealed record MilestoneView(int Revision, string Name, DateTimeOffset At);

public sealed record StatementHistoryView(
    int StatementId,
    string Title,
    int Revision,
    int? LastSeenRevision,
    bool CanNameMilestones,
    IReadOnlyList<HistoryStep> Steps,
    IReadOnlyList<MilestoneView> Milestones);

public sealed record ComparedBlockView(string BlockId, int? Number, ComparedBlockChange Change, WordDiffResult Diff);

public sealed record RevisionComparison(int StatementId, int From, int To, IReadOnlyList<ComparedBlockView> Blocks)
{
    public int ChangedCount => Blocks.Count(b => b.Change != ComparedBlockChange.Unchanged);
}

public sealed class HistoryValidators : IValidator<GetStatementHistory>, IValidator<CompareRevisions>, IValidator<NameMilestone>, IValidator<RecordVisit>
{
    public IEnumerable<ValidationError> Validate(GetStatementHistory message) => Ids.Positive(("StatementId", message?.StatementId, "statement"));

    public IEnumerable<ValidationError> Validate(CompareRevisions message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Ids.Positive(("StatementId", message.StatementId, "statement"))
            .Concat(message.From < 0 || message.To < 0 ? [new ValidationError(nameof(message.From), "A revision is 0 or more.")] : []);
    }

    public IEnumerable<ValidationError> Validate(NameMilestone message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive(("StatementId", message.StatementId, "statement")))
        {
            yield return error;
        }

        if (message.Revision < 0)
        {
            yield return new ValidationError(nameof(message.Revision), "A revision is 0 or more.");
        }

        if (string.IsNullOrWhiteSpace(message.Name) || message.Name.Trim().Length > StatementMilestone.MaxNameLength)
        {
            yield return new ValidationError(nameof(message.Name), $"Give the milestone a name of 1 to {StatementMilestone.MaxNameLength} characters.");
        }
    }

    public IEnumerable<ValidationError> Validate(RecordVisit message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Ids.Positive(("StatementId", message.StatementId, "statement"))
            .Concat(message.Revision < 0 ? [new ValidationError(nameof(message.Revision), "A revision is 0 or more.")] : []);
    }
}

/// <summary>Rebuilds any past revision of a statement: the nearest snapshot at or before it, then the log replayed.</summary>
public sealed class StatementArchive(IDbContextFactory<DraftingDbContext> contexts, DraftingEngine engine)
{
    public async Task<DraftDocument> DocumentAtAsync(int statementId, int revision, CancellationToken cancellationToken)
    {
        var current = await engine.SnapshotAsync(statementId, cancellationToken) ?? throw new DomainException("There is no such statement.");
        if (revision > current.Revision)
        {
            throw new DomainException($"Revision {revision} does not exist yet; the statement is at revision {current.Revision}.");
        }

        if (revision == current.Revision)
        {
            return new DraftDocument(current.Blocks);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var snapshot = await db.StatementSnapshots.AsNoTracking()
            .Where(s => s.StatementId == statementId && s.Revision <= revision)
            .OrderByDescending(s => s.Revision)
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new DomainException($"Revision {revision} is older than this statement's recorded history.");
        var blocks = JsonSerializer.Deserialize<List<DraftBlockView>>(snapshot.BlocksJson, Json.Options) ?? [];
        var document = new DraftDocument(blocks.Select(b => b.ToDraft()));
        var changes = await db.StatementChanges.AsNoTracking()
            .Where(c => c.StatementId == statementId && c.Revision > snapshot.Revision && c.Revision <= revision)
            .OrderBy(c => c.Revision)
            .Select(c => c.AppliedJson)
            .ToListAsync(cancellationToken);
        foreach (var applied in changes)
        {
            document.ApplyAll(EditOpJson.DeserializeList(applied));
        }

        return document;
    }
}

public sealed class GetStatementHistoryHandler(
    IDbContextFactory<DraftingDbContext> contexts, DraftingEngine engine, PublicNames names, PermissionHandler permissions, CallerContext caller)
    : IQueryHandler<GetStatementHistory, StatementHistoryView>
{
    /// <summary>Changes by one person less than this far apart make one step.</summary>
    private static readonly TimeSpan StepGap = TimeSpan.FromMinutes(2);

    public async ValueTask<StatementHistoryView> Handle(GetStatementHistory query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var current = await engine.SnapshotAsync(query.StatementId, cancellationToken) ?? throw new DomainException("There is no such statement.");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var changes = await db.StatementChanges.AsNoTracking()
            .Where(c => c.StatementId == query.StatementId)
            .OrderBy(c => c.Revision)
            .Select(c => new { c.Revision, c.AuthorId, c.Label, c.At })
            .ToListAsync(cancellationToken);
        var who = await names.OfUsersAsync(query.StatementId, [.. changes.Select(c => c.AuthorId).Distinct()], cancellationToken);

        var steps = new List<HistoryStep>();
        foreach (var change in changes)
        {
            var name = who.GetValueOrDefault(change.AuthorId, PublicNames.Someone);
            if (steps.Count > 0 && steps[^1] is var last && last.Label is null && change.Label is null
                && last.Who == name && change.At - last.At < StepGap && last.ToRevision == change.Revision - 1)
            {
                steps[^1] = last with { ToRevision = change.Revision, At = change.At, Changes = last.Changes + 1 };
            }
            else
            {
                steps.Add(new HistoryStep(change.Revision, change.Revision, name, change.Label, change.At, 1));
            }
        }

        steps.Reverse();
        var milestones = await db.StatementMilestones.AsNoTracking()
            .Where(m => m.StatementId == query.StatementId)
            .OrderByDescending(m => m.Revision).ThenByDescending(m => m.Id)
            .Select(m => new MilestoneView(m.Revision, m.Name, m.At))
            .ToListAsync(cancellationToken);
        var userId = caller.User.FindFirstValue(ClaimTypes.NameIdentifier);
        var visit = userId is null ? null : await db.StatementVisits.AsNoTracking()
            .Where(v => v.StatementId == query.StatementId && v.UserId == userId)
            .Select(v => (int?)v.Revision)
            .FirstOrDefaultAsync(cancellationToken);
        return new StatementHistoryView(
            query.StatementId,
            current.Title,
            current.Revision,
            visit,
            await permissions.IsGrantedAsync(caller.User, Permission.OnStatement(query.StatementId, StatementAccess.Draft)),
            steps,
            milestones);
    }
}

public sealed class CompareRevisionsHandler(StatementArchive archive) : IQueryHandler<CompareRevisions, RevisionComparison>
{
    public async ValueTask<RevisionComparison> Handle(CompareRevisions query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var older = await archive.DocumentAtAsync(query.StatementId, query.From, cancellationToken);
        var newer = await archive.DocumentAtAsync(query.StatementId, query.To, cancellationToken);
        var compared = StatementComparison.Compare(
            [.. older.Blocks.Select(b => (b.Id.Value, b.Text))], [.. newer.Blocks.Select(b => (b.Id.Value, b.Text))]);
        var numbers = Statements.StatementBlocks.From(newer.Blocks)
            .Where(b => b.Number is not null)
            .ToDictionary(b => b.Id, b => b.Number!.Value, StringComparer.Ordinal);

        return new RevisionComparison(
            query.StatementId,
            query.From,
            query.To,
            [.. compared.Select(c => new ComparedBlockView(c.BlockId, numbers.TryGetValue(c.BlockId, out var number) ? number : null, c.Change, c.Diff))]);
    }
}

public sealed class NameMilestoneHandler(IDbContextFactory<DraftingDbContext> contexts, DraftingEngine engine, TimeProvider clock) : ICommandHandler<NameMilestone, Unit>
{
    public async ValueTask<Unit> Handle(NameMilestone command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var current = await engine.SnapshotAsync(command.StatementId, cancellationToken) ?? throw new DomainException("There is no such statement.");
        if (command.Revision > current.Revision)
        {
            throw new DomainException($"Revision {command.Revision} does not exist yet; the statement is at revision {current.Revision}.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.StatementMilestones.Add(new StatementMilestone
        {
            StatementId = command.StatementId,
            Revision = command.Revision,
            Name = command.Name.Trim(),
            At = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

public sealed class RecordVisitHandler(IDbContextFactory<DraftingDbContext> contexts, CallerContext caller, TimeProvider clock) : ICommandHandler<RecordVisit, int?>
{
    public async ValueTask<int?> Handle(RecordVisit command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var userId = caller.UserId;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var visit = await db.StatementVisits.FirstOrDefaultAsync(v => v.StatementId == command.StatementId && v.UserId == userId, cancellationToken);
        var before = visit?.Revision;
        if (visit is null)
        {
            db.StatementVisits.Add(new StatementVisit { StatementId = command.StatementId, UserId = userId, Revision = command.Revision, At = clock.GetUtcNow() });
        }
        else if (command.Revision > visit.Revision)
        {
            (visit.Revision, visit.At) = (command.Revision, clock.GetUtcNow());
        }
        else
        {
            return before;
        }

        await db.SaveChangesAsync(cancellationToken);
        return before;
    }
}

using System.Security.Claims;
using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Features.Participations;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Drafting;

/// <summary>Opens a statement for live viewing or editing: its current blocks, revision, lock and who is here.</summary>
public sealed record JoinStatement(int StatementId) : IQuery<StatementSnapshotView>, IAuthorisedRequest
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Read);
}

/// <summary>Stops following a statement (its presence entry goes).</summary>
public sealed record LeaveStatement(int StatementId, string ConnectionKey) : ICommand<Unit>, IAuthorisedRequest, INotAudited
{
    public Permission Permission => Permission.SignedIn;
}

/// <summary>One change to a statement's text or blocks (protocol: <c>Submit</c>). The change log is its record, not the audit trail.</summary>
public sealed record SubmitChange(int StatementId, string ChangeId, int BaseRevision, JsonElement Op)
    : ICommand<SubmitResult>, IAuthorisedRequest, INotAudited
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Draft);
}

/// <summary>The stored changes after a revision, for a client coming back.</summary>
public sealed record CatchUpStatement(int StatementId, int FromRevision) : IQuery<CatchUpResult>, IAuthorisedRequest
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Read);
}

/// <summary>Says which block the caller's connection is in (or none).</summary>
public sealed record UpdatePresence(int StatementId, string? BlockId, string ConnectionKey) : ICommand<Unit>, IAuthorisedRequest, INotAudited
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Read);
}

/// <summary>Locks or unlocks a statement: a locked statement refuses every change.</summary>
public sealed record SetStatementLock(int StatementId, bool Locked) : ICommand<Unit>, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Manage);

    public int? AuditConsultationId => null;

    public string? AuditSubject => $"Statement {StatementId}: {(Locked ? "locked" : "unlocked")}";
}

/// <summary>Broadcasts a payload to the statement's viewers and stores nothing (the benchmark's floor).</summary>
public sealed record EchoStatement(int StatementId, string Payload) : ICommand<Unit>, IAuthorisedRequest, INotAudited
{
    public const int MaxPayload = 4_096;

    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Draft);
}

public sealed class DraftingValidators :
    IValidator<JoinStatement>, IValidator<LeaveStatement>, IValidator<SubmitChange>, IValidator<CatchUpStatement>,
    IValidator<UpdatePresence>, IValidator<SetStatementLock>, IValidator<EchoStatement>
{
    public const int MaxChangeId = 64;

    public IEnumerable<ValidationError> Validate(JoinStatement message) => Statement(message?.StatementId);

    public IEnumerable<ValidationError> Validate(LeaveStatement message) => Statement(message?.StatementId);

    public IEnumerable<ValidationError> Validate(CatchUpStatement message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Statement(message.StatementId).Concat(message.FromRevision < 0
            ? [new ValidationError(nameof(message.FromRevision), "A revision is 0 or more.")]
            : []);
    }

    public IEnumerable<ValidationError> Validate(UpdatePresence message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Statement(message.StatementId).Concat(message.BlockId is { } b && !Domain.Statements.BlockId.TryParse(b, out _)
            ? [new ValidationError(nameof(message.BlockId), "That is not a block id.")]
            : []);
    }

    public IEnumerable<ValidationError> Validate(SetStatementLock message) => Statement(message?.StatementId);

    public IEnumerable<ValidationError> Validate(EchoStatement message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Statement(message.StatementId).Concat(message.Payload.Length > EchoStatement.MaxPayload
            ? [new ValidationError(nameof(message.Payload), $"An echo carries at most {EchoStatement.MaxPayload} characters.")]
            : []);
    }

    public IEnumerable<ValidationError> Validate(SubmitChange message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Statement(message.StatementId))
        {
            yield return error;
        }

        if (!IsChangeId(message.ChangeId))
        {
            yield return new ValidationError(nameof(message.ChangeId), $"A change id is 8 to {MaxChangeId} letters, digits, '-' or '_'.");
        }

        if (message.BaseRevision < 0)
        {
            yield return new ValidationError(nameof(message.BaseRevision), "A base revision is 0 or more.");
        }

        if (message.Op.ValueKind != JsonValueKind.Object)
        {
            yield return new ValidationError(nameof(message.Op), "A submission carries one operation, a JSON object.");
        }
    }

    public static bool IsChangeId(string? value) =>
        value is { Length: >= 8 and <= MaxChangeId } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static IEnumerable<ValidationError> Statement(int? statementId) =>
        Ids.Positive(("StatementId", statementId, "statement"));
}

public sealed class JoinStatementHandler(DraftingEngine engine, PermissionHandler permissions, CallerContext caller, PresenceTracker presence)
    : IQueryHandler<JoinStatement, StatementSnapshotView>
{
    public async ValueTask<StatementSnapshotView> Handle(JoinStatement query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var snapshot = await engine.SnapshotAsync(query.StatementId, cancellationToken)
            ?? throw new DraftingRefusedException("not_found", "There is no such statement.");
        var canEdit = await permissions.IsGrantedAsync(caller.User, Permission.OnStatement(query.StatementId, StatementAccess.Draft));
        return new StatementSnapshotView(
            snapshot.StatementId,
            snapshot.Title,
            snapshot.Revision,
            snapshot.Locked,
            canEdit,
            [.. snapshot.Blocks.Select(DraftBlockView.Of)],
            presence.In(query.StatementId));
    }
}

public sealed class LeaveStatementHandler(PresenceTracker presence) : ICommandHandler<LeaveStatement, Unit>
{
    public ValueTask<Unit> Handle(LeaveStatement command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        presence.Leave(command.StatementId, command.ConnectionKey);
        return ValueTask.FromResult(Unit.Value);
    }
}

public sealed class SubmitChangeHandler(DraftingEngine engine, CallerContext caller) : ICommandHandler<SubmitChange, SubmitResult>
{
    public async ValueTask<SubmitResult> Handle(SubmitChange command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var op = EditOpJson.Deserialize(command.Op);
        var author = caller.UserId;
        return await engine.SubmitAsync(command.StatementId, author, command.ChangeId, command.BaseRevision, op, cancellationToken);
    }
}

public sealed class CatchUpStatementHandler(DraftingEngine engine) : IQueryHandler<CatchUpStatement, CatchUpResult>
{
    public async ValueTask<CatchUpResult> Handle(CatchUpStatement query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await engine.CatchUpAsync(query.StatementId, query.FromRevision, cancellationToken);
    }
}

public sealed class UpdatePresenceHandler(PresenceTracker presence, CircuitPresence circuit, PublicNames names, CallerContext caller)
    : ICommandHandler<UpdatePresence, Unit>
{
    public async ValueTask<Unit> Handle(UpdatePresence command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var name = await names.InStatementAsync(caller.User, command.StatementId, cancellationToken);
        if (command.ConnectionKey == circuit.Key)
        {
            // This scope's circuit: remembered there, so that it leaves when the circuit closes.
            circuit.Set(command.StatementId, name, command.BlockId);
        }
        else
        {
            presence.Set(command.StatementId, command.ConnectionKey, name, command.BlockId);
        }

        return Unit.Value;
    }
}

public sealed class SetStatementLockHandler(DraftingEngine engine) : ICommandHandler<SetStatementLock, Unit>
{
    public async ValueTask<Unit> Handle(SetStatementLock command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await engine.SetLockedAsync(command.StatementId, command.Locked, cancellationToken);
        return Unit.Value;
    }
}

public sealed class EchoStatementHandler(IStatementBus feed) : ICommandHandler<EchoStatement, Unit>
{
    public ValueTask<Unit> Handle(EchoStatement command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        feed.Publish(new StatementEchoed(command.StatementId, command.Payload));
        return ValueTask.FromResult(Unit.Value);
    }
}

/// <summary>
/// How the caller appears to others in a statement under the Chatham House Rule: "Organiser", the co-host label of
/// their seat in one of the statement's sessions, or their pseudonym. Never a real name or e-mail address.
/// </summary>
public sealed class PublicNames(IDbContextFactory<DraftingDbContext> contexts)
{
    public const string Someone = "Someone";

    public async Task<string> InStatementAsync(ClaimsPrincipal user, int statementId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            return Someone;
        }

        var names = await OfUsersAsync(statementId, [userId], cancellationToken);
        return names.GetValueOrDefault(userId, Someone);
    }

    /// <summary>The public names of several accounts in a statement, in one go (missing: not a member).</summary>
    public async Task<IReadOnlyDictionary<string, string>> OfUsersAsync(int statementId, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var statement = await db.Statements.AsNoTracking().Where(s => s.Id == statementId)
            .Select(s => new { s.ConsultationId, s.ClusterNumber }).FirstOrDefaultAsync(cancellationToken);
        if (statement is null || userIds.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        var participations = await db.Participations.AsNoTracking()
            .Where(p => p.ConsultationId == statement.ConsultationId && userIds.Contains(p.UserId))
            .ToListAsync(cancellationToken);
        var sessions = statement.ClusterNumber is null ? [] : await db.Consultations.AsNoTracking()
            .Where(c => c.Id == statement.ConsultationId)
            .SelectMany(c => c.Days).SelectMany(d => d.Items)
            .Where(i => i.Kind == AgendaItemKind.Parallel && i.ClusterNumber == statement.ClusterNumber)
            .Select(i => i.Key)
            .ToListAsync(cancellationToken);
        return participations.ToDictionary(p => p.UserId, p => NameOf(p, sessions), StringComparer.Ordinal);
    }

    private static string NameOf(Participation participation, List<string> sessions)
    {
        if (participation.IsOrganiser)
        {
            return "Organiser";
        }

        var seat = participation.CoHostSeats.FirstOrDefault(s => sessions.Contains(s.AgendaItemKey));
        return seat is null ? PublicName.Of(participation) : PublicName.Of(seat);
    }
}

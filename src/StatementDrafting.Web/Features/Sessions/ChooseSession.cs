using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Features.Consultations;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Sessions;

/// <summary>
/// A participant or co-host chooses the parallel session they will follow, from the agenda or the session's room. One
/// session per time slot: the choices of the sessions overlapping it are set aside. Private: the trail records that a
/// choice was made, not which session (organisers see counts per session only).
/// </summary>
public sealed record ChooseSession(int ConsultationId, string AgendaItemKey) : ICommand<Unit>, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.InConsultation(ConsultationId, ConsultationRole.Participant, ConsultationRole.CoHost);

    public int? AuditConsultationId => ConsultationId;

    /// <summary>No session named: which session someone follows is theirs to know.</summary>
    public string? AuditSubject => null;
}

public sealed class ChooseSessionValidator : IValidator<ChooseSession>
{
    public IEnumerable<ValidationError> Validate(ChooseSession message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive((nameof(message.ConsultationId), message.ConsultationId, "consultation")))
        {
            yield return error;
        }

        if (string.IsNullOrWhiteSpace(message.AgendaItemKey) || message.AgendaItemKey.Length > 40)
        {
            yield return new ValidationError(nameof(message.AgendaItemKey), "Name a session by its agenda key.");
        }
    }
}

public sealed class ChooseSessionHandler(IDbContextFactory<DraftingDbContext> contexts, CallerContext caller, TimeProvider clock)
    : ICommandHandler<ChooseSession, Unit>
{
    public async ValueTask<Unit> Handle(ChooseSession command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var consultation = await db.WithDaysAsync(command.ConsultationId, cancellationToken) ?? throw new DomainException("There is no such consultation.");
        var schedule = consultation.Schedule();
        var session = schedule.FirstOrDefault(s => s.Item.Key == command.AgendaItemKey);
        if (session is null || session.Item.Kind != AgendaItemKind.Parallel)
        {
            throw new DomainException("Choose one of the agenda's parallel sessions.");
        }

        var now = clock.GetUtcNow();
        if (session.EndsAt <= now)
        {
            throw new DomainException($"{session.Item.Title} has ended: choose a session that is on now or to come.");
        }

        var userId = caller.UserId;
        var participation = await db.Participations.AsNoTracking()
            .FirstOrDefaultAsync(p => p.ConsultationId == command.ConsultationId && p.UserId == userId, cancellationToken);
        if (participation is null || !(participation.IsParticipant || participation.IsCoHost))
        {
            // An administrator, who passes every check, without a seat in the room.
            throw new DomainException("Only the consultation's participants and co-hosts choose a session.");
        }

        var participationId = participation.Id;
        var overlapping = SessionTimeline.Overlapping(schedule, session).Select(s => s.Item.Key).ToList();
        var mine = await db.SessionChoices
            .Where(c => c.ParticipationId == participationId && (c.AgendaItemKey == session.Item.Key || overlapping.Contains(c.AgendaItemKey)))
            .ToListAsync(cancellationToken);
        if (mine.Any(c => c.AgendaItemKey == session.Item.Key))
        {
            return Unit.Value; // chosen already
        }

        db.SessionChoices.RemoveRange(mine);
        db.SessionChoices.Add(new SessionChoice
        {
            ConsultationId = command.ConsultationId,
            ParticipationId = participationId,
            AgendaItemKey = session.Item.Key,
            ChosenAt = now,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsConflict(e))
        {
            // The same choice sent twice at once: the unique index kept the first.
            throw new DomainException($"{session.Item.Title} was chosen already.");
        }

        return Unit.Value;
    }
}

/// <summary>The sessions the caller chose to follow, and whether they may choose at all (participants and co-hosts).</summary>
public sealed record GetMySessionChoices(int ConsultationId) : IQuery<MySessionChoices>, IAuthorisedRequest
{
    /// <summary>Anyone signed in asks about themselves; someone without a role in the consultation has no choices.</summary>
    public Permission Permission => Permission.SignedIn;
}

public sealed record MySessionChoices(bool MayChoose, IReadOnlyList<string> Chosen)
{
    public static MySessionChoices None { get; } = new(false, []);
}

public sealed class GetMySessionChoicesValidator : IValidator<GetMySessionChoices>
{
    public IEnumerable<ValidationError> Validate(GetMySessionChoices message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Ids.Positive((nameof(message.ConsultationId), message.ConsultationId, "consultation"));
    }
}

public sealed class GetMySessionChoicesHandler(IDbContextFactory<DraftingDbContext> contexts, CallerContext caller)
    : IQueryHandler<GetMySessionChoices, MySessionChoices>
{
    public async ValueTask<MySessionChoices> Handle(GetMySessionChoices query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var userId = caller.UserId;
        var participation = await db.Participations.AsNoTracking()
            .FirstOrDefaultAsync(p => p.ConsultationId == query.ConsultationId && p.UserId == userId, cancellationToken);
        if (participation is null)
        {
            return MySessionChoices.None;
        }

        // Array: the agenda is an interactive component and these travel with it (see AgendaViews.DaysOf).
        string[] chosen = [.. await db.SessionChoices.AsNoTracking()
            .Where(c => c.ParticipationId == participation.Id)
            .OrderBy(c => c.AgendaItemKey)
            .Select(c => c.AgendaItemKey)
            .ToListAsync(cancellationToken)];
        return new MySessionChoices(participation.IsParticipant || participation.IsCoHost, chosen);
    }
}

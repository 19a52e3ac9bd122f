using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.People;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Consultations;
using StatementDrafting.Web.Features.History;
using StatementDrafting.Web.Features.Participations;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Sessions;

/// <summary>
/// A parallel session's room: what it works on (cluster, objectives, statement), who runs it (co-host organisations,
/// co-hosts as "Co-host (organisation)"), its working groups, where it stands in time, and the revisions its changes
/// are shown between: since the previous session of the cluster ended (before and during this one, for those who were
/// not there) and, once it is over, from its beginning to its end, with the amendments decided in that window.
/// </summary>
public sealed record GetSessionRoom(int ConsultationId, string AgendaItemKey) : IQuery<SessionRoomView?>, IAuthorisedRequest
{
    /// <summary>The room is for the consultation's members, whatever their role.</summary>
    public Permission Permission => Permission.Member(ConsultationId);
}

/// <summary>A working group within a session, in a round, over a subset of its cluster's objectives.</summary>
public sealed record WorkingGroupView(string Name, int Round, IReadOnlyList<int> ObjectiveNumbers);

/// <summary>Two revisions of the cluster's statement to compare, and what the comparison is to be called.</summary>
public sealed record RoomWindow(string Heading, string Description, int FromRevision, int ToRevision);

/// <summary>An amendment decided during the session: its number, paragraph and decision, never who proposed it.</summary>
public sealed record DecidedAmendmentView(int Number, string Where, string Decision, DateTimeOffset DecidedAt)
{
    public string Label => $"A{Number}";
}

public sealed record SessionRoomView(
    int ConsultationId,
    string ConsultationTitle,
    string TimeZoneId,
    int DayNumber,
    DateOnly Date,
    AgendaItemView Item,
    DateTimeOffset BeganAt,
    bool StartedEarly,
    SessionPhase Phase,
    string ClusterTitle,
    IReadOnlyList<Objective> Objectives,
    IReadOnlyList<string> CoHostsSeated,
    IReadOnlyList<WorkingGroupView> WorkingGroups,
    int? StatementId,
    string? StatementTitle,
    bool MayChoose,
    bool IsMySession,
    int? ChoiceCount,
    RoomWindow? SincePrevious,
    RoomWindow? InSession,
    IReadOnlyList<DecidedAmendmentView> DecidedInSession)
{
    public int ClusterNumber => Item.ClusterNumber!.Value;

    public string Path => $"consultations/{ConsultationId}/sessions/{Uri.EscapeDataString(Item.Key)}";
}

public sealed class GetSessionRoomValidator : IValidator<GetSessionRoom>
{
    public IEnumerable<ValidationError> Validate(GetSessionRoom message)
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

public sealed class GetSessionRoomHandler(
    IDbContextFactory<DraftingDbContext> contexts, StatementArchive archive, Drafting.DraftingEngine engine, CallerContext caller, TimeProvider clock)
    : IQueryHandler<GetSessionRoom, SessionRoomView?>
{
    private static readonly AmendmentStatus[] Decisions =
        [AmendmentStatus.Accepted, AmendmentStatus.AcceptedWithModifications, AmendmentStatus.Rejected, AmendmentStatus.Merged];

    public async ValueTask<SessionRoomView?> Handle(GetSessionRoom query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.WithAgendaAsync(query.ConsultationId, cancellationToken) is not { } consultation)
        {
            return null;
        }

        var startedAt = await db.AgendaItemStarts.AsNoTracking()
            .Where(s => s.ConsultationId == consultation.Id)
            .ToDictionaryAsync(s => s.AgendaItemKey, s => s.StartedAt, StringComparer.Ordinal, cancellationToken);
        var now = clock.GetUtcNow();
        if (SessionTimeline.Of(consultation.Schedule(), query.AgendaItemKey, startedAt, now) is not { } timeline)
        {
            return null;
        }

        var session = timeline.Session;
        var cluster = consultation.FindCluster(session.Item.ClusterNumber!.Value)
            ?? throw new DomainException("This session's cluster is missing.");
        var statement = await db.Statements.AsNoTracking()
            .Where(s => s.ConsultationId == consultation.Id && s.Kind == StatementKind.Common && s.ClusterNumber == cluster.Number)
            .Select(s => new { s.Id, s.Title })
            .FirstOrDefaultAsync(cancellationToken);
        var item = AgendaViews.DaysOf(consultation, [])
            .SelectMany(d => d.Items)
            .Single(i => i.Key == session.Item.Key) with { StatementId = statement?.Id };

        var participations = await db.Participations.AsNoTracking()
            .Where(p => p.ConsultationId == consultation.Id)
            .ToListAsync(cancellationToken);
        var me = caller.IsSignedIn ? participations.FirstOrDefault(p => p.UserId == caller.UserId) : null;
        var seated = participations
            .SelectMany(p => p.CoHostSeats)
            .Where(s => s.AgendaItemKey == session.Item.Key)
            .Select(PublicName.Of)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

        var choices = db.SessionChoices.AsNoTracking().Where(c => c.ConsultationId == consultation.Id && c.AgendaItemKey == session.Item.Key);
        var isMine = me is not null && await choices.AnyAsync(c => c.ParticipationId == me.Id, cancellationToken);
        int? count = me?.IsOrganiser == true || caller.User.HasClaim(Infrastructure.Identity.AppClaims.Administrator, "true")
            ? await choices.CountAsync(cancellationToken)
            : null;

        RoomWindow? sincePrevious = null;
        RoomWindow? inSession = null;
        IReadOnlyList<DecidedAmendmentView> decided = [];
        if (statement is not null)
        {
            var current = (await engine.SnapshotAsync(statement.Id, cancellationToken))?.Revision
                ?? throw new DomainException("There is no such statement.");
            if (timeline.ShowsChangesSincePrevious(now) && timeline.Previous is { } previous)
            {
                var from = await archive.RevisionAtAsync(statement.Id, previous.EndsAt, cancellationToken);
                var heading = timeline.PreviousOnEarlierDay ? $"Changes since the end of day {previous.Day.Number}" : $"Changes since the end of {previous.Item.Title}";
                sincePrevious = new RoomWindow(
                    heading,
                    $"For those who were not there: what changed in the statement since {previous.Item.Title} ended (day {previous.Day.Number}, {At(previous.EndsAt, consultation)}, revision {from}), up to now (revision {current}).",
                    from,
                    current);
            }

            if (timeline.Phase == SessionPhase.Ended)
            {
                var from = await archive.RevisionAtAsync(statement.Id, timeline.BeganAt, cancellationToken);
                var to = await archive.RevisionAtAsync(statement.Id, timeline.EndsAt, cancellationToken);
                var began = timeline.Beginning.StartedEarly ? $"started early, at {At(timeline.BeganAt, consultation)}" : $"began at {At(timeline.BeganAt, consultation)}";
                inSession = new RoomWindow(
                    "What changed in this session",
                    $"The statement as it stood when the session {began} (revision {from}), compared with the end of the session at {At(timeline.EndsAt, consultation)} (revision {to}).",
                    from,
                    to);
                decided = await DecidedAsync(db, statement.Id, timeline, cancellationToken);
            }
        }

        return new SessionRoomView(
            consultation.Id,
            consultation.Title,
            consultation.TimeZoneId,
            session.Day.Number,
            session.Day.Date,
            item,
            timeline.BeganAt,
            timeline.Beginning.StartedEarly,
            timeline.Phase,
            cluster.Title,
            [.. consultation.ObjectivesOf(cluster)],
            seated,
            [.. session.Item.WorkingGroups.Select(g => new WorkingGroupView(g.Name, g.Round, g.ObjectiveNumbers))],
            statement?.Id,
            statement?.Title,
            me is not null && (me.IsParticipant || me.IsCoHost),
            isMine,
            count,
            sincePrevious,
            inSession,
            decided);
    }

    /// <summary>The amendments of the statement decided (accepted, accepted with changes, rejected, merged) within the session.</summary>
    private async Task<IReadOnlyList<DecidedAmendmentView>> DecidedAsync(DraftingDbContext db, int statementId, SessionTimeline timeline, CancellationToken ct)
    {
        var amendments = await db.Amendments.AsNoTracking()
            .Where(a => a.StatementId == statementId && Decisions.Contains(a.Status))
            .ToListAsync(ct);
        var numbers = Statements.StatementBlocks.From((await archive.DocumentAtAsync(statementId, await archive.RevisionAtAsync(statementId, timeline.EndsAt, ct), ct)).Blocks)
            .Where(b => b.Number is not null)
            .ToDictionary(b => b.Id, b => b.Number!.Value, StringComparer.Ordinal);
        return [.. amendments
            .Select(a => (Amendment: a, Decision: a.History.LastOrDefault(e => Decisions.Contains(e.Status))))
            .Where(d => d.Decision is not null && d.Decision.At >= timeline.BeganAt && d.Decision.At <= timeline.EndsAt)
            .OrderBy(d => d.Decision!.At)
            .Select(d => new DecidedAmendmentView(
                d.Amendment.Number,
                numbers.TryGetValue(d.Amendment.BlockId, out var n) ? $"¶{n}" : "a paragraph no longer in the text",
                Amendment.Describe(d.Decision!.Status),
                d.Decision.At))];
    }

    private static string At(DateTimeOffset instant, Consultation consultation) =>
        ZonedTime.InZone(instant, consultation.TimeZone).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}

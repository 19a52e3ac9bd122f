using System.Security.Claims;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Dashboard;

/// <summary>
/// Counts the caller present on today's consultation day when they open the consultation while that day's agenda runs.
/// Sent on every load of the consultation's front page and statement pages, so it is cheap: one query, and one write
/// only the first time in a day. Returns true when this call counted the caller present.
/// </summary>
public sealed record RecordPresence(int ConsultationId) : ICommand<bool>, IAuthorisedRequest, INotAudited
{
    /// <summary>Any member: organisers, co-hosts, participants, observers.</summary>
    public Permission Permission => Permission.Member(ConsultationId);
}

public sealed class RecordPresenceValidator : IValidator<RecordPresence>
{
    public IEnumerable<ValidationError> Validate(RecordPresence message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Ids.Positive((nameof(message.ConsultationId), message.ConsultationId, "consultation"));
    }
}

public sealed class RecordPresenceHandler(IDbContextFactory<DraftingDbContext> contexts, CallerContext caller, TimeProvider clock)
    : ICommandHandler<RecordPresence, bool>
{
    public async ValueTask<bool> Handle(RecordPresence command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (caller.User.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        // One round trip (a single query, not split): the caller's participation, tracked with its presence, and every agenda item's day and times.
        var found = await db.Participations
            .Where(p => p.ConsultationId == command.ConsultationId && p.UserId == userId)
            .Select(p => new
            {
                Participation = p,
                Zone = db.Consultations.Where(c => c.Id == p.ConsultationId).Select(c => c.TimeZoneId).First(),
                Items = db.Consultations.Where(c => c.Id == p.ConsultationId)
                    .SelectMany(c => c.Days)
                    .SelectMany(d => d.Items, (d, i) => new { d.Number, d.Date, i.Start, i.End })
                    .ToList(),
            })
            .AsSingleQuery()
            .FirstOrDefaultAsync(cancellationToken);

        // An administrator passes the permission check without taking part: there is nobody to count.
        if (found is null)
        {
            return false;
        }

        var zone = ZonedTime.FindZone(found.Zone);
        var windows = found.Items
            .GroupBy(i => (i.Number, i.Date))
            .Select(day => AgendaWindow.Of(day.Key.Number, day.Key.Date, [.. day.Select(i => (i.Start, i.End))], zone))
            .OfType<AgendaWindow>();
        if (AgendaWindow.DayAt(windows, now) is not { } day || !found.Participation.MarkPresent(day, PresenceSource.Opened))
        {
            return false;
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}

using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.People;

namespace StatementDrafting.Web.Tests.Features.Dashboard;

/// <summary>Helpers for the dashboard and audit tests: read someone's presence and the agenda's windows.</summary>
internal static class Acting
{
    public static async Task<IReadOnlyList<PresenceMark>> PresenceOfAsync(this AppFactory app, string email) =>
        [.. (await app.ParticipationOfAsync(email)).Presence];

    /// <summary>Every day's agenda window as instants: from its first item's start to its last item's end.</summary>
    public static Task<IReadOnlyList<(DateTimeOffset Starts, DateTimeOffset Ends)>> AgendaWindowsAsync(this AppFactory app) =>
        app.QueryAsync(async db =>
        {
            var consultation = await db.Consultations.AsNoTracking().Include(c => c.Days).ThenInclude(d => d.Items).SingleAsync();
            var zone = consultation.TimeZone;
            return (IReadOnlyList<(DateTimeOffset, DateTimeOffset)>)[.. consultation.Days.OrderBy(d => d.Number).Select(d => (
                ZonedTime.ToInstant(d.Date, d.Items.Min(i => i.Start), zone),
                ZonedTime.ToInstant(d.Date, d.Items.Max(i => i.End), zone)))];
        });
}

using System.Net;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StatementDrafting.Domain;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Features.Dashboard;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Demo;
using StatementDrafting.Web.Infrastructure.Identity;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Tests.Features.Dashboard;

/// <summary>
/// Presence: opening the consultation during a day's agenda counts a member present that day, once; organisers mark
/// and unmark. The app's clock is a fake that starts before day 1's agenda (the demo puts day 1 on that date).
/// </summary>
public sealed class PresenceTests : IDisposable
{
    private const string Someone = "participant3@example.org";
    private const string SomeoneElse = "participant4@example.org";

    // 07:00 in Bangkok: day 1 (09:00 to 12:30 there) is today; day 2 is two days later, 13:00 to 16:30.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero));
    private readonly AppFactory _app;

    public PresenceTests()
    {
        _app = new AppFactory(demo: true, clock: _clock);
        _app.CreateClient().Dispose();
    }

    public void Dispose() => _app.Dispose();

    private async Task<int> PresenceMarksAsync() =>
        (await _app.QueryAsync(db => db.Participations.AsNoTracking().ToListAsync())).Sum(p => p.Presence.Count);

    private async Task<int> StatementIdAsync() => await _app.QueryAsync(db => db.Statements.Select(s => s.Id).FirstAsync());

    private async Task OpenFrontPageAsync(string email)
    {
        using var client = await _app.ClientAsAsync(email);
        var (status, _) = await Html.GetAsync(client, $"/consultations/{await _app.ConsultationIdAsync()}");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private async Task OpenStatementAsync(string email)
    {
        using var client = await _app.ClientAsAsync(email);
        var (status, _) = await Html.GetAsync(client, $"/statements/{await StatementIdAsync()}");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Opening_the_consultation_counts_only_while_a_days_agenda_runs_before_during_and_after_across_both_days()
    {
        var days = await _app.AgendaWindowsAsync();
        Assert.Equal(2, days.Count);

        _clock.SetUtcNow(days[0].Starts.AddMinutes(-1));
        await OpenFrontPageAsync(Someone);
        await OpenStatementAsync(Someone);
        Assert.Empty(await _app.PresenceOfAsync(Someone));

        _clock.SetUtcNow(days[0].Starts);
        await OpenFrontPageAsync(Someone);
        Assert.Equal([new PresenceMark(1, PresenceSource.Opened)], await _app.PresenceOfAsync(Someone));

        _clock.SetUtcNow(days[0].Ends);
        await OpenFrontPageAsync(SomeoneElse);
        _clock.SetUtcNow(days[1].Starts.AddHours(-3));
        await OpenStatementAsync(SomeoneElse);
        Assert.Empty(await _app.PresenceOfAsync(SomeoneElse));

        _clock.SetUtcNow(days[1].Ends.AddSeconds(-1));
        await OpenStatementAsync(Someone);
        await OpenStatementAsync(SomeoneElse);
        Assert.Equal([new PresenceMark(1, PresenceSource.Opened), new PresenceMark(2, PresenceSource.Opened)], await _app.PresenceOfAsync(Someone));
        Assert.Equal([new PresenceMark(2, PresenceSource.Opened)], await _app.PresenceOfAsync(SomeoneElse));

        _clock.SetUtcNow(days[1].Ends);
        await OpenFrontPageAsync("participant5@example.org");
        Assert.Empty(await _app.PresenceOfAsync("participant5@example.org"));
    }

    [Fact]
    public async Task A_member_is_counted_once_per_day_however_often_they_open_pages_and_only_the_first_opening_writes()
    {
        var days = await _app.AgendaWindowsAsync();
        var consultationId = await _app.ConsultationIdAsync();
        _clock.SetUtcNow(days[0].Starts.AddMinutes(30));

        Assert.True(await _app.SendAsAsync(Someone, m => m.Send(new RecordPresence(consultationId))));
        Assert.False(await _app.SendAsAsync(Someone, m => m.Send(new RecordPresence(consultationId))));
        await OpenFrontPageAsync(Someone);
        await OpenStatementAsync(Someone);
        _clock.Advance(TimeSpan.FromHours(1));
        await OpenStatementAsync(Someone);

        Assert.Equal([new PresenceMark(1, PresenceSource.Opened)], await _app.PresenceOfAsync(Someone));
    }

    [Fact]
    public async Task Recording_presence_costs_one_query_besides_the_permission_check_and_writes_only_the_first_time_in_a_day()
    {
        var days = await _app.AgendaWindowsAsync();
        var consultationId = await _app.ConsultationIdAsync();
        async Task<(int Reads, int Writes)> CommandsOfRecordingAsync()
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(Someone);
            var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user!);
            scope.ServiceProvider.GetRequiredService<CallerContext>().Set(principal);
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            _app.Logs.Clear();
            await mediator.Send(new RecordPresence(consultationId));
            var commands = _app.Logs.Where(l => l.Contains("Executed DbCommand", StringComparison.Ordinal)).ToList();
            return (commands.Count(c => c.Contains("SELECT", StringComparison.Ordinal)), commands.Count(c => c.Contains("UPDATE", StringComparison.Ordinal) || c.Contains("INSERT", StringComparison.Ordinal)));
        }

        // One read is the permission check (is the caller a member?), the other the handler's.
        _clock.SetUtcNow(days[0].Starts.AddMinutes(-10));
        Assert.Equal((2, 0), await CommandsOfRecordingAsync());
        _clock.SetUtcNow(days[0].Starts.AddMinutes(10));
        Assert.Equal((2, 1), await CommandsOfRecordingAsync());
        Assert.Equal((2, 0), await CommandsOfRecordingAsync());
    }

    [Fact]
    public async Task Observers_and_co_hosts_are_recorded_too_and_recording_presence_leaves_no_audit_entry()
    {
        var days = await _app.AgendaWindowsAsync();
        _clock.SetUtcNow(days[0].Starts.AddMinutes(5));
        var auditBefore = await _app.QueryAsync(db => db.AuditEntries.CountAsync());

        await OpenFrontPageAsync("observer@example.org");
        await OpenStatementAsync("cohost1@example.org");

        Assert.Single(await _app.PresenceOfAsync("observer@example.org"));
        Assert.Single(await _app.PresenceOfAsync("cohost1@example.org"));
        Assert.Equal(auditBefore, await _app.QueryAsync(db => db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task Anonymous_visitors_and_signed_in_non_members_see_the_front_page_and_nothing_is_recorded()
    {
        var days = await _app.AgendaWindowsAsync();
        _clock.SetUtcNow(days[0].Starts.AddMinutes(5));
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var outsider = DemoPeople.NewUser("outsider@example.org", "Out Sider", _clock.GetUtcNow(), scope.ServiceProvider.GetRequiredService<ILookupNormalizer>());
            Assert.True((await users.CreateAsync(outsider)).Succeeded);
        }

        var consultationId = await _app.ConsultationIdAsync();
        var presenceBefore = await PresenceMarksAsync();
        var (anonymousStatus, _) = await Html.GetAsync(_app.CreateClient(), $"/consultations/{consultationId}");
        await OpenFrontPageAsync("outsider@example.org");

        Assert.Equal(HttpStatusCode.OK, anonymousStatus);
        Assert.Equal(presenceBefore, await PresenceMarksAsync());
        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.SendAsAsync("outsider@example.org", m => m.Send(new RecordPresence(consultationId))));
    }

    [Fact]
    public async Task An_organiser_marks_and_unmarks_someone_from_the_dashboards_list()
    {
        var consultationId = await _app.ConsultationIdAsync();
        var someone = await _app.ParticipationOfAsync(Someone);
        using var organiser = await _app.ClientAsAsync("organiser@example.org");
        var path = $"/consultations/{consultationId}/manage/dashboard";

        var (marked, page, _) = await Forms.SubmitAsync(organiser, path, "form.presence-form", [("Change", $"{someone.Id}:2:1")]);

        Assert.Equal(HttpStatusCode.OK, marked);
        Assert.Equal([new PresenceMark(2, PresenceSource.MarkedByOrganiser)], await _app.PresenceOfAsync(Someone));
        Assert.Contains("now counted present on day 2", page.QuerySelector("[role=status]")!.Text(), StringComparison.Ordinal);
        var cell = page.QuerySelector($"tr[data-participation='{someone.Id}'] td[data-day='2']")!;
        Assert.Equal("yes", cell.GetAttribute("data-present"));
        Assert.Contains("Present (marked)", cell.Text(), StringComparison.Ordinal);
        Assert.Equal("1", page.QuerySelector("[data-total=present-day-2] .totals__number")!.Text());

        var (unmarked, after, _) = await Forms.SubmitAsync(organiser, path, "form.presence-form", [("Change", $"{someone.Id}:2:0")]);

        Assert.Equal(HttpStatusCode.OK, unmarked);
        Assert.Empty(await _app.PresenceOfAsync(Someone));
        Assert.Equal("no", after.QuerySelector($"tr[data-participation='{someone.Id}'] td[data-day='2']")!.GetAttribute("data-present"));
        var entries = await _app.QueryAsync(db => db.AuditEntries.Where(e => e.Action == nameof(MarkPresent)).OrderBy(e => e.Id).Select(e => e.Subject).ToListAsync());
        Assert.Equal([$"Participation {someone.Id}, day 2, present", $"Participation {someone.Id}, day 2, not present"], entries);
    }

    [Fact]
    public async Task An_organiser_can_take_back_a_presence_the_person_recorded_by_opening_the_consultation()
    {
        var days = await _app.AgendaWindowsAsync();
        var consultationId = await _app.ConsultationIdAsync();
        var someone = await _app.ParticipationOfAsync(Someone);
        _clock.SetUtcNow(days[0].Starts.AddMinutes(1));
        await OpenFrontPageAsync(Someone);

        Assert.False(await _app.SendAsAsync("organiser@example.org", m => m.Send(new MarkPresent(consultationId, someone.Id, 1))));
        Assert.True(await _app.SendAsAsync("organiser@example.org", m => m.Send(new MarkPresent(consultationId, someone.Id, 1, Present: false))));

        Assert.Empty(await _app.PresenceOfAsync(Someone));
    }

    [Theory]
    [InlineData("participant1@example.org")]
    [InlineData("observer@example.org")]
    [InlineData("cohost1@example.org")]
    public async Task Only_organisers_mark_people_present_and_a_refusal_stores_nothing(string email)
    {
        var consultationId = await _app.ConsultationIdAsync();
        var someone = await _app.ParticipationOfAsync(Someone);

        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.SendAsAsync(email, m => m.Send(new MarkPresent(consultationId, someone.Id, 1))));
        await Assert.ThrowsAsync<NotSignedInException>(() => _app.SendAsAsync(null, m => m.Send(new MarkPresent(consultationId, someone.Id, 1))));

        Assert.Empty(await _app.PresenceOfAsync(Someone));
        var refused = await _app.QueryAsync(db => db.AuditEntries.Where(e => e.Action == nameof(MarkPresent)).Select(e => e.Succeeded).ToListAsync());
        Assert.Equal([false, false], refused);
    }

    [Fact]
    public async Task Marking_a_day_the_consultation_does_not_have_or_someone_from_elsewhere_is_refused_with_a_message()
    {
        var consultationId = await _app.ConsultationIdAsync();
        var someone = await _app.ParticipationOfAsync(Someone);

        var noDay = await Assert.ThrowsAsync<DomainException>(() => _app.SendAsAsync("organiser@example.org", m => m.Send(new MarkPresent(consultationId, someone.Id, 3))));
        var nobody = await Assert.ThrowsAsync<DomainException>(() => _app.SendAsAsync("organiser@example.org", m => m.Send(new MarkPresent(consultationId, 99_999, 1))));

        Assert.Contains("no day 3", noDay.Message, StringComparison.Ordinal);
        Assert.Contains("does not take part", nobody.Message, StringComparison.Ordinal);
        Assert.Empty(await _app.PresenceOfAsync(Someone));
    }
}

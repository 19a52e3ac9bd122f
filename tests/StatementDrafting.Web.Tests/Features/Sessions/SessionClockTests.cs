using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Web.Features.Sessions;

namespace StatementDrafting.Web.Tests.Features.Sessions;

/// <summary>A room's clock: the session's times in both zones, and "starts in…", "on now", "ended" as time passes.</summary>
public class SessionClockTests : BunitContext
{
    private static readonly TimeZoneInfo Bangkok = ZonedTime.FindZone("Asia/Bangkok");
    private static readonly DateOnly Day1 = new(2026, 11, 23);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero)); // 08:00 in Bangkok
    private readonly BunitJSModuleInterop _module;

    public SessionClockTests()
    {
        Services.AddSingleton<TimeProvider>(_clock);
        _module = JSInterop.SetupModule("./Features/Consultations/AgendaView.razor.js");
    }

    private IRenderedComponent<SessionClock> RenderClock(DateTimeOffset? beganAt = null, SessionPhase loaded = SessionPhase.Upcoming)
    {
        var startsAt = ZonedTime.ToInstant(Day1, new TimeOnly(9, 10), Bangkok);
        return Render<SessionClock>(p => p
            .Add(c => c.DayNumber, 1)
            .Add(c => c.Date, Day1)
            .Add(c => c.Start, new TimeOnly(9, 10))
            .Add(c => c.End, new TimeOnly(10, 30))
            .Add(c => c.StartsAt, startsAt)
            .Add(c => c.EndsAt, ZonedTime.ToInstant(Day1, new TimeOnly(10, 30), Bangkok))
            .Add(c => c.BeganAt, beganAt ?? startsAt)
            .Add(c => c.StartedEarly, beganAt is not null)
            .Add(c => c.TimeZoneId, "Asia/Bangkok")
            .Add(c => c.LoadedPhase, loaded)
            .Add(c => c.RoomPath, "consultations/1/sessions/d1-2"));
    }

    private static string Status(IRenderedComponent<SessionClock> cut) => cut.Find("[data-testid=session-status]").TextContent.Trim();

    [Fact]
    public void The_status_moves_from_starts_in_to_on_now_to_ended_without_a_reload()
    {
        _module.Setup<string?>("browserTimeZone").SetResult("Asia/Bangkok");
        var cut = RenderClock();

        Assert.Contains("Starts in 1 h 10 min, at 09:10.", Status(cut), StringComparison.Ordinal);
        _clock.Advance(TimeSpan.FromMinutes(80)); // 09:20
        cut.WaitForAssertion(() => Assert.Contains("On now, until 10:30 (1 h 10 min left).", Status(cut), StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        _clock.Advance(TimeSpan.FromMinutes(75)); // 10:35
        cut.WaitForAssertion(() => Assert.Contains("Ended at 10:30.", Status(cut), StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Equal("consultations/1/sessions/d1-2", cut.Find("[data-testid=session-status] a").GetAttribute("href")); // loaded before the end: what changed is a reload away
    }

    [Fact]
    public void A_session_started_early_is_on_now_and_says_so()
    {
        _module.Setup<string?>("browserTimeZone").SetResult("Asia/Bangkok");

        var cut = RenderClock(beganAt: ZonedTime.ToInstant(Day1, new TimeOnly(7, 55), Bangkok));

        Assert.Contains("On now, started early at 07:55, until 10:30", Status(cut), StringComparison.Ordinal);
    }

    [Fact]
    public void The_reader_sees_the_session_s_times_in_their_own_zone_too()
    {
        _module.Setup<string?>("browserTimeZone").SetResult("Europe/Berlin");
        var cut = RenderClock();

        Assert.Contains("09:10–10:30", cut.Find("[data-testid=session-when]").TextContent, StringComparison.Ordinal);
        cut.WaitForAssertion(() => Assert.Equal("03:10–04:30 your time (Europe/Berlin)", cut.Find("[data-testid=reader-time]").TextContent.Trim()), TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData(0, "less than a minute")]
    [InlineData(25, "25 min")]
    [InlineData(60, "1 h")]
    [InlineData(70, "1 h 10 min")]
    [InlineData(24 * 60, "1 day")]
    [InlineData((2 * 24 * 60) + 180, "2 days 3 h")]
    public void Spans_read_as_people_say_them(int minutes, string expected) =>
        Assert.Equal(expected, SessionClock.Span(TimeSpan.FromMinutes(minutes)));
}

using Bunit;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Web.Features.Consultations;

namespace StatementDrafting.Web.Tests.Features.Consultations;

public class AgendaViewTests : BunitContext
{
    private static readonly TimeZoneInfo Bangkok = ZonedTime.FindZone("Asia/Bangkok");
    private static readonly DateOnly Day1 = new(2026, 11, 23);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero));
    private readonly BunitJSModuleInterop _module;

    public AgendaViewTests()
    {
        Services.AddSingleton<TimeProvider>(_clock);
        Services.AddSingleton<IMediator>(new StubMediator()); // a reader who is not signed in asks nothing
        Services.AddSingleton(new StatementDrafting.Web.Infrastructure.Callers.CallerContext());
        _module = JSInterop.SetupModule("./Features/Consultations/AgendaView.razor.js");
    }

    private static AgendaItemView Item(string key, AgendaItemKind kind, string title, int h1, int m1, int h2, int m2, DateOnly? date = null)
    {
        var day = date ?? Day1;
        var start = new TimeOnly(h1, m1);
        var end = new TimeOnly(h2, m2);
        return new AgendaItemView(key, kind, title, start, end, ZonedTime.ToInstant(day, start, Bangkok), ZonedTime.ToInstant(day, end, Bangkok), null, null, null, []);
    }

    private static readonly AgendaDayView[] Days =
    [
        new(1, Day1,
        [
            Item("d1-1", AgendaItemKind.Plenary, "Opening Plenary", 9, 0, 9, 10),
            Item("d1-2", AgendaItemKind.Parallel, "Parallel Session 1", 9, 10, 10, 30) with { ClusterNumber = 1, ClusterTitle = "Cluster one", StatementId = 3, CoHosts = ["Org A", "Org B"] },
            Item("d1-3", AgendaItemKind.Parallel, "Parallel Session 2", 9, 10, 10, 30) with { ClusterNumber = 3, ClusterTitle = "Cluster three" },
            Item("d1-4", AgendaItemKind.Break, "Break", 10, 30, 10, 40),
        ]),
        new(2, Day1.AddDays(2), [Item("d2-1", AgendaItemKind.Plenary, "Opening", 13, 0, 13, 10, Day1.AddDays(2))]),
    ];

    private IRenderedComponent<AgendaView> RenderAgenda() =>
        Render<AgendaView>(p => p.Add(c => c.Days, Days).Add(c => c.TimeZoneId, "Asia/Bangkok").Add(c => c.ConsultationId, 1));

    private static IEnumerable<string?> Keys(IRenderedComponent<AgendaView> cut, string selector) =>
        cut.FindAll(selector).Select(e => e.GetAttribute("data-agenda-key"));

    [Fact]
    public void Before_the_agenda_starts_the_first_item_is_marked_next_and_nothing_now()
    {
        _module.Setup<string?>("browserTimeZone").SetResult("Asia/Bangkok");
        var cut = RenderAgenda();

        Assert.Empty(cut.FindAll("li.is-now"));
        Assert.Equal(["d1-1"], Keys(cut, "li.is-next"));
        Assert.Contains("Next", cut.Find("li.is-next .badge").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_now_and_next_markers_move_as_time_passes_without_a_reload()
    {
        _module.Setup<string?>("browserTimeZone").SetResult("Asia/Bangkok");
        var cut = RenderAgenda();

        // 02:30 UTC is 09:30 in Bangkok: both parallel sessions are on.
        _clock.Advance(TimeSpan.FromMinutes(90));
        cut.WaitForAssertion(() => Assert.Equal(["d1-2", "d1-3"], Keys(cut, "li.is-now")), TimeSpan.FromSeconds(10));
        Assert.Equal(["d1-4"], Keys(cut, "li.is-next"));

        // Past the last item of both days.
        _clock.Advance(TimeSpan.FromDays(3));
        cut.WaitForAssertion(() => Assert.Contains("The agenda has ended", cut.Find("[data-testid=now-next]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("li.is-now, li.is-next"));
    }

    [Fact]
    public void In_another_time_zone_each_item_also_shows_the_readers_time_with_the_date_when_it_differs()
    {
        _module.Setup<string?>("browserTimeZone").SetResult("America/New_York");
        var cut = RenderAgenda();

        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-testid=reader-time]").Count), TimeSpan.FromSeconds(10));
        var opening = cut.Find("li[data-agenda-key=d1-1]");
        Assert.Equal("09:00–09:10", opening.QuerySelector("[data-testid=consultation-time]")!.TextContent);
        // 09:00 in Bangkok on Monday 23 November is 21:00 on Sunday 22 November in New York (UTC-5).
        Assert.Equal("21:00–21:10 your time (Sun 22 Nov)", opening.QuerySelector("[data-testid=reader-time]")!.TextContent);
        Assert.Contains("America/New_York", cut.Find("[data-testid=reader-zone]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reader_in_a_zone_with_the_same_clock_sees_one_time_and_a_note_saying_so()
    {
        _module.Setup<string?>("browserTimeZone").SetResult("Asia/Ho_Chi_Minh");
        var cut = RenderAgenda();

        cut.WaitForAssertion(() => Assert.Contains("keeps the same time", cut.Find("[data-testid=reader-zone]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=reader-time]"));
    }

    [Fact]
    public void An_unknown_browser_zone_shows_the_consultations_times_only()
    {
        _module.Setup<string?>("browserTimeZone").SetResult("Nowhere/Special");
        var cut = RenderAgenda();

        cut.WaitForAssertion(() => Assert.Single(_module.Invocations), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=reader-time], [data-testid=reader-zone]"));
        Assert.Equal(5, cut.FindAll("[data-testid=consultation-time]").Count);
    }

    [Fact]
    public void Parallel_sessions_link_their_cluster_statement_and_room_and_list_their_co_hosts()
    {
        _module.Setup<string?>("browserTimeZone").SetResult("Asia/Bangkok");
        var session = RenderAgenda().Find("li[data-agenda-key=d1-2]");

        Assert.Equal(["consultations/1/clusters/1", "statements/3", "consultations/1/sessions/d1-2"], session.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
        Assert.Empty(session.QuerySelectorAll("button")); // a reader who is not signed in chooses nothing
        Assert.Contains("Org A; Org B", session.QuerySelector(".agenda-item__cohosts")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Parallel session", session.TextContent, StringComparison.Ordinal);
    }
    [Fact]
    public void The_now_and_next_line_gives_the_readers_time_too()
    {
        _module.Setup<string?>("browserTimeZone").SetResult("America/New_York");
        var cut = RenderAgenda();

        // 08:00 in Bangkok is 20:00 the evening before in New York; the opening starts at 09:00, 21:00 there.
        cut.WaitForAssertion(() => Assert.Contains("Opening Plenary, today at 09:00 (21:00 your time)", cut.Find("[data-testid=now-next]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        _clock.Advance(TimeSpan.FromMinutes(90));
        cut.WaitForAssertion(() => Assert.Contains("Parallel Session 1 · Parallel Session 2, until 10:30 (22:30 your time)", cut.Find("[data-testid=now-next]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_participant_chooses_a_session_on_the_live_agenda_and_it_is_marked_as_theirs()
    {
        var mediator = new ChoosingMediator();
        Services.AddSingleton<IMediator>(mediator);
        var caller = new StatementDrafting.Web.Infrastructure.Callers.CallerContext();
        caller.Set(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, "someone")], "test")));
        Services.AddSingleton(caller);
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        _module.Setup<string?>("browserTimeZone").SetResult("Asia/Bangkok");
        var cut = RenderAgenda();

        Assert.Empty(cut.FindAll("[data-testid=your-session]"));
        Assert.Equal(2, cut.FindAll("li.agenda-item--parallel button").Count);
        cut.Find("li[data-agenda-key=d1-3] button").Click();

        cut.WaitForAssertion(() => Assert.Equal(["d1-3"], cut.FindAll("[data-testid=your-session]").Select(b => b.Closest("li")!.GetAttribute("data-agenda-key"))), TimeSpan.FromSeconds(10));
        Assert.Equal(["d1-3"], mediator.Sent);
        Assert.Empty(cut.FindAll("li[data-agenda-key=d1-3] button"));
        Assert.Single(cut.FindAll("li[data-agenda-key=d1-2] button"));
    }

    /// <summary>Answers the agenda's questions about the reader's sessions, and remembers the sessions chosen.</summary>
    private sealed class ChoosingMediator : StubMediator
    {
        public List<string> Sent { get; } = [];

        public override ValueTask<TResponse> Send<TResponse>(IQuery<TResponse> query, CancellationToken cancellationToken = default) => query switch
        {
            StatementDrafting.Web.Features.Sessions.GetMySessionChoices => ValueTask.FromResult((TResponse)(object)new StatementDrafting.Web.Features.Sessions.MySessionChoices(true, [.. Sent])),
            _ => base.Send(query, cancellationToken),
        };

        public override ValueTask<TResponse> Send<TResponse>(ICommand<TResponse> command, CancellationToken cancellationToken = default)
        {
            if (command is StatementDrafting.Web.Features.Sessions.ChooseSession choose)
            {
                Sent.Add(choose.AgendaItemKey);
                return ValueTask.FromResult((TResponse)(object)Mediator.Unit.Value);
            }

            return base.Send(command, cancellationToken);
        }
    }
}

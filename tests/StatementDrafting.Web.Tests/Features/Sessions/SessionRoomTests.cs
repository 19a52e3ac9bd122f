using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Amendments;
using StatementDrafting.Web.Features.Consultations;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Features.Sessions;
using StatementDrafting.Web.Infrastructure.Authorisation;

namespace StatementDrafting.Web.Tests.Features.Sessions;

/// <summary>
/// Session rooms on the demo consultation with its clock held: day 1 is Monday 23 November 2026 in Bangkok and day 2
/// Wednesday 25 November; cluster 1 meets in "Parallel Session 1" on both days (d1-2, 09:10–10:30; d2-2, 13:10–14:30),
/// beside cluster 3's session (d1-3, d2-3) at the same times.
/// </summary>
public sealed class SessionRoomTests : IDisposable
{
    private const string CoHost = "cohost1@example.org";
    private const string Participant = "participant1@example.org";
    private const string OtherParticipant = "participant2@example.org";
    private const string Observer = "observer@example.org";
    private const string Day1Session = "d1-2";
    private const string Day2Session = "d2-2";

    private static readonly DateOnly Day1 = new(2026, 11, 23);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero)); // 08:00 in Bangkok
    private readonly AppFactory _app;

    public SessionRoomTests() => _app = new AppFactory(demo: true, clock: _clock);

    public void Dispose() => _app.Dispose();

    private DraftingEngine Engine => _app.Services.GetRequiredService<DraftingEngine>();

    private void At(int day, int hour, int minute) =>
        _clock.SetUtcNow(new DateTimeOffset(Day1.AddDays(day == 1 ? 0 : 2).ToDateTime(new TimeOnly(hour, minute)), TimeSpan.FromHours(7)).ToUniversalTime());

    private async Task<int> StatementIdAsync() => (await Drafting.StoredStatement.OfClusterAsync(_app, 1)).Id;

    private async Task<DraftBlock> ParagraphAsync(int statementId, int index) =>
        (await Engine.SnapshotAsync(statementId))!.Blocks.Where(b => b.Kind == BlockKind.NumberedParagraph).ElementAt(index);

    /// <summary>Types <paramref name="text"/> at the start of a paragraph, as a co-host's editor would, at the clock's time.</summary>
    private async Task<int> PrependAsync(int statementId, string blockId, string text)
    {
        var now = (await Engine.SnapshotAsync(statementId))!;
        var block = now.Blocks.Single(b => b.Id.Value == blockId);
        var result = await Engine.SubmitAsync(statementId, "rooms-test", $"rooms-{Guid.NewGuid():N}"[..30], now.Revision, new TextEdit(block.Id, TextOperation.InsertAt(block.Text.Length, 0, text)));
        return result.Revision;
    }

    private async Task<IDocument> RoomAsync(string email, string key = Day1Session)
    {
        using var client = await _app.ClientAsAsync(email);
        var (status, page) = await Html.GetAsync(client, $"/consultations/{await _app.ConsultationIdAsync()}/sessions/{key}");
        Assert.Equal(HttpStatusCode.OK, status);
        return page;
    }

    private static string Text(IDocument page, string testId) => page.QuerySelector($"[data-testid={testId}]")?.TextContent.Trim() ?? string.Empty;

    private static string[] Items(IDocument page, string testId) =>
        [.. page.QuerySelectorAll($"[data-testid={testId}] li").Select(li => li.TextContent.Trim())];

    private static string[] Marked(IDocument page, string section, string tag) =>
        [.. page.QuerySelectorAll($"[data-testid={section}] {tag}").Select(e => e.TextContent.Trim())];

    [Fact]
    public async Task The_room_lists_the_session_s_working_groups_by_round()
    {
        var id = await _app.ConsultationIdAsync();
        await _app.QueryAsync(async db =>
        {
            var consultation = await StatementDrafting.Web.Features.Setup.DefinitionStore.TrackedAsync(db, id, default);
            consultation!.SetWorkingGroups(Day1Session, [new("Pathways", 1, [2, 5]), new("Recruitment", 1, [6, 12, 18]), new("Pathways", 2, [5])]);
            return await db.SaveChangesAsync();
        });

        var page = await RoomAsync(Participant);

        Assert.Equal(["Pathways (round 1): objectives 2, 5", "Recruitment (round 1): objectives 6, 12, 18", "Pathways (round 2): objectives 5"],
            page.QuerySelectorAll(".working-groups li").Select(li => li.TextContent.Trim()));
        Assert.Null(page.QuerySelector("[data-testid=no-working-groups]"));
    }

    [Fact]
    public async Task The_room_shows_the_session_s_times_cluster_objectives_co_hosts_and_live_statement_and_names_no_one()
    {
        var statementId = await StatementIdAsync();
        var cluster = DemoFacts.Clusters.Single(c => c.Number == 1);

        var page = await RoomAsync(Participant);

        Assert.Equal("Parallel Session 1", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("Day 1 · Monday 23 November 2026 · 09:10–10:30 (Asia/Bangkok)", Html.Text(page.QuerySelector("[data-testid=session-when]")!));
        Assert.Contains("Starts in 1 h 10 min, at 09:10.", Text(page, "session-status"), StringComparison.Ordinal);
        Assert.Equal(cluster.Objectives, page.QuerySelectorAll("[data-testid=objectives] li").Select(li => int.Parse(li.GetAttribute("value")!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains($"Cluster 1: {cluster.Title}", page.QuerySelector("#cluster-heading")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(["Asia Pacific Mission for Migrants", "Migrant Forum in Asia"], Items(page, "cohost-organisations"));
        Assert.Equal(["Co-host (Asia Pacific Mission for Migrants)"], Items(page, "cohosts-seated"));
        Assert.Equal("This session has no working groups.", Text(page, "no-working-groups"));
        Assert.NotNull(page.QuerySelector($"a[href='statements/{statementId}/projector']"));
        var firstParagraph = await ParagraphAsync(statementId, 0);
        Assert.NotNull(page.QuerySelector($"#b-{firstParagraph.Id.Value}")); // the statement itself, as it stands
        Assert.NotNull(page.QuerySelector("[data-testid=who-is-here]"));
        Assert.Null(page.QuerySelector("[data-testid=since-previous]")); // day 1: nothing before it
        Assert.Null(page.QuerySelector("[data-testid=in-session]")); // not over yet
        Assert.DoesNotContain("Demo Co-host", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("[data-testid=choice-count]")); // counts are for organisers
    }

    [Fact]
    public async Task Members_open_rooms_of_parallel_sessions_only_and_others_are_turned_away()
    {
        var consultationId = await _app.ConsultationIdAsync();
        using var observer = await _app.ClientAsAsync(Observer);
        using var anonymous = _app.Browser();

        Assert.Equal(HttpStatusCode.OK, (await Html.GetAsync(observer, $"/consultations/{consultationId}/sessions/{Day1Session}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Html.GetAsync(observer, $"/consultations/{consultationId}/sessions/d1-1")).Status); // a plenary
        Assert.Equal(HttpStatusCode.NotFound, (await Html.GetAsync(observer, $"/consultations/{consultationId}/sessions/nowhere")).Status);
        using var response = await anonymous.GetAsync(new Uri($"/consultations/{consultationId}/sessions/{Day1Session}", UriKind.Relative));
        Assert.Contains("account/sign-in", Forms.PathOf(response.Headers.Location), StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotSignedInException>(() => _app.SendAsAsync(null, m => m.Send(new GetSessionRoom(consultationId, Day1Session))));
    }

    [Fact]
    public async Task After_the_session_the_room_shows_what_changed_during_it_and_the_amendments_decided_then()
    {
        var statementId = await StatementIdAsync();
        var (first, second) = (await ParagraphAsync(statementId, 0), await ParagraphAsync(statementId, 1));
        var rejected = await _app.SendAsAsync(Participant, m => m.Send(new ProposeAmendment(statementId, AmendmentKind.Replace, second.Id.Value, "A wording the session turns down.", null)));
        var later = await _app.SendAsAsync(Participant, m => m.Send(new ProposeAmendment(statementId, AmendmentKind.Replace, second.Id.Value, "A wording decided after the session.", null)));
        await PrependAsync(statementId, first.Id.Value, "Beforehand ");

        At(1, 9, 30);
        await PrependAsync(statementId, first.Id.Value, "Discussed ");
        await _app.SendAsAsync(CoHost, m => m.Send(new DecideAmendment(statementId, rejected.Number, AmendmentDecision.Reject, Reason: "Not agreed in the room.")));
        At(1, 10, 45);
        await PrependAsync(statementId, first.Id.Value, "Afterwards ");
        await _app.SendAsAsync(CoHost, m => m.Send(new DecideAmendment(statementId, later.Number, AmendmentDecision.Reject, Reason: "Too late.")));

        At(1, 11, 0);
        var page = await RoomAsync(Participant);

        Assert.Equal("What changed in this session", page.QuerySelector("#in-session-heading")!.TextContent.Trim());
        Assert.Contains("began at 09:10", Text(page, "in-session"), StringComparison.Ordinal);
        Assert.Contains("Discussed", Marked(page, "in-session", "ins"));
        Assert.DoesNotContain(Marked(page, "in-session", "ins").Concat(Marked(page, "in-session", "del")), m => m.Contains("Beforehand", StringComparison.Ordinal) || m.Contains("Afterwards", StringComparison.Ordinal));
        Assert.Equal([$"A{rejected.Number} on ¶2: rejected"], Items(page, "decided"));
        Assert.Contains("Ended at 10:30.", Text(page, "session-status"), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("form.session-room__choose")); // an ended session is not chosen any more
    }

    [Fact]
    public async Task A_start_pressed_early_counts_the_session_s_changes_from_the_press()
    {
        var statementId = await StatementIdAsync();
        var consultationId = await _app.ConsultationIdAsync();
        var first = await ParagraphAsync(statementId, 0);
        At(1, 8, 50);
        await _app.SendAsAsync(CoHost, m => m.Send(new StartAgendaItem(consultationId, Day1Session)));
        At(1, 9, 0);
        await PrependAsync(statementId, first.Id.Value, "Early ");

        At(1, 12, 0);
        var page = await RoomAsync(Observer);

        Assert.Contains("started early, at 08:50", Text(page, "in-session"), StringComparison.Ordinal);
        Assert.Equal(["Early"], Marked(page, "in-session", "ins"));
        Assert.Empty(Items(page, "decided"));
    }

    [Fact]
    public async Task The_day_2_session_opens_with_the_changes_since_the_end_of_day_1_before_and_during_it()
    {
        var statementId = await StatementIdAsync();
        var first = await ParagraphAsync(statementId, 0);
        At(1, 9, 30);
        await PrependAsync(statementId, first.Id.Value, "Yesterday ");
        At(1, 11, 0);
        await PrependAsync(statementId, first.Id.Value, "Overnight ");

        foreach (var (hour, minute) in new[] { (13, 0), (13, 40) })
        {
            At(2, hour, minute);
            var page = await RoomAsync(Participant, Day2Session);

            Assert.Equal("Changes since the end of day 1", page.QuerySelector("#since-previous-heading")!.TextContent.Trim());
            Assert.Equal(["Overnight"], Marked(page, "since-previous", "ins"));
            Assert.Null(page.QuerySelector("[data-testid=in-session]"));
        }

        At(2, 15, 0);
        var after = await RoomAsync(Participant, Day2Session);
        Assert.Null(after.QuerySelector("[data-testid=since-previous]"));
        Assert.Equal("No changes to the text.", Text(after, "no-changes"));
    }

    [Fact]
    public async Task Participants_and_co_hosts_choose_one_session_per_slot_and_observers_cannot()
    {
        var consultationId = await _app.ConsultationIdAsync();
        Task<Mediator.Unit> Choose(string email, string key) => _app.SendAsAsync(email, m => m.Send(new ChooseSession(consultationId, key)));
        Task<List<string>> ChoicesOf(string email) => _app.QueryAsync(async db =>
        {
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            var participation = await db.Participations.Where(p => p.UserId == userId).Select(p => p.Id).SingleAsync();
            return await db.SessionChoices.Where(c => c.ParticipationId == participation).OrderBy(c => c.AgendaItemKey).Select(c => c.AgendaItemKey).ToListAsync();
        });

        await Choose(Participant, "d1-2");
        await Choose(Participant, "d2-2");
        await Choose(Participant, "d1-3"); // the same slot as d1-2: it replaces it
        await Choose(Participant, "d1-3"); // again: nothing changes
        await Choose(CoHost, "d1-2");

        Assert.Equal(["d1-3", "d2-2"], await ChoicesOf(Participant));
        Assert.Equal(["d1-2"], await ChoicesOf(CoHost));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Choose(Observer, "d1-2"));
        var plenary = await Assert.ThrowsAsync<DomainException>(() => Choose(Participant, "d1-1"));
        Assert.Equal("Choose one of the agenda's parallel sessions.", plenary.Message);
        var admin = await Assert.ThrowsAsync<DomainException>(() => Choose(People.Organiser, "d1-2")); // an organiser holds no seat in the room
        Assert.Equal("Only the consultation's participants and co-hosts choose a session.", admin.Message);
        At(1, 10, 31);
        var ended = await Assert.ThrowsAsync<DomainException>(() => Choose(OtherParticipant, "d1-2"));
        Assert.Equal("Parallel Session 1 has ended: choose a session that is on now or to come.", ended.Message);
    }

    [Fact]
    public async Task A_choice_is_shown_to_the_one_who_made_it_and_to_organisers_only_as_a_count()
    {
        var consultationId = await _app.ConsultationIdAsync();
        using var participant = await _app.ClientAsAsync(Participant);

        var (status, _, location) = await Forms.SubmitAsync(participant, $"/consultations/{consultationId}/sessions/{Day1Session}", "form.session-room__choose", []);

        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Equal($"/consultations/{consultationId}/sessions/{Day1Session}", Forms.PathOf(location));
        Assert.Contains("Your session", Text(await RoomAsync(Participant), "your-session"), StringComparison.Ordinal);
        var (_, home) = await Html.GetAsync(participant, $"/consultations/{consultationId}");
        Assert.Equal([Day1Session], home.QuerySelectorAll("[data-testid=your-session]").Select(b => b.Closest("li")!.GetAttribute("data-agenda-key")));

        using var other = await _app.ClientAsAsync(OtherParticipant);
        var (_, othersHome) = await Html.GetAsync(other, $"/consultations/{consultationId}");
        Assert.Empty(othersHome.QuerySelectorAll("[data-testid=your-session]"));
        Assert.Null((await RoomAsync(OtherParticipant)).QuerySelector("[data-testid=your-session]"));
        Assert.Null((await RoomAsync(Observer)).QuerySelector("[data-testid=choice-count]"));
        Assert.Equal("1 person chose to follow this session (shown to organisers only).", Text(await RoomAsync(People.Organiser), "choice-count"));

        var audit = await _app.QueryAsync(db => db.AuditEntries.Where(e => e.Action == nameof(ChooseSession)).Select(e => e.Subject).ToListAsync());
        Assert.Equal([null], audit); // the trail knows a choice was made, not which session
    }

    [Fact]
    public async Task The_agenda_links_every_parallel_session_to_its_room()
    {
        var consultationId = await _app.ConsultationIdAsync();
        using var client = _app.Browser();

        var (_, home) = await Html.GetAsync(client, $"/consultations/{consultationId}");

        var parallel = home.QuerySelectorAll("li.agenda-item--parallel").Select(li => li.GetAttribute("data-agenda-key")).ToList();
        var linked = home.QuerySelectorAll("li.agenda-item--parallel .agenda-item__room a")
            .Select(a => (a.Closest("li")!.GetAttribute("data-agenda-key"), a.GetAttribute("href"), a.TextContent.Trim())).ToList();
        Assert.Equal(8, parallel.Count);
        Assert.Equal(parallel.Select(k => (k, (string?)$"consultations/{consultationId}/sessions/{k}", "Join this session")), linked);
    }
}

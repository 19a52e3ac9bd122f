using System.Net;
using AngleSharp.Dom;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Consultations;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Features.History;
using StatementDrafting.Web.Infrastructure.Authorisation;

namespace StatementDrafting.Web.Tests.Features.Statements;

/// <summary>
/// The projector's changes since the current agenda item began (or since a milestone the chair chose), on the demo
/// consultation with its clock held: day 1 is 23 November 2026 in Bangkok, and cluster 1's session (d1-2, "Parallel
/// Session 1") runs from 09:10 to 10:30 there (02:10 to 03:30 UTC).
/// </summary>
public sealed class ProjectorChangesTests : IDisposable
{
    private const string CoHost = "cohost1@example.org";
    private const string OtherCoHost = "cohost2@example.org";
    private const string Participant = "participant1@example.org";
    private const string Observer = "observer@example.org";
    private const string Session = "d1-2";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero)); // 08:00 in Bangkok
    private readonly AppFactory _app;

    public ProjectorChangesTests() => _app = new AppFactory(demo: true, clock: _clock);

    public void Dispose() => _app.Dispose();

    private DraftingEngine Engine => _app.Services.GetRequiredService<DraftingEngine>();

    private void At(int hour, int minute) =>
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, hour, minute, 0, TimeSpan.FromHours(7)).ToUniversalTime());

    private async Task<int> StatementIdAsync() => (await Drafting.StoredStatement.OfClusterAsync(_app, 1)).Id;

    private async Task<IReadOnlyList<DraftBlock>> ParagraphsAsync(int statementId) =>
        [.. (await Engine.SnapshotAsync(statementId))!.Blocks.Where(b => b.Kind == BlockKind.NumberedParagraph)];

    private async Task<int> SubmitAsync(int statementId, EditOp op)
    {
        var now = (await Engine.SnapshotAsync(statementId))!;
        var result = await Engine.SubmitAsync(statementId, "projector-test", $"projector-{Guid.NewGuid():N}"[..30], now.Revision, op);
        return result.Revision;
    }

    private async Task<int> InsertAsync(int statementId, string blockId, int position, string text)
    {
        var block = (await Engine.SnapshotAsync(statementId))!.Blocks.Single(b => b.Id.Value == blockId);
        return await SubmitAsync(statementId, new TextEdit(block.Id, TextOperation.InsertAt(block.Text.Length, position, text)));
    }

    private async Task<(HttpStatusCode Status, IDocument Page)> ProjectorAsync(int statementId, string? since = null, string email = Observer)
    {
        using var client = await _app.ClientAsAsync(email);
        return await Html.GetAsync(client, $"/statements/{statementId}/projector" + (since is null ? string.Empty : $"?since={since}"));
    }

    private static string[] Marked(IDocument page, string tag) =>
        [.. page.QuerySelectorAll($"article.statement {tag}").Select(e => e.TextContent.Trim())];

    private static string Since(IDocument page) => page.QuerySelector("[data-testid=projector-since]")!.TextContent.Trim();

    [Fact]
    public async Task Changes_made_since_the_session_began_are_underlined_and_struck_and_earlier_changes_are_not()
    {
        var statementId = await StatementIdAsync();
        var paragraphs = await ParagraphsAsync(statementId);
        var (first, second, third) = (paragraphs[0], paragraphs[1], paragraphs[2]);
        var before = await InsertAsync(statementId, first.Id.Value, 0, "Beforehand ");

        At(9, 30);
        await InsertAsync(statementId, first.Id.Value, first.Text.Length + "Beforehand ".Length, " Afterwards");
        var firstWord = second.Text[..second.Text.IndexOf(' ', StringComparison.Ordinal)];
        await SubmitAsync(statementId, new TextEdit(second.Id, TextOperation.DeleteAt(second.Text.Length, 0, firstWord.Length + 1)));
        await SubmitAsync(statementId, new InsertBlock(BlockId.New(), second.Id, BlockKind.NumberedParagraph, 0, "A paragraph written in the session."));
        await SubmitAsync(statementId, new DeleteBlock(third.Id));

        var (status, page) = await ProjectorAsync(statementId);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal($"Changes since the start of Parallel Session 1 (revision {before}, 09:10)", Since(page));
        Assert.Contains("Afterwards", Marked(page, "ins"));
        Assert.Contains(firstWord, Marked(page, "del"));
        Assert.Equal("A paragraph written in the session.", page.QuerySelector(".block--added ins")!.TextContent);
        var words = _app.Services.GetRequiredService<StatementDrafting.Web.Infrastructure.Markdown.InlineMarkdown>().ToPlainText(third.Text);
        Assert.Equal(words, page.QuerySelector(".block--removed del")!.TextContent); // the words, without formatting marks
        Assert.DoesNotContain(Marked(page, "ins").Concat(Marked(page, "del")), m => m.Contains("Beforehand", StringComparison.Ordinal));
        Assert.Contains("Beforehand", page.QuerySelector($"#b-{first.Id.Value}")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Before_any_session_of_the_statement_the_projector_shows_the_text_as_it_stands()
    {
        var statementId = await StatementIdAsync();
        var paragraph = (await ParagraphsAsync(statementId))[0];
        await InsertAsync(statementId, paragraph.Id.Value, 0, "Early ");

        var (_, page) = await ProjectorAsync(statementId);

        Assert.Equal("No agenda item of this statement has begun: the text as it stands.", Since(page));
        Assert.Empty(page.QuerySelectorAll("article.statement ins, article.statement del"));
        Assert.Contains("Early", page.QuerySelector($"#b-{paragraph.Id.Value}")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_start_pressed_before_the_scheduled_time_begins_the_session_there()
    {
        var statementId = await StatementIdAsync();
        var consultationId = await _app.ConsultationIdAsync();
        var paragraph = (await ParagraphsAsync(statementId))[0];
        var before = await InsertAsync(statementId, paragraph.Id.Value, 0, "Unmarked ");

        At(8, 30);
        await _app.SendAsAsync(CoHost, m => m.Send(new StartAgendaItem(consultationId, Session)));
        At(8, 40);
        await InsertAsync(statementId, paragraph.Id.Value, 0, "Pressed ");

        var (_, page) = await ProjectorAsync(statementId);

        Assert.Equal($"Changes since the start of Parallel Session 1 (revision {before}, 08:30, started early)", Since(page));
        Assert.Equal(["Pressed"], Marked(page, "ins"));
    }

    [Fact]
    public async Task The_chair_s_milestone_is_the_baseline_when_chosen()
    {
        var statementId = await StatementIdAsync();
        var paragraph = (await ParagraphsAsync(statementId))[0];
        At(9, 30);
        var milestone = await InsertAsync(statementId, paragraph.Id.Value, 0, "Agreed ");
        await _app.SendAsAsync(CoHost, m => m.Send(new NameMilestone(statementId, milestone, "After the first reading")));
        await InsertAsync(statementId, paragraph.Id.Value, 0, "Latest ");

        var (_, page) = await ProjectorAsync(statementId, since: milestone.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal($"Changes since milestone 'After the first reading' (revision {milestone})", Since(page));
        Assert.Equal(["Latest"], Marked(page, "ins"));
    }

    [Fact]
    public async Task A_since_that_is_not_a_milestone_is_refused_on_the_page_and_the_text_shown_as_it_stands()
    {
        var statementId = await StatementIdAsync();
        var paragraph = (await ParagraphsAsync(statementId))[0];
        At(9, 30);
        var revision = await InsertAsync(statementId, paragraph.Id.Value, 0, "Plain ");

        foreach (var (since, refusal) in new[]
        {
            ("99999", $"Revision 99999 does not exist yet; the statement is at revision {revision}."),
            (revision.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Revision {revision} is not a milestone of this statement"),
            ("yesterday", "That is not a revision number"),
        })
        {
            var (status, page) = await ProjectorAsync(statementId, since);

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains(refusal, page.QuerySelector(".projector__refusal[role=alert]")!.TextContent, StringComparison.Ordinal);
            Assert.Empty(page.QuerySelectorAll("article.statement ins, article.statement del"));
            Assert.Contains("Plain", page.QuerySelector($"#b-{paragraph.Id.Value}")!.TextContent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_session_s_co_hosts_and_organisers_start_it_once_and_no_one_else_can()
    {
        var consultationId = await _app.ConsultationIdAsync();
        Task<DateTimeOffset> Start(string email, string key) => _app.SendAsAsync(email, m => m.Send(new StartAgendaItem(consultationId, key)));

        await Assert.ThrowsAsync<AccessDeniedException>(() => Start(Participant, Session));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Start(Observer, Session));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Start(OtherCoHost, Session));

        At(9, 5);
        Assert.Equal(_clock.GetUtcNow(), await Start(CoHost, Session));
        var again = await Assert.ThrowsAsync<DomainException>(() => Start(People.Organiser, Session));
        Assert.Equal("Parallel Session 1 was started already, at 09:05.", again.Message);
        await Start(People.Organiser, "d1-3"); // an organiser starts any item

        var stored = await _app.QueryAsync(db => Task.FromResult(db.AgendaItemStarts.Select(s => s.AgendaItemKey).OrderBy(k => k).ToList()));
        Assert.Equal(["d1-2", "d1-3"], stored);
    }

    [Fact]
    public async Task The_statement_page_offers_its_chair_the_milestones_and_the_start_of_the_next_session_and_participants_neither()
    {
        var statementId = await StatementIdAsync();
        At(9, 0);
        await _app.SendAsAsync(CoHost, m => m.Send(new NameMilestone(statementId, 0, "Shared before the consultation")));
        using var coHost = await _app.ClientAsAsync(CoHost);
        using var participant = await _app.ClientAsAsync(Participant);

        var (_, chairs) = await Html.GetAsync(coHost, $"/statements/{statementId}");
        var (_, participants) = await Html.GetAsync(participant, $"/statements/{statementId}");

        var options = chairs.QuerySelectorAll("form.projector-choice select[name=since] option").Select(o => (o.GetAttribute("value"), o.TextContent)).ToList();
        Assert.Equal([("", "the start of the current agenda item"), ("0", "milestone 'Shared before the consultation' (revision 0)")], options);
        Assert.Equal($"statements/{statementId}/projector", chairs.QuerySelector("form.projector-choice")!.GetAttribute("action"));
        Assert.Contains(chairs.QuerySelectorAll("button"), b => b.TextContent == "Start Parallel Session 1 now");
        Assert.Null(participants.QuerySelector("form.projector-choice"));
        Assert.DoesNotContain(participants.QuerySelectorAll("button"), b => b.TextContent.StartsWith("Start ", StringComparison.Ordinal));

        var consultationId = await _app.ConsultationIdAsync();
        await _app.SendAsAsync(CoHost, m => m.Send(new StartAgendaItem(consultationId, Session)));
        var (_, after) = await Html.GetAsync(coHost, $"/statements/{statementId}");
        Assert.DoesNotContain(after.QuerySelectorAll("button"), b => b.TextContent.StartsWith("Start ", StringComparison.Ordinal));
    }
}

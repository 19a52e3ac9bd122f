using System.Net;
using Microsoft.EntityFrameworkCore;

namespace StatementDrafting.Web.Tests.Features.Participations;

/// <summary>"Your participation": how others see you, your roles, and the link to it from the front page.</summary>
public sealed class MyParticipationPageTests : IClassFixture<MyParticipationPageTests.DemoApp>
{
    private readonly DemoApp _demo;

    public MyParticipationPageTests(DemoApp demo) => _demo = demo;

    public sealed class DemoApp : IAsyncLifetime
    {
        public AppFactory App { get; } = new(demo: true);

        public int ConsultationId { get; private set; }

        public async Task InitializeAsync()
        {
            App.CreateClient().Dispose();
            ConsultationId = await App.ConsultationIdAsync();
        }

        public Task DisposeAsync()
        {
            App.Dispose();
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task A_participant_sees_their_pseudonym_and_role_and_never_their_own_name_or_organisation()
    {
        var participation = await _demo.App.ParticipationOfAsync("participant7@example.org", _demo.ConsultationId);
        using var client = await _demo.App.ClientAsAsync("participant7@example.org");

        var (status, page) = await Html.GetAsync(client, $"/consultations/{_demo.ConsultationId}/me");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("How others see you", page.QuerySelector("h1")!.Text());
        Assert.Equal(participation.Pseudonym, page.QuerySelector(".pseudonym")!.Text());
        var roles = page.QuerySelector("#roles-heading + ul")!.Text();
        Assert.StartsWith("Participant:", roles, StringComparison.Ordinal);
        Assert.DoesNotContain("Co-host", roles, StringComparison.Ordinal);
        Assert.DoesNotContain("Sakura Tanabe", page.Body!.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("Northern Prefecture Welcome Office", page.Body!.Text(), StringComparison.Ordinal);
        Assert.Equal("Alias", page.QuerySelector("label[for=alias]")!.Text());
    }

    [Fact]
    public async Task A_co_host_sees_the_co_host_label_they_appear_under_in_each_session_they_co_host()
    {
        var participation = await _demo.App.ParticipationOfAsync("cohost1@example.org", _demo.ConsultationId);
        var items = await _demo.App.QueryAsync(db => db.Consultations.Include(c => c.Days).ThenInclude(d => d.Items).SelectMany(c => c.Days).SelectMany(d => d.Items).ToListAsync());
        using var client = await _demo.App.ClientAsAsync("cohost1@example.org");

        var (status, page) = await Html.GetAsync(client, $"/consultations/{_demo.ConsultationId}/me");

        Assert.Equal(HttpStatusCode.OK, status);
        var sessions = page.QuerySelectorAll("#seen-heading ~ ul li").Select(li => li.Text()).ToList();
        Assert.Equal(participation.CoHostSeats.Count, sessions.Count);
        foreach (var seat in participation.CoHostSeats)
        {
            var title = items.First(i => i.Key == seat.AgendaItemKey).Title;
            Assert.Contains($"Co-host ({seat.Organisation}) in {title}", sessions);
        }

        Assert.Contains(page.QuerySelectorAll("#roles-heading + ul li"), li => li.Text().StartsWith("Co-host of ", StringComparison.Ordinal));
        Assert.Contains(page.QuerySelectorAll("#roles-heading + ul li"), li => li.Text().StartsWith("Participant:", StringComparison.Ordinal));
        Assert.Equal(participation.Pseudonym, page.QuerySelector(".pseudonym")!.Text());
    }

    [Fact]
    public async Task An_observer_is_told_they_follow_without_proposing_or_voting()
    {
        using var client = await _demo.App.ClientAsAsync("observer@example.org");

        var (_, page) = await Html.GetAsync(client, $"/consultations/{_demo.ConsultationId}/me");

        Assert.Equal("Observer: you follow everything, without proposing or voting.", page.QuerySelector("#roles-heading + ul")!.Text());
    }

    [Fact]
    public async Task Someone_not_signed_in_is_sent_to_sign_in()
    {
        using var anonymous = _demo.App.Browser();

        using var response = await anonymous.GetAsync(new Uri($"/consultations/{_demo.ConsultationId}/me", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("account/sign-in", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_front_page_links_to_it_for_members_only()
    {
        using var member = await _demo.App.ClientAsAsync("participant7@example.org");
        using var anonymous = _demo.App.Browser();

        var (_, asMember) = await Html.GetAsync(member, $"/consultations/{_demo.ConsultationId}");
        var (_, asAnonymous) = await Html.GetAsync(anonymous, $"/consultations/{_demo.ConsultationId}");

        Assert.Equal($"consultations/{_demo.ConsultationId}/me", asMember.QuerySelector(".my-participation-link a")!.GetAttribute("href"));
        Assert.Null(asAnonymous.QuerySelector(".my-participation-link"));
        Assert.Null(asAnonymous.QuerySelector($"a[href='consultations/{_demo.ConsultationId}/me']"));
    }
}

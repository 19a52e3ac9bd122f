using System.Net;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Web.Tests.Features.Drafting;

namespace StatementDrafting.Web.Tests.Features.Polls;

/// <summary>The projector page: the statement for the shared screen, the same whoever shares it.</summary>
public sealed class ProjectorPageTests : IDisposable
{
    private readonly AppFactory _app = new(demo: true);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_chairs_projector_shows_the_text_and_the_count_but_not_the_chairs_counts_nor_the_site_header()
    {
        var world = await PollWorld.StartAsync(_app);
        var pollId = await world.OpenAsync();
        for (var n = 1; n <= ShownTally.Step; n++)
        {
            await world.RespondAsync(PollWorld.Participant(n), pollId, n == 1 ? PollChoice.Objection : PollChoice.Support);
        }

        using var chair = await _app.ClientAsAsync(PollWorld.Chair);
        var (status, projector) = await Html.GetAsync(chair, $"/statements/{world.StatementId}/projector");
        var (_, page) = await Html.GetAsync(chair, $"/statements/{world.StatementId}");

        Assert.Equal(HttpStatusCode.OK, status);
        var statement = await StoredStatement.LoadAsync(_app, world.StatementId);
        Assert.Contains(statement.Blocks[^1].Text[..20], projector.QuerySelector("article.statement")!.TextContent, StringComparison.Ordinal);
        Assert.Contains($"Responses so far: {ShownTally.Step}", projector.QuerySelector(".adoption__count")!.TextContent, StringComparison.Ordinal);
        Assert.Null(projector.QuerySelector(".adoption__tally")); // the chair's own page has them:
        Assert.NotNull(page.QuerySelector(".adoption__tally"));
        Assert.Null(projector.QuerySelector(".site-header"));
        Assert.Empty(projector.QuerySelectorAll("main button, main form, main .block__amendments"));
    }

    [Fact]
    public async Task Observers_see_the_projector_and_strangers_are_asked_to_sign_in()
    {
        var world = await PollWorld.StartAsync(_app);
        using var observer = await _app.ClientAsAsync("observer@example.org");
        using var stranger = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var (status, _) = await Html.GetAsync(observer, $"/statements/{world.StatementId}/projector");
        var refused = await stranger.GetAsync($"/statements/{world.StatementId}/projector");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("sign-in", refused.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}

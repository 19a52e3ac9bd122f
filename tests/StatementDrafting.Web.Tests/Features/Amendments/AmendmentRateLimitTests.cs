using Microsoft.Extensions.Time.Testing;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Web.Features.Amendments;
using StatementDrafting.Web.Tests.Features.Drafting;

namespace StatementDrafting.Web.Tests.Features.Amendments;

/// <summary>One account's amendment actions are limited per minute; the limit refuses clearly and touches no one else.</summary>
public sealed class AmendmentRateLimitTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
    private readonly AppFactory _app;

    public AmendmentRateLimitTests() => _app = new AppFactory(demo: true, clock: _clock);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task More_than_30_actions_a_minute_are_refused_for_that_account_alone_until_the_minute_has_passed()
    {
        var statement = await StoredStatement.OfClusterAsync(_app, 1);
        var paragraph = statement.Blocks[3];
        var amendment = await _app.SendAsAsync("participant1@example.org", m => m.Send(new ProposeAmendment(statement.Id, AmendmentKind.Delete, paragraph.Id, null, null)));

        for (var i = 0; i < AmendmentRateLimit.PerMinute; i++)
        {
            await _app.SendAsAsync("participant2@example.org", m => m.Send(new SupportAmendment(statement.Id, amendment.Number, i % 2 == 0)));
        }

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            _app.SendAsAsync("participant2@example.org", m => m.Send(new SupportAmendment(statement.Id, amendment.Number, true))));
        Assert.Contains("in a minute", refused.Message, StringComparison.Ordinal);
        var others = await _app.SendAsAsync("participant3@example.org", m => m.Send(new SupportAmendment(statement.Id, amendment.Number, true)));
        Assert.Equal(AmendmentStatus.Open, others.Status);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await _app.SendAsAsync("participant2@example.org", m => m.Send(new SupportAmendment(statement.Id, amendment.Number, true)));
        var list = await _app.SendAsAsync("participant2@example.org", m => m.Send(new ListAmendments(statement.Id)));
        Assert.Equal(2, list.Items.Single(a => a.Number == amendment.Number).SupportCount);
    }
}

using StatementDrafting.Domain.Polls;
using StatementDrafting.Web.Features.Nominations;
using StatementDrafting.Web.Features.Polls;
using StatementDrafting.Web.Tests.Features.Nominations;

namespace StatementDrafting.Web.Tests.Features.Polls;

/// <summary>The closing plenary's running order shows where each statement and the slate stand, with counts of responses only.</summary>
public sealed class ClosingPlenaryTests : IDisposable
{
    private readonly AppFactory _app = new(demo: true);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_running_order_follows_each_poll_from_draft_to_adopted_and_the_slate_to_approved()
    {
        var polls = await PollWorld.StartAsync(_app, rules => rules with { QuorumPercent = null });
        var nominations = await NominationWorld.StartAsync(_app);

        var before = (await _app.SendAsAsync(PollWorld.Participant(3), m => m.Send(new GetClosingPlenary(polls.ConsultationId))))!;
        Assert.Equal(5, before.Statements.Count);
        Assert.All(before.Statements, s => Assert.Equal("Draft", s.Stage));
        Assert.Equal((SlateStage.Open, 0, 10), (before.Slate, before.SlateFilled, before.SlatePlaces));

        var pollId = await polls.OpenAsync();
        for (var i = 1; i <= 5; i++)
        {
            await polls.RespondAsync(PollWorld.Participant(i), pollId, PollChoice.Support);
        }

        var open = (await _app.SendAsAsync(PollWorld.Participant(3), m => m.Send(new GetClosingPlenary(polls.ConsultationId))))!;
        var item = open.Statements.Single(s => s.StatementId == polls.StatementId);
        Assert.Equal(("Up for adoption", 5), (item.Stage, item.Responses));

        await polls.CloseAsync(pollId);
        await nominations.SlateOfAsync(2);
        var slatePoll = await nominations.OpenPollAsync();
        await nominations.RespondAsync(NominationWorld.Participant(1), slatePoll, PollChoice.Support);
        await nominations.ClosePollAsync(slatePoll);

        var client = await _app.ClientAsAsync(PollWorld.Participant(3));
        var page = await client.GetStringAsync(new Uri($"/consultations/{polls.ConsultationId}/plenary", UriKind.Relative));
        Assert.Contains("1 of 5 statements adopted; the slate is approved.", page, StringComparison.Ordinal);
        Assert.Matches($"data-statement=\"{polls.StatementId}\">[^§]*?Adopted on \\d+ \\w+ \\d{{4}} by consensus", page);
        Assert.Contains("The speakers&#x27; slate (2 of 10 places filled)", page, StringComparison.Ordinal);
    }
}

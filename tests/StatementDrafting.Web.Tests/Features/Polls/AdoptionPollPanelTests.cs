using Bunit;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Features.Nominations;
using StatementDrafting.Web.Features.Polls;

namespace StatementDrafting.Web.Tests.Features.Polls;

/// <summary>The adoption panel shows each reader what they may see, and sends what they do.</summary>
public sealed class AdoptionPollPanelTests : BunitContext
{
    private const string Fingerprint = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private readonly ScriptedMediator _mediator = new();
    private readonly SlateBus _slates = new(NullLogger<SlateBus>.Instance);

    public AdoptionPollPanelTests()
    {
        Services.AddSingleton<IStatementBus>(new StatementFeed(NullLogger<StatementFeed>.Instance));
        Services.AddSingleton<ISlateBus>(_slates);
        Services.AddSingleton<IMediator>(_mediator);
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    private static PollView Open(bool chair = false, PollChoice? mine = null) => new(
        Id: 4, Revision: 57, Fingerprint, AdoptionRule.Consensus, PerOrganisation: false, IsOpen: true,
        OpenedAt: new DateTimeOffset(2021, 3, 4, 9, 0, 0, TimeSpan.Zero), ClosedAt: null,
        Responses: 10, Tally: chair ? new PollTally(7, 2, 1) : null, Outcome: null, Explanation: null,
        CanRespond: !chair, Mine: mine, Responded: mine is not null, CanClose: chair, ObjectionReasons: []);

    private IRenderedComponent<AdoptionPollPanel> Show(PollView? poll, bool canOpen = false, bool projector = false)
    {
        _mediator.View = new PollSubjectView(3, 1, "Adopted by consensus when nobody objects and at least 50% of those eligible respond.", poll, canOpen);
        return Render<AdoptionPollPanel>(p => p.Add(c => c.StatementId, 3).Add(c => c.Projector, projector));
    }

    [Fact]
    public void On_the_projector_even_the_chairs_screen_shows_the_count_and_fingerprint_but_no_counts_form_or_buttons()
    {
        var cut = Show(Open(chair: true), canOpen: false, projector: true);

        Assert.Equal(Fingerprint, cut.Find(".adoption__fingerprint code").TextContent);
        Assert.Equal("Responses so far: 10", cut.Find(".adoption__count").TextContent);
        Assert.Empty(cut.FindAll(".adoption__tally"));
        Assert.Empty(cut.FindAll("button"));
        Assert.Empty(cut.FindAll("form"));
    }

    [Fact]
    public void On_the_projector_the_counts_show_where_the_consultation_shows_them_to_all_and_once_closed()
    {
        var toAll = Show(Open(chair: true) with { TallyShownToAll = true }, projector: true);
        Assert.Equal(["7", "2", "1"], toAll.FindAll(".adoption__tally dd").Select(d => d.TextContent));

        var closed = Show(Open() with { IsOpen = false, CanRespond = false, Tally = new PollTally(20, 5, 0), Outcome = PollOutcome.AdoptedByConsensus, ClosedAt = DateTimeOffset.UnixEpoch, Responded = true }, projector: true);
        Assert.Equal(["20", "5", "0"], closed.FindAll(".adoption__tally dd").Select(d => d.TextContent));
        Assert.Empty(closed.FindAll(".adoption__mine"));
    }

    [Fact]
    public void A_participant_sees_the_revision_the_fingerprint_and_the_count_but_no_tally_and_no_close()
    {
        var cut = Show(Open());

        Assert.Contains("revision 57", cut.Find(".adoption__status").TextContent, StringComparison.Ordinal);
        Assert.Equal(Fingerprint, cut.Find(".adoption__fingerprint code").TextContent);
        Assert.Contains("Responses so far: 10", cut.Find(".adoption__count").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll(".adoption__tally"));
        Assert.Empty(cut.FindAll(".adoption__chair"));
        Assert.Equal(3, cut.FindAll("input[type=radio]").Count);
        Assert.Equal("Your response", cut.Find("legend").TextContent);
    }

    [Fact]
    public void The_response_form_never_goes_to_the_server_by_itself_with_the_choice_in_its_address()
    {
        // With its circuit down, nothing stops the browser submitting the form itself: a GET of the page with
        // "?choice-3=Objection" in the address, for a proxy's log to link to the voter (seen in the fault tests).
        var cut = Show(Open());

        Assert.Equal("dialog", cut.Find("form.adoption__respond").GetAttribute("method"));
    }

    [Fact]
    public void An_objection_takes_an_optional_reason_and_is_sent_with_it()
    {
        var cut = Show(Open());
        Assert.Empty(cut.FindAll("textarea"));

        cut.FindAll("input[type=radio]")[2].Change("Objection");
        cut.Find("textarea").Change("Paragraph 5 commits to nothing.");
        cut.Find("form").Submit();

        var sent = Assert.IsType<RespondToPoll>(Assert.Single(_mediator.Commands));
        Assert.Equal(new RespondToPoll(1, 4, PollChoice.Objection, "Paragraph 5 commits to nothing."), sent);
    }

    [Fact]
    public void A_recorded_response_is_shown_to_its_author_and_can_be_changed()
    {
        var cut = Show(Open(mine: PollChoice.CanLiveWith));

        Assert.Contains("Recorded: Can live with it", cut.Find(".adoption__mine").TextContent, StringComparison.Ordinal);
        Assert.Equal("Change the response", cut.Find("form button[type=submit]").TextContent);
        Assert.True(cut.FindAll("input[type=radio]")[1].HasAttribute("checked"));
    }

    [Fact]
    public void The_chair_sees_the_counts_and_closes()
    {
        var cut = Show(Open(chair: true));

        var counts = cut.FindAll(".adoption__tally dd").Select(d => d.TextContent).ToList();
        Assert.Equal(["7", "2", "1"], counts);
        Assert.Empty(cut.FindAll("input[type=radio]"));
        cut.Find(".adoption__chair button").Click();

        Assert.Equal(new ClosePoll(1, 4, null), Assert.Single(_mediator.Commands));
    }

    [Fact]
    public void A_closed_poll_shows_its_outcome_with_the_date_and_the_counts()
    {
        var closed = Open() with
        {
            IsOpen = false, CanRespond = false, ClosedAt = new DateTimeOffset(2021, 3, 4, 16, 10, 0, TimeSpan.Zero),
            Tally = new PollTally(20, 5, 0), Responses = 25, Outcome = PollOutcome.AdoptedByConsensus,
            Explanation = "Adopted by consensus: nobody objected; 25 of 34 eligible responded (quorum 17).", Responded = true,
        };

        var cut = Show(closed);

        Assert.Equal("Adopted on 4 March 2021 by consensus", cut.Find(".adoption__status").TextContent);
        Assert.Contains("25 of 34 eligible", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("You responded to this poll.", cut.Find(".adoption__mine").TextContent);
        Assert.Empty(cut.FindAll("form"));
    }

    [Fact]
    public void Before_a_poll_the_rule_is_shown_and_an_organiser_can_open_one()
    {
        var cut = Show(poll: null, canOpen: true);

        Assert.Contains("nobody objects", cut.Markup, StringComparison.Ordinal);
        cut.Find("button").Click();

        Assert.Equal(new OpenAdoptionPoll(3), Assert.Single(_mediator.Commands));
    }

    [Fact]
    public void For_the_slate_the_panel_speaks_of_approval_opens_a_slate_poll_and_follows_the_slate_bus()
    {
        _mediator.View = new PollSubjectView(null, 1, "Approved by consensus when nobody objects.", null, CanOpen: true);
        var cut = Render<AdoptionPollPanel>(p => p.Add(c => c.SlateOf, 1));

        Assert.Equal("Approval of the slate", cut.Find("h2").TextContent);
        Assert.Contains("Put the slate to the plenary for approval", cut.Find("button").TextContent, StringComparison.Ordinal);
        cut.Find("button").Click();
        Assert.Equal(new OpenSlatePoll(1), Assert.Single(_mediator.Commands));

        _mediator.View = _mediator.View with
        {
            Poll = Open() with { IsOpen = false, CanRespond = false, Tally = new PollTally(30, 2, 0), Outcome = PollOutcome.AdoptedByConsensus, ClosedAt = new DateTimeOffset(2021, 3, 4, 16, 0, 0, TimeSpan.Zero) },
            CanOpen = false,
        };
        _slates.Publish(1);
        cut.WaitForAssertion(() => Assert.Equal("Approved on 4 March 2021 by consensus", cut.Find(".adoption__status strong").TextContent), TimeSpan.FromSeconds(10));
        Assert.Contains("slate version 57", cut.Find(".adoption__fingerprint").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("a[href$='outcome.json']"));
    }

    /// <summary>Answers the panel's query with a set view and records the commands it sends.</summary>
    private sealed class ScriptedMediator : StubMediator
    {
        public PollSubjectView? View { get; set; }

        public List<object> Commands { get; } = [];

        public override ValueTask<TResponse> Send<TResponse>(ICommand<TResponse> command, CancellationToken cancellationToken = default)
        {
            Commands.Add(command);
            return ValueTask.FromResult(default(TResponse)!);
        }

        public override ValueTask<TResponse> Send<TResponse>(IQuery<TResponse> query, CancellationToken cancellationToken = default) =>
            query is GetStatementPoll or GetSlatePoll ? ValueTask.FromResult((TResponse)(object)View!) : base.Send(query, cancellationToken);
    }
}

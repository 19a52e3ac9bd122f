using Bunit;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StatementDrafting.Domain.Nominations;
using StatementDrafting.Web.Features.Nominations;

namespace StatementDrafting.Web.Tests.Features.Nominations;

/// <summary>The nominations board shows the slate as consented, live, and sends what its reader does.</summary>
public sealed class NominationsBoardTests : BunitContext
{
    private readonly ScriptedMediator _mediator = new();
    private readonly SlateBus _slates = new(NullLogger<SlateBus>.Instance);

    public NominationsBoardTests()
    {
        Services.AddSingleton<ISlateBus>(_slates);
        Services.AddSingleton<IMediator>(_mediator);
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    private static NomineeView Nominee(int id, string name, int? slot = null, int? position = null) =>
        new(id, new NomineeProfile(name, $"Org of {name}", "civil society", "Fiji", "Pacific", "Woman"), null, slot, position);

    private static NominationsView View(IReadOnlyList<NomineeView> placed, IReadOnlyList<NomineeView>? unplaced = null, NominationsDeskView? desk = null, bool canNominateSelf = true) => new(
        ConsultationId: 1,
        Title: "Fifth consultation",
        Stage: SlateStage.Open,
        Slots:
        [
            new SlateSlotView(10, "opening", 1, null, "during the opening", [new PlaceView(1, placed.FirstOrDefault(p => p.SlotId == 10))]),
            new SlateSlotView(11, "roundtable", 2, 2, "", [.. Enumerable.Range(1, 2).Select(i => new PlaceView(i, placed.FirstOrDefault(p => p.SlotId == 11 && p.Position == i)))]),
        ],
        Unplaced: unplaced ?? [],
        SlotKinds: ["opening", "roundtable"],
        CanNominate: true,
        CanNominateSelf: canNominateSelf,
        AskedOfMe: [],
        Mine: null,
        MyProposals: [],
        Approved: null,
        Desk: desk);

    [Fact]
    public void On_the_projector_the_slate_alone_is_shown_by_slot_and_place_and_follows_changes_live()
    {
        _mediator.View = View([Nominee(1, "Aroha Tipene", 11, 2)], unplaced: [Nominee(2, "Unplaced Person")]);
        var cut = Render<NominationsBoard>(p => p.Add(c => c.ConsultationId, 1).Add(c => c.Projector, true));

        Assert.Equal(["Opening: 1 place", "Roundtable: 2 places, 2 minutes each"], cut.FindAll(".slate__slot h3").Select(h => h.TextContent));
        Assert.Equal(["Open place", "Open place", "Aroha Tipene"], cut.FindAll(".slate__place").Select(p => p.QuerySelector(".slate__name")?.TextContent ?? p.TextContent.Trim()));
        Assert.DoesNotContain("Unplaced Person", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("form"));
        Assert.Empty(cut.FindAll("button"));

        _mediator.View = View([Nominee(1, "Aroha Tipene", 11, 2), Nominee(3, "Chen Jianwei", 10, 1)]);
        _slates.Publish(1);
        cut.WaitForAssertion(() => Assert.Equal("Chen Jianwei", cut.Find("[data-slot='10'][data-position='1'] .slate__name").TextContent), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Nominating_oneself_sends_the_consent_and_proposing_someone_sends_their_name_and_organisation()
    {
        _mediator.View = View([]);
        var cut = Render<NominationsBoard>(p => p.Add(c => c.ConsultationId, 1));

        cut.Find("#nominee-slot").Change("roundtable");
        cut.Find("input[type=checkbox]").Change(true);
        cut.Find(".nominate form").Submit();
        Assert.Equal(new NominateSpeaker(1, Self: true, null, null, "roundtable", null, Consent: true), _mediator.Commands[^1]);
        Assert.Contains("You are nominated", cut.Find("[role=status]").TextContent, StringComparison.Ordinal);

        cut.FindAll("input[name=who]")[1].Change(true);
        cut.Find("#nominee-name").Change("Hamid Qaderi");
        cut.Find("#nominee-organisation").Change("Refugee Youth Voices Collective");
        cut.Find(".nominate form").Submit();
        Assert.Equal(new NominateSpeaker(1, Self: false, "Hamid Qaderi", "Refugee Youth Voices Collective", "roundtable", null, Consent: false), _mediator.Commands[^1]);
    }

    [Fact]
    public void Organisers_choose_a_free_place_and_taken_places_are_offered_disabled()
    {
        var placed = Nominee(1, "Aroha Tipene", 11, 1);
        var free = Nominee(2, "Chen Jianwei");
        var desk = new NominationsDeskView([], [],
            [new AcceptedView(1, placed.Profile, null, null, 11, 1), new AcceptedView(2, free.Profile, "Chairs well.", "roundtable", null, null)], []);
        _mediator.View = View([placed], unplaced: [free], desk: desk);
        var cut = Render<NominationsBoard>(p => p.Add(c => c.ConsultationId, 1));

        var select = cut.Find("#place-2");
        Assert.True(select.QuerySelector("option[value='11:1']")!.HasAttribute("disabled"));
        Assert.Contains("Aroha Tipene", select.QuerySelector("option[value='11:1']")!.TextContent, StringComparison.Ordinal);
        select.Change("11:2");

        Assert.Equal(new PlaceNominee(1, 2, 11, 2), _mediator.Commands[^1]);
        cut.Find("#place-1").Change(string.Empty);
        Assert.Equal(new PlaceNominee(1, 1, null, null), _mediator.Commands[^1]);
    }

    /// <summary>Answers the board's query with a set view and records the commands it sends.</summary>
    private sealed class ScriptedMediator : StubMediator
    {
        public NominationsView? View { get; set; }

        public List<object> Commands { get; } = [];

        public override ValueTask<TResponse> Send<TResponse>(ICommand<TResponse> command, CancellationToken cancellationToken = default)
        {
            Commands.Add(command);
            return ValueTask.FromResult(default(TResponse)!);
        }

        public override ValueTask<TResponse> Send<TResponse>(IQuery<TResponse> query, CancellationToken cancellationToken = default) =>
            query is GetNominations ? ValueTask.FromResult((TResponse)(object)View!) : base.Send(query, cancellationToken);
    }
}

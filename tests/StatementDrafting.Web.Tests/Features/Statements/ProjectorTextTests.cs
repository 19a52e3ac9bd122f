using Bunit;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Statements;
using StatementDrafting.Web.Infrastructure.Markdown;

namespace StatementDrafting.Web.Tests.Features.Statements;

/// <summary>The projector's text against its baseline, as revisions arrive: marked word by word, cheaply, and followed.</summary>
public sealed class ProjectorTextTests : BunitContext
{
    private const string SinceSession = "Changes since the start of Parallel Session 1 (revision 12, 09:10)";
    private static readonly BlockView[] Baseline =
    [
        new("a", BlockKind.NumberedParagraph, 0, 1, "Migrants have the right to decent work."),
        new("b", BlockKind.NumberedParagraph, 0, 2, "States should end the detention of children."),
        new("c", BlockKind.NumberedParagraph, 0, 3, "Remittances should cost less."),
    ];

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 2, 30, 0, TimeSpan.Zero));
    private readonly BaselineMediator _mediator = new();
    private readonly BunitJSModuleInterop _module;

    public ProjectorTextTests()
    {
        Services.AddSingleton<InlineMarkdown>();
        Services.AddSingleton<TimeProvider>(_clock);
        Services.AddSingleton<IMediator>(_mediator);
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        _module = JSInterop.SetupModule("./Features/Statements/ProjectorText.razor.js");
        _module.SetupVoid("follow", _ => true);
        _mediator.Baseline = new ProjectorBaselineView(BaselineKind.AgendaItem, 12, SinceSession, null, Baseline);
    }

    private IRenderedComponent<ProjectorText> Show(IReadOnlyList<BlockView> blocks) =>
        Render<ProjectorText>(p => p.Add(c => c.StatementId, 3).Add(c => c.Blocks, blocks).Add(c => c.PagePath, "statements/3/projector"));

    private static void Arrive(IRenderedComponent<ProjectorText> cut, IReadOnlyList<BlockView> blocks, string follow) =>
        cut.Render(p => p.Add(c => c.StatementId, 3).Add(c => c.Blocks, blocks).Add(c => c.PagePath, "statements/3/projector").Add(c => c.Follow, follow));

    private static List<int> RenderCounts(IRenderedComponent<ProjectorText> cut) =>
        [.. cut.FindComponents<StatementBlock>().Select(b => b.RenderCount)];

    [Fact]
    public void The_text_at_its_baseline_shows_no_marks_and_says_what_changes_are_shown_since()
    {
        var cut = Show(Baseline);

        Assert.Equal(SinceSession, cut.Find("[data-testid=projector-since]").TextContent);
        Assert.Empty(cut.FindAll("ins, del"));
        Assert.Equal(["¶1", "¶2", "¶3"], cut.FindAll(".block__number").Select(n => n.TextContent));
    }

    [Fact]
    public void Each_new_revision_updates_the_marks_renders_only_the_blocks_it_changed_and_follows_the_edited_paragraph()
    {
        var cut = Show(Baseline);
        var start = RenderCounts(cut);

        BlockView[] typed = [Baseline[0] with { Text = "Migrants have the right to decent and safe work." }, Baseline[1], Baseline[2]];
        Arrive(cut, typed, "a");

        Assert.Equal(["and safe"], cut.FindAll("#b-a ins").Select(i => i.TextContent.Trim()));
        Assert.Equal([start[0] + 1, start[1], start[2]], RenderCounts(cut));

        BlockView[] cut2 = [typed[0], typed[2] with { Number = 2 }];
        Arrive(cut, cut2, "c");

        var removed = cut.Find("#b-b");
        Assert.Contains("block--removed", removed.ClassName, StringComparison.Ordinal);
        Assert.Equal("States should end the detention of children.", removed.QuerySelector("del")!.TextContent);
        Assert.Null(removed.QuerySelector(".block__number"));
        Assert.Equal(["a", "b", "c"], cut.FindAll(".block").Select(b => b.Id![2..]));
        Assert.Equal(["and safe"], cut.FindAll("#b-a ins").Select(i => i.TextContent.Trim())); // still marked

        cut.WaitForAssertion(() => Assert.Equal(["b-a", "b-c"], _module.Invocations["follow"].Select(i => (string)i.Arguments[0]!)), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Going_back_to_the_baseline_text_takes_the_marks_off()
    {
        var cut = Show(Baseline);
        Arrive(cut, [Baseline[0], Baseline[1] with { Text = "States must end the detention of children." }, Baseline[2]], "b");
        Assert.Equal(["must"], cut.FindAll("ins").Select(i => i.TextContent));
        Assert.Equal(["should"], cut.FindAll("del").Select(i => i.TextContent));

        Arrive(cut, [.. Baseline], "b");

        Assert.Empty(cut.FindAll("ins, del"));
    }

    [Fact]
    public void When_the_next_session_begins_the_projector_compares_with_its_start_without_a_reload()
    {
        BlockView[] current = [Baseline[0] with { Text = "Migrants have the right to decent and safe work." }, Baseline[1], Baseline[2]];
        var cut = Show(current);
        Assert.Single(cut.FindAll("ins"));

        _mediator.Baseline = new ProjectorBaselineView(BaselineKind.AgendaItem, 20, "Changes since the start of Parallel Session 1 (revision 20, 13:10)", null, current);
        _clock.Advance(ProjectorText.RecheckEvery);

        cut.WaitForAssertion(() => Assert.Contains("revision 20", cut.Find("[data-testid=projector-since]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("ins, del"));
    }

    private sealed class BaselineMediator : StubMediator
    {
        public ProjectorBaselineView? Baseline { get; set; }

        public override ValueTask<TResponse> Send<TResponse>(IQuery<TResponse> query, CancellationToken cancellationToken = default) =>
            query is GetProjectorBaseline { StatementId: 3 } ? ValueTask.FromResult((TResponse)(object)Baseline!) : base.Send(query, cancellationToken);
    }
}

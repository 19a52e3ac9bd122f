using Bunit;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Web.Features.Amendments;

namespace StatementDrafting.Web.Tests.Features.Amendments;

/// <summary>How a word diff is drawn: ins and del (underline and strike-through, never colour alone), side by side, and replaced.</summary>
public class DiffViewTests : BunitContext
{
    private IRenderedComponent<DiffView> RenderDiff(string before, string after, bool sideBySide = false, WorkBudget? budget = null) =>
        Render<DiffView>(p => p.Add(c => c.Diff, WordDiff.Compare(before, after, budget)).Add(c => c.SideBySide, sideBySide));

    [Fact]
    public void Inline_marks_insertions_with_ins_and_deletions_with_del_between_the_unchanged_words()
    {
        var cut = RenderDiff("States shall ensure safe returns.", "States should ensure safe and dignified returns.");

        var paragraph = cut.Find("p.diff--inline");
        Assert.Equal(["shall"], cut.FindAll("del").Select(e => e.TextContent));
        Assert.Equal(["should", "and dignified "], cut.FindAll("ins").Select(e => e.TextContent));
        Assert.Equal("States shallshould ensure safe and dignified returns.", paragraph.TextContent);
    }

    [Fact]
    public void Markup_in_the_texts_is_shown_as_text_never_as_html()
    {
        var cut = RenderDiff("Plain words.", "Plain <script>alert(1)</script> words.");

        Assert.Empty(cut.FindAll("script"));
        Assert.Contains("&lt;script&gt;", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Side_by_side_shows_the_old_text_with_its_deletions_and_the_new_with_its_insertions()
    {
        var cut = RenderDiff("Access to justice for migrants.", "Access to legal aid for migrants.", sideBySide: true);

        var columns = cut.FindAll(".diff__column");
        Assert.Equal(2, columns.Count);
        Assert.Equal("Current text", columns[0].QuerySelector(".diff__heading")!.TextContent);
        Assert.Equal(["justice"], columns[0].QuerySelectorAll("del").Select(e => e.TextContent));
        Assert.Empty(columns[0].QuerySelectorAll("ins"));
        Assert.Equal(["legal aid"], columns[1].QuerySelectorAll("ins").Select(e => e.TextContent));
        Assert.Contains("Access to legal aid for migrants.", columns[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mostly_rewritten_text_is_shown_as_replaced_and_says_so()
    {
        var cut = RenderDiff("Member States commit to regular pathways.", "Data cooperation is essential everywhere.");

        Assert.NotNull(cut.Find(".diff--replaced"));
        Assert.Equal("Replaced:", cut.Find(".diff__note").TextContent);
        Assert.Equal("Member States commit to regular pathways.", cut.Find("del").TextContent);
        Assert.Equal("Data cooperation is essential everywhere.", cut.Find("ins").TextContent);
        Assert.Equal(["Old text: ", "New text: "], cut.FindAll(".visually-hidden").Select(e => e.TextContent));
    }

    [Fact]
    public void Over_the_work_budget_the_text_is_replaced_with_a_plain_explanation()
    {
        var before = string.Join(' ', Enumerable.Range(0, 400).Select(i => $"w{i}"));
        var after = string.Join(' ', Enumerable.Range(0, 400).Select(i => $"v{i}"));

        var cut = RenderDiff(before, after, budget: new WorkBudget(1_000));

        Assert.Contains("Too different to compare word by word", cut.Find(".diff__note").TextContent, StringComparison.Ordinal);
    }
}

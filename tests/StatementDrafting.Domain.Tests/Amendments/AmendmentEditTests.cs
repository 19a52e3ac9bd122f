using StatementDrafting.Domain.Amendments;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Domain.Tests.Editing;

namespace StatementDrafting.Domain.Tests.Amendments;

/// <summary>Accepting an amendment turns it into one edit of the live draft.</summary>
public sealed class AmendmentEditTests
{
    private const string Paragraph = "States will ensure access to justice for all migrants.";
    private const string Proposed = "States will ensure effective access to justice for all migrants.";
    private static readonly DateTimeOffset At = new(2026, 11, 22, 9, 0, 0, TimeSpan.FromHours(7));

    private static Amendment Propose(AmendmentKind kind, string? proposed) =>
        Amendment.Propose(1, 3, kind, Blocks.Id("a").Value, 10, Paragraph, proposed, null, "user-1", At);

    private static DraftBlock Now(string text) => Blocks.Para("a", text);

    [Fact]
    public void A_replacement_edits_the_paragraph_into_the_proposal_merged_onto_its_current_text()
    {
        var paragraph = Now("States shall ensure access to justice for all migrants.");

        var (op, text) = Propose(AmendmentKind.Replace, Proposed).EditToApply(paragraph);

        const string Expected = "States shall ensure effective access to justice for all migrants.";
        Assert.Equal(Expected, text);
        var edit = Assert.IsType<TextEdit>(op);
        Assert.Equal(paragraph.Id, edit.Block);
        Assert.Equal(Expected, edit.Operation.Apply(paragraph.Text));
    }

    [Fact]
    public void An_insertion_adds_a_numbered_paragraph_after_its_paragraph()
    {
        var (op, text) = Propose(AmendmentKind.InsertAfter, "States will review these measures.").EditToApply(Now(Paragraph));

        var insert = Assert.IsType<InsertBlock>(op);
        Assert.Equal(Blocks.Id("a"), insert.After);
        Assert.NotEqual(Blocks.Id("a"), insert.Block);
        Assert.Equal((BlockKind.NumberedParagraph, 0, "States will review these measures."), (insert.Kind, insert.Level, insert.Text));
        Assert.Equal("States will review these measures.", text);
    }

    [Fact]
    public void A_deletion_deletes_its_paragraph_and_cannot_be_modified()
    {
        var deletion = Propose(AmendmentKind.Delete, null);

        var (op, text) = deletion.EditToApply(Now(Paragraph));

        Assert.Equal(new DeleteBlock(Blocks.Id("a")), op);
        Assert.Empty(text);
        Assert.Contains("as it is", Assert.Throws<DomainException>(() => deletion.EditToApply(Now(Paragraph), "Something else.")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_co_hosts_modified_wording_replaces_the_proposal_and_keeps_what_changed_meanwhile()
    {
        var amendment = Propose(AmendmentKind.Replace, Proposed);

        var (_, text) = amendment.EditToApply(Now(Paragraph), "States will ensure prompt access to justice for all migrants.\r\n");
        var (_, followed) = amendment.EditToApply(
            Now("States shall ensure access to justice for all migrants."), "States will ensure prompt access to justice for all migrants.", writtenAgainst: Paragraph);

        Assert.Equal("States will ensure prompt access to justice for all migrants.\n", text);
        Assert.Equal("States shall ensure prompt access to justice for all migrants.", followed);
    }

    [Fact]
    public void A_replacement_that_clashes_with_the_current_text_needs_an_update_unless_accepted_with_modifications()
    {
        var amendment = Propose(AmendmentKind.Replace, Proposed);
        var clashing = Now("States will ensure swift access to justice for all migrants.");

        Assert.Contains("needs an update", Assert.Throws<DomainException>(() => amendment.EditToApply(clashing)).Message, StringComparison.Ordinal);
        amendment.FollowText(clashing.Text, 11, At);
        Assert.Equal(AmendmentStatus.NeedsUpdate, amendment.Status);
        Assert.IsType<TextEdit>(amendment.EditToApply(clashing, "States will ensure swift and effective access to justice for all migrants.").Op);
    }

    [Fact]
    public void Nothing_is_applied_when_the_paragraph_already_says_it_or_the_amendment_is_decided()
    {
        var amendment = Propose(AmendmentKind.Replace, Proposed);

        Assert.Contains("already says", Assert.Throws<DomainException>(() => amendment.EditToApply(Now(Paragraph), Paragraph)).Message, StringComparison.Ordinal);
        amendment.Reject("Not now.", 11, At);
        Assert.Contains("can no longer be accepted", Assert.Throws<DomainException>(() => amendment.EditToApply(Now(Paragraph))).Message, StringComparison.Ordinal);
    }
}

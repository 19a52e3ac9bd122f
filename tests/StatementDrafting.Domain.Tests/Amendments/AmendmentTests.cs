using StatementDrafting.Domain.Amendments;

namespace StatementDrafting.Domain.Tests.Amendments;

public sealed class AmendmentTests
{
    private const string Paragraph = "States will ensure access to justice for all migrants.";
    private static readonly DateTimeOffset At = new(2026, 11, 22, 9, 0, 0, TimeSpan.FromHours(7));

    private static Amendment Replace(string proposed, int revision = 10) =>
        Amendment.Propose(1, 3, AmendmentKind.Replace, "blockaaaaaaa", revision, Paragraph, proposed, "Clearer.", "user-1", At);

    [Fact]
    public void A_proposal_records_its_base_and_is_open()
    {
        var amendment = Replace("States will ensure effective access to justice for all migrants.");

        Assert.Equal(AmendmentStatus.Open, amendment.Status);
        Assert.Equal(Paragraph, amendment.BaseText);
        Assert.Equal(10, amendment.BaseRevision);
        Assert.Equal("A3", amendment.Label);
        Assert.Equal("Proposed", Assert.Single(amendment.History).What);
    }

    [Theory]
    [InlineData(Paragraph, "same as the paragraph")]
    [InlineData("   ", "propose its deletion")]
    public void A_replacement_that_changes_nothing_is_refused(string proposed, string message)
    {
        var error = Assert.Throws<DomainException>(() => Replace(proposed));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_over_20000_code_units_is_refused()
    {
        var error = Assert.Throws<DomainException>(() => Replace(new string('a', Amendment.MaxTextLength + 1)));
        Assert.Contains("20,000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void It_follows_a_change_elsewhere_in_the_paragraph()
    {
        var amendment = Replace("States will ensure effective access to justice for all migrants.");

        var changed = amendment.FollowText("States shall ensure access to justice for all migrants.", 12, At);

        Assert.True(changed);
        Assert.Equal(AmendmentStatus.Open, amendment.Status);
        Assert.Equal("States shall ensure access to justice for all migrants.", amendment.BaseText);
        Assert.Equal("States shall ensure effective access to justice for all migrants.", amendment.ProposedText);
        Assert.Equal(12, amendment.BaseRevision);
    }

    [Fact]
    public void A_conflicting_change_marks_it_as_needing_an_update_until_someone_updates_it()
    {
        var amendment = Replace("States will ensure access to justice for all children.");

        amendment.FollowText("States will ensure access to justice for all workers.", 12, At);
        Assert.Equal(AmendmentStatus.NeedsUpdate, amendment.Status);
        Assert.Throws<DomainException>(() => amendment.Accept(13, At));

        amendment.Revise(AmendmentActor.CoHost, "States will ensure access to justice for all workers.", "States will ensure access to justice for all workers and children.", null, 13, At);
        Assert.Equal(AmendmentStatus.Open, amendment.Status);
        Assert.Equal("States will ensure access to justice for all workers.", amendment.BaseText);
        Assert.Equal(["Proposed", "The paragraph changed where this amendment changes it", "Updated to the current text"], amendment.History.Select(h => h.What));
    }

    [Fact]
    public void Only_the_proposer_changes_an_open_amendment()
    {
        var amendment = Replace("States will ensure access to justice for every migrant.");

        Assert.Throws<DomainException>(() => amendment.Revise(AmendmentActor.CoHost, Paragraph, "Other words for all migrants.", null, 11, At));
        amendment.Revise(AmendmentActor.Proposer, Paragraph, "States will guarantee access to justice for every migrant.", "Stronger.", 11, At);
        Assert.Equal("Stronger.", amendment.Rationale);
    }

    [Fact]
    public void When_the_text_already_says_it_the_amendment_is_obsolete()
    {
        var proposed = "States will ensure effective access to justice for all migrants.";
        var amendment = Replace(proposed);

        amendment.FollowText(proposed, 14, At);

        Assert.Equal(AmendmentStatus.Obsolete, amendment.Status);
    }

    [Fact]
    public void A_deleted_paragraph_makes_it_obsolete_and_a_decided_one_stays_decided()
    {
        var open = Replace("States will ensure effective access to justice for all migrants.");
        var rejected = Replace("States will ensure prompt access to justice for all migrants.");
        rejected.Reject("Agreed wording stays.", 11, At);

        Assert.True(open.ParagraphDeleted(12, At));
        Assert.False(rejected.ParagraphDeleted(12, At));
        Assert.Equal(AmendmentStatus.Obsolete, open.Status);
        Assert.Equal(AmendmentStatus.Rejected, rejected.Status);
    }

    [Fact]
    public void Decisions_are_final_and_a_rejection_needs_a_reason()
    {
        var amendment = Replace("States will ensure effective access to justice for all migrants.");
        Assert.Throws<DomainException>(() => amendment.Reject(" ", 11, At));

        amendment.Accept(11, At);

        Assert.Equal(AmendmentStatus.Accepted, amendment.Status);
        Assert.Equal(11, amendment.AppliedRevision);
        var error = Assert.Throws<DomainException>(() => amendment.Reject("Too late.", 12, At));
        Assert.Contains("accepted", error.Message, StringComparison.Ordinal);
        Assert.Throws<DomainException>(() => amendment.Withdraw(At, 12));
        Assert.Throws<DomainException>(() => amendment.CountSupport(true));
    }

    [Fact]
    public void Merging_needs_a_live_amendment_of_the_same_statement()
    {
        var a = Replace("States will ensure effective access to justice for all migrants.");
        var withdrawn = Amendment.Propose(1, 4, AmendmentKind.Delete, "blockaaaaaaa", 10, Paragraph, null, null, "user-2", At);
        withdrawn.Withdraw(At, 10);
        var other = Amendment.Propose(1, 5, AmendmentKind.Replace, "blockaaaaaaa", 10, Paragraph, "States will ensure effective and prompt access to justice for all migrants.", null, "user-2", At);

        Assert.Throws<DomainException>(() => a.MergeInto(withdrawn, 11, At));
        a.MergeInto(other, 11, At);

        Assert.Equal(AmendmentStatus.Merged, a.Status);
        Assert.Equal(5, a.MergedIntoNumber);
    }

    [Fact]
    public void The_text_to_apply_is_the_proposal_merged_onto_the_current_paragraph()
    {
        var amendment = Replace("States will ensure effective access to justice for all migrants.");

        Assert.Equal("States shall ensure effective access to justice for all migrants.", amendment.TextToApply("States shall ensure access to justice for all migrants."));
        Assert.Null(amendment.TextToApply("States will ensure prompt access to justice for all migrants."));
    }

    [Fact]
    public void Wording_written_from_an_older_text_keeps_what_others_changed_meanwhile_and_refuses_a_clash()
    {
        const string Written = "States will ensure effective access to justice for all migrants.";
        const string Meanwhile = "States shall ensure access to justice for all migrants.";

        Assert.Equal(Written, Amendment.FollowWhileWritten(null, Written, Meanwhile));
        Assert.Equal(Written, Amendment.FollowWhileWritten(Paragraph, Written.Replace(".", ".\r\n", StringComparison.Ordinal), Paragraph)?.TrimEnd('\n'));
        Assert.Equal("States shall ensure effective access to justice for all migrants.", Amendment.FollowWhileWritten(Paragraph, Written, Meanwhile));
        Assert.Throws<ChangedWhileWrittenException>(() => Amendment.FollowWhileWritten(Paragraph, Written, "States will ensure swift access to justice for all migrants."));
    }
}

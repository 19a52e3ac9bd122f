using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Web.Features.Amendments;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;
using StatementDrafting.Web.Tests.Features.Drafting;

namespace StatementDrafting.Web.Tests.Features.Amendments;

/// <summary>
/// The amendment workflow through the mediator, as the people who do it: propose, change, withdraw, support, accept
/// (through the editing engine, labelled), accept with modifications, reject, merge, following the live text, and two
/// co-hosts accepting the same amendment at once.
/// </summary>
public sealed class AmendmentWorkflowTests(DemoApp world) : IClassFixture<DemoApp>
{
    private const string CoHost = "cohost1@example.org";
    private const string OtherCoHost = People.Organiser;
    private const string Participant = "participant1@example.org";
    private const string OtherParticipant = "participant2@example.org";
    private const string Observer = "observer@example.org";

    private AppFactory App => world.App;

    private DraftingEngine Engine => App.Services.GetRequiredService<DraftingEngine>();

    [Fact]
    public async Task A_proposal_is_listed_by_pseudonym_changed_by_its_proposer_supported_by_others_and_accepted_into_the_text()
    {
        var (statementId, paragraph) = await ParagraphAsync(cluster: 1, index: 1);
        var proposed = paragraph.Text.Replace(" and ", " and, where possible, ", StringComparison.Ordinal);
        Assert.NotEqual(paragraph.Text, proposed);

        var created = await Send(Participant, new ProposeAmendment(statementId, AmendmentKind.Replace, paragraph.Id.Value, proposed, "More realistic."));
        var revised = proposed.Replace("where possible", "wherever possible", StringComparison.Ordinal);
        await Send(Participant, new ReviseAmendment(statementId, created.Number, revised, null));
        await Send(OtherParticipant, new SupportAmendment(statementId, created.Number, true));
        await Send(OtherParticipant, new SupportAmendment(statementId, created.Number, true));

        var asSupporter = Single(await List(OtherParticipant, statementId), created.Number);
        var asProposer = Single(await List(Participant, statementId), created.Number);
        Assert.Equal(1, asSupporter.SupportCount);
        Assert.True(asSupporter.SupportedByMe);
        Assert.False(asProposer.SupportedByMe);
        Assert.True(asProposer.IsMine);
        Assert.False(asSupporter.IsMine);
        Assert.DoesNotContain("participant1", asSupporter.Proposer, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(asSupporter.Diff.Segments, s => s.Kind == DiffKind.Inserted && s.Text.Contains("wherever possible", StringComparison.Ordinal));

        var accepted = await Send(CoHost, new DecideAmendment(statementId, created.Number, AmendmentDecision.Accept));

        Assert.Equal(AmendmentStatus.Accepted, accepted.Status);
        var stored = await StoredStatement.LoadAsync(App, statementId);
        Assert.Equal(revised, stored.TextOf(paragraph.Id.Value));
        var change = await App.QueryAsync(db => db.StatementChanges.AsNoTracking().SingleAsync(c => c.StatementId == statementId && c.Revision == accepted.AppliedRevision));
        Assert.Equal($"A{created.Number}", change.Label);
        var after = Single(await List(Participant, statementId, AmendmentShow.All), created.Number);
        Assert.Equal(AmendmentStatus.Accepted, after.Status);
        Assert.Equal(["Proposed", "Changed by the proposer", "Accepted"], after.History.Select(h => h.What));
        Assert.Equal(["Proposer", "Proposer", "Co-host"], after.History.Select(h => h.Who));
    }

    [Fact]
    public async Task Co_hosts_accept_with_modifications_reject_with_a_reason_and_merge_and_decisions_are_final()
    {
        var (statementId, paragraph) = await ParagraphAsync(cluster: 1, index: 2);
        var first = await Send(Participant, new ProposeAmendment(statementId, AmendmentKind.InsertAfter, paragraph.Id.Value, "A new paragraph on data.", null));
        var second = await Send(OtherParticipant, new ProposeAmendment(statementId, AmendmentKind.InsertAfter, paragraph.Id.Value, "Another paragraph on data.", null));
        var third = await Send(OtherParticipant, new ProposeAmendment(statementId, AmendmentKind.Delete, paragraph.Id.Value, null, "Repeats ¶1."));

        await Assert.ThrowsAsync<ValidationFailedException>(() => Send(CoHost, new DecideAmendment(statementId, third.Number, AmendmentDecision.Reject)));
        var rejected = await Send(CoHost, new DecideAmendment(statementId, third.Number, AmendmentDecision.Reject, Reason: "The paragraph is needed."));
        var merged = await Send(CoHost, new DecideAmendment(statementId, second.Number, AmendmentDecision.Merge, MergeInto: first.Number));
        var modified = await Send(CoHost, new DecideAmendment(statementId, first.Number, AmendmentDecision.AcceptWithModifications, Text: "A new paragraph on data and statistics."));

        Assert.Equal(AmendmentStatus.Rejected, rejected.Status);
        Assert.Equal(AmendmentStatus.Merged, merged.Status);
        Assert.Equal(AmendmentStatus.AcceptedWithModifications, modified.Status);
        var stored = await StoredStatement.LoadAsync(App, statementId);
        var index = stored.Blocks.ToList().FindIndex(b => b.Id == paragraph.Id.Value);
        Assert.Equal("A new paragraph on data and statistics.", stored.Blocks[index + 1].Text);
        var all = await List(Participant, statementId, AmendmentShow.All);
        Assert.Equal("The paragraph is needed.", Single(all, third.Number).DecisionNote);
        Assert.Equal(first.Number, Single(all, second.Number).MergedIntoNumber);
        var rejectedOnly = await App.SendAsAsync(Participant, m => m.Send(new ListAmendments(statementId, AmendmentShow.All, Status: AmendmentStatus.Rejected)));
        Assert.Contains(rejectedOnly.Items, a => a.Number == third.Number);
        Assert.All(rejectedOnly.Items, a => Assert.Equal(AmendmentStatus.Rejected, a.Status));
        var mostSupportedFirst = await App.SendAsAsync(Participant, m => m.Send(new ListAmendments(statementId, AmendmentShow.All, Order: AmendmentOrder.MostSupported)));
        Assert.Equal(mostSupportedFirst.Items.Select(a => a.SupportCount).OrderByDescending(c => c), mostSupportedFirst.Items.Select(a => a.SupportCount));

        var error = await Assert.ThrowsAsync<DomainException>(() => Send(CoHost, new DecideAmendment(statementId, third.Number, AmendmentDecision.Accept)));
        Assert.Contains("rejected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_proposer_changes_or_withdraws_and_observers_cannot_propose_or_support()
    {
        var (statementId, paragraph) = await ParagraphAsync(cluster: 1, index: 3);
        var created = await Send(Participant, new ProposeAmendment(statementId, AmendmentKind.Replace, paragraph.Id.Value, paragraph.Text + " Now.", null));

        await Assert.ThrowsAsync<AccessDeniedException>(() => Send(OtherParticipant, new WithdrawAmendment(statementId, created.Number)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Send(CoHost, new ReviseAmendment(statementId, created.Number, paragraph.Text + " Later.", null)));
        var observerRefused = await Assert.ThrowsAsync<AccessDeniedException>(() => Send(Observer, new ProposeAmendment(statementId, AmendmentKind.Delete, paragraph.Id.Value, null, null)));
        Assert.Contains("observers follow them", observerRefused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Send(Observer, new SupportAmendment(statementId, created.Number, true)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Send(Participant, new DecideAmendment(statementId, created.Number, AmendmentDecision.Accept)));
        await Assert.ThrowsAsync<DomainException>(() => Send(Participant, new SupportAmendment(statementId, created.Number, true)));

        var withdrawn = await Send(Participant, new WithdrawAmendment(statementId, created.Number));
        Assert.Equal(AmendmentStatus.Withdrawn, withdrawn.Status);
        await Assert.ThrowsAsync<DomainException>(() => Send(OtherParticipant, new SupportAmendment(statementId, created.Number, true)));
    }

    [Fact]
    public async Task Bad_proposals_are_refused_with_a_clear_message_and_nothing_is_stored()
    {
        var (statementId, paragraph) = await ParagraphAsync(cluster: 1, index: 4);
        var before = await App.QueryAsync(db => db.Amendments.CountAsync());

        var same = await Assert.ThrowsAsync<DomainException>(() => Send(Participant, new ProposeAmendment(statementId, AmendmentKind.Replace, paragraph.Id.Value, paragraph.Text, null)));
        Assert.Contains("same as the paragraph", same.Message, StringComparison.Ordinal);
        var unknown = await Assert.ThrowsAsync<DomainException>(() => Send(Participant, new ProposeAmendment(statementId, AmendmentKind.Delete, Domain.Statements.BlockId.New().Value, null, null)));
        Assert.Contains("not in the statement", unknown.Message, StringComparison.Ordinal);
        var tooLong = await Assert.ThrowsAsync<ValidationFailedException>(() => Send(Participant, new ProposeAmendment(statementId, AmendmentKind.Replace, paragraph.Id.Value, new string('x', 20_001), null)));
        Assert.Contains("20,000", tooLong.Message, StringComparison.Ordinal);

        Assert.Equal(before, await App.QueryAsync(db => db.Amendments.CountAsync()));
    }

    [Fact]
    public async Task A_locked_statement_takes_no_new_amendments()
    {
        var (statementId, paragraph) = await ParagraphAsync(cluster: 4, index: 1);
        await Engine.SetLockedAsync(statementId, true);
        try
        {
            var error = await Assert.ThrowsAsync<DomainException>(() => Send(Participant, new ProposeAmendment(statementId, AmendmentKind.Delete, paragraph.Id.Value, null, null)));
            Assert.Contains("locked", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await Engine.SetLockedAsync(statementId, false);
        }
    }

    [Fact]
    public async Task Two_co_hosts_accepting_the_same_amendment_at_once_apply_it_exactly_once()
    {
        var (statementId, paragraph) = await ParagraphAsync(cluster: 1, index: 5);
        var marker = " [accepted once]";
        var created = await Send(Participant, new ProposeAmendment(statementId, AmendmentKind.Replace, paragraph.Id.Value, paragraph.Text + marker, null));

        var gate = App.Services.GetRequiredService<DatabaseWriteGate>();
        Task<AmendmentRef> first, second;
        using (await gate.HoldAsync(CancellationToken.None))
        {
            first = Send(CoHost, new DecideAmendment(statementId, created.Number, AmendmentDecision.Accept));
            second = Send(OtherCoHost, new DecideAmendment(statementId, created.Number, AmendmentDecision.Accept));
            await Eventually.Until(() => Engine.PendingWrites == 2 || first.IsCompleted || second.IsCompleted, "both acceptances to be queued");
        }

        var outcomes = await Task.WhenAll(Outcome(first), Outcome(second));
        Assert.Single(outcomes, o => o is AmendmentRef { Status: AmendmentStatus.Accepted });
        Assert.Single(outcomes, o => o is DomainException);
        var text = (await StoredStatement.LoadAsync(App, statementId)).TextOf(paragraph.Id.Value);
        Assert.Equal(1, (text.Length - text.Replace(marker, string.Empty, StringComparison.Ordinal).Length) / marker.Length);
        Assert.Equal(1, await App.QueryAsync(db => db.StatementChanges.CountAsync(c => c.StatementId == statementId && c.Label == $"A{created.Number}")));
    }

    [Fact]
    public async Task Amendments_follow_the_live_text_need_an_update_on_conflict_and_become_obsolete_when_their_paragraph_goes()
    {
        var (statementId, paragraph) = await ParagraphAsync(cluster: 2, index: 1);
        var text = paragraph.Text;
        var lastSpace = text.LastIndexOf(' ');
        var following = await Send(Participant, new ProposeAmendment(statementId, AmendmentKind.Replace, paragraph.Id.Value, text.Insert(lastSpace, " firmly"), null));
        var conflicting = await Send(OtherParticipant, new ProposeAmendment(statementId, AmendmentKind.Replace, paragraph.Id.Value, "Entirely new wording " + text, null));
        var (otherStatement, doomed) = await ParagraphAsync(cluster: 2, index: 2);
        var gone = await Send(Participant, new ProposeAmendment(statementId, AmendmentKind.Delete, doomed.Id.Value, null, null));

        // A co-host types at the start of the paragraph (where the second amendment also changes it) and deletes another paragraph.
        var revision = (await Engine.SnapshotAsync(statementId))!.Revision;
        await Engine.SubmitAsync(statementId, "cohost-test", "follow-typing-1", revision, new TextEdit(paragraph.Id, TextOperation.InsertAt(text.Length, 0, "Today, ")));
        await Engine.SubmitAsync(statementId, "cohost-test", "follow-delete-1", revision + 1, new DeleteBlock(doomed.Id));

        await Eventually.Until(async () => (await List(Participant, statementId, AmendmentShow.All)).Items.Single(a => a.Number == gone.Number).Status == AmendmentStatus.Obsolete, "the deletion's amendment to become obsolete");
        var all = await List(Participant, statementId, AmendmentShow.All);
        var followed = Single(all, following.Number);
        Assert.Equal(AmendmentStatus.Open, followed.Status);
        Assert.Equal("Today, " + text.Insert(lastSpace, " firmly"), followed.ProposedText);
        Assert.Equal("Today, " + text, followed.BaseText);
        var needsUpdate = Single(all, conflicting.Number);
        Assert.Equal(AmendmentStatus.NeedsUpdate, needsUpdate.Status);
        Assert.NotNull(needsUpdate.ChangedSince);
        Assert.Contains(needsUpdate.ChangedSince!.Segments, s => s.Kind == DiffKind.Inserted && s.Text.Contains("Today", StringComparison.Ordinal));

        // The proposer brings it onto the current text; it is open again.
        await Send(OtherParticipant, new ReviseAmendment(statementId, conflicting.Number, "Entirely new wording. Today, " + text, null));
        Assert.Equal(AmendmentStatus.Open, Single(await List(Participant, statementId), conflicting.Number).Status);
        Assert.Equal(statementId, otherStatement);
    }

    [Fact]
    public async Task Wording_written_while_the_paragraph_changed_keeps_the_other_change_and_a_clash_is_refused_until_sent_again()
    {
        var (statementId, paragraph) = await ParagraphAsync(cluster: 3, index: 1);
        var text = paragraph.Text;
        var firstAnd = text.IndexOf(" and ", StringComparison.Ordinal);
        var written = text.Remove(firstAnd, 5).Insert(firstAnd, " as well as ");

        // While the participant writes, a co-host adds a sentence at the end of the paragraph.
        var revision = (await Engine.SnapshotAsync(statementId))!.Revision;
        await Engine.SubmitAsync(statementId, "cohost-test", "written-while-" + Guid.NewGuid().ToString("N")[..8], revision, new TextEdit(paragraph.Id, TextOperation.InsertAt(text.Length, text.Length, " Reviewed yearly.")));
        var created = await Send(Participant, new ProposeAmendment(statementId, AmendmentKind.Replace, paragraph.Id.Value, written, null, WrittenAgainst: text));

        var listed = Single(await List(Participant, statementId), created.Number);
        Assert.Equal(written + " Reviewed yearly.", listed.ProposedText);
        Assert.Equal(text + " Reviewed yearly.", listed.BaseText);

        // Another participant rewrote that same sentence's last word from the old text: a clash, refused, nothing stored.
        var count = await App.QueryAsync(db => db.Amendments.CountAsync(a => a.StatementId == statementId));
        var clash = new ProposeAmendment(statementId, AmendmentKind.Replace, paragraph.Id.Value, text + " Reviewed monthly.", null, WrittenAgainst: text + " Reviewed weekly.");
        await Assert.ThrowsAsync<ChangedWhileWrittenException>(() => Send(OtherParticipant, clash));
        Assert.Equal(count, await App.QueryAsync(db => db.Amendments.CountAsync(a => a.StatementId == statementId)));

        // Sent again without the old text (the writer has now seen the paragraph), it stands as written.
        var again = await Send(OtherParticipant, clash with { WrittenAgainst = null });
        Assert.Equal(text + " Reviewed monthly.", Single(await List(Participant, statementId), again.Number).ProposedText);
    }

    [Fact]
    public async Task An_amendment_that_needs_an_update_suggests_its_own_wording_on_the_current_text_and_a_co_host_can_resolve_it()
    {
        var (statementId, paragraph) = await ParagraphAsync(cluster: 3, index: 2);
        var text = paragraph.Text;
        var firstAnd = text.IndexOf(" and ", StringComparison.Ordinal);
        var created = await Send(Participant, new ProposeAmendment(statementId, AmendmentKind.Replace, paragraph.Id.Value, text.Remove(firstAnd, 5).Insert(firstAnd, " together with "), null));

        // A co-host changes the same word differently, and adds a sentence elsewhere.
        var revision = (await Engine.SnapshotAsync(statementId))!.Revision;
        var current = text.Remove(firstAnd, 5).Insert(firstAnd, " or ") + " Checked.";
        await Engine.SubmitAsync(statementId, "cohost-test", "needs-update-" + Guid.NewGuid().ToString("N")[..8], revision, new TextEdit(paragraph.Id, TextDiff.Between(text, current)));
        await Eventually.Until(async () => Single(await List(Participant, statementId), created.Number).Status == AmendmentStatus.NeedsUpdate, "the amendment to need an update");

        var view = Single(await List(OtherCoHost, statementId), created.Number);
        Assert.Equal(current, view.CurrentText);
        Assert.Equal(text.Remove(firstAnd, 5).Insert(firstAnd, " together with ") + " Checked.", view.UpdateSuggestion);

        // The co-host (not the proposer) brings it onto the current text; it is open again and accepted as it now reads.
        var resolved = await Send(OtherCoHost, new ReviseAmendment(statementId, created.Number, view.UpdateSuggestion, null, WrittenAgainst: view.CurrentText));
        Assert.Equal(AmendmentStatus.Open, resolved.Status);
        var accepted = await Send(OtherCoHost, new DecideAmendment(statementId, created.Number, AmendmentDecision.Accept));
        Assert.Equal(AmendmentStatus.Accepted, accepted.Status);
        Assert.Equal(view.UpdateSuggestion, (await StoredStatement.LoadAsync(App, statementId)).TextOf(paragraph.Id.Value));
    }

    [Fact]
    public async Task The_list_filters_by_paragraph_and_by_mine_and_sorts_by_paragraph_and_by_support()
    {
        var (statementId, early) = await ParagraphAsync(cluster: 2, index: 3);
        var (_, late) = await ParagraphAsync(cluster: 2, index: 4);
        var onLate = await Send(Participant, new ProposeAmendment(statementId, AmendmentKind.Replace, late.Id.Value, late.Text + " (late)", null));
        var onEarly = await Send(OtherParticipant, new ProposeAmendment(statementId, AmendmentKind.Replace, early.Id.Value, early.Text + " (early)", null));
        await Send(OtherParticipant, new SupportAmendment(statementId, onLate.Number, true));
        await Send(CoHost, new SupportAmendment(statementId, onLate.Number, true));

        var mine = await App.SendAsAsync(OtherParticipant, m => m.Send(new ListAmendments(statementId, AmendmentShow.All, MineOnly: true)));
        Assert.Contains(mine.Items, a => a.Number == onEarly.Number);
        Assert.All(mine.Items, a => Assert.True(a.IsMine));
        Assert.DoesNotContain(mine.Items, a => a.Number == onLate.Number);

        var ofLate = await App.SendAsAsync(Participant, m => m.Send(new ListAmendments(statementId, AmendmentShow.All, late.Id.Value)));
        Assert.Contains(ofLate.Items, a => a.Number == onLate.Number);
        Assert.All(ofLate.Items, a => Assert.Equal(late.Id.Value, a.BlockId));

        var byParagraph = (await App.SendAsAsync(Participant, m => m.Send(new ListAmendments(statementId, AmendmentShow.All, Order: AmendmentOrder.Paragraph)))).Items.Select(a => a.Number).ToList();
        Assert.True(byParagraph.IndexOf(onEarly.Number) < byParagraph.IndexOf(onLate.Number), "the earlier paragraph's amendment comes first");
        var bySupport = (await App.SendAsAsync(Participant, m => m.Send(new ListAmendments(statementId, AmendmentShow.Pending, Order: AmendmentOrder.MostSupported)))).Items;
        Assert.Equal(bySupport.Max(a => a.SupportCount), bySupport[0].SupportCount);
        Assert.True(bySupport.Select(a => a.SupportCount).SequenceEqual(bySupport.Select(a => a.SupportCount).OrderDescending()));
    }

    [Fact]
    public async Task A_proposal_stored_just_after_its_paragraph_changed_is_brought_onto_the_new_text_at_once()
    {
        // The race: a proposal reads revision R, the paragraph changes (R+1) before the proposal is stored, so the
        // follower did not yet watch the paragraph when R+1 was announced.
        var statementId = (await StoredStatement.OfClusterAsync(App, 3)).Id;
        var watched = await App.QueryAsync(db => db.Amendments.Where(a => a.StatementId == statementId).Select(a => a.BlockId).ToListAsync());
        var paragraph = (await Engine.SnapshotAsync(statementId))!.Blocks
            .Last(b => b.Kind == Domain.Statements.BlockKind.NumberedParagraph && !watched.Contains(b.Id.Value));
        var text = paragraph.Text;
        var revision = (await Engine.SnapshotAsync(statementId))!.Revision;
        var feed = App.Services.GetRequiredService<IStatementBus>();
        var follower = App.Services.GetRequiredService<AmendmentFollower>();
        await Engine.SubmitAsync(statementId, "cohost-test", "race-typing-" + Guid.NewGuid().ToString("N")[..8], revision, new TextEdit(paragraph.Id, TextOperation.InsertAt(text.Length, text.Length, " Meanwhile.")));
        await Eventually.Until(() => follower.HeardRevision(statementId) >= revision + 1, "the follower to hear the change before the proposal is stored");

        var participantId = await App.QueryAsync(db => db.Users.Where(u => u.Email == Participant).Select(u => u.Id).SingleAsync());
        var number = await App.QueryAsync(async db =>
        {
            var next = (await db.Amendments.Where(a => a.StatementId == statementId).MaxAsync(a => (int?)a.Number) ?? 0) + 1;
            db.Amendments.Add(Amendment.Propose(statementId, next, AmendmentKind.Replace, paragraph.Id.Value, revision, text, "Firmly, " + text, null, participantId, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
            return next;
        });
        feed.Publish(new AmendmentsChanged(statementId, [number]));

        await Eventually.Until(async () => Single(await List(Participant, statementId), number).BaseText == text + " Meanwhile.", "the proposal to follow the change it missed");
        Assert.Equal("Firmly, " + text + " Meanwhile.", Single(await List(Participant, statementId), number).ProposedText);
    }

    private static async Task<object> Outcome(Task<AmendmentRef> task)
    {
        try
        {
            return await task;
        }
        catch (DomainException e)
        {
            return e;
        }
    }

    private async Task<(int StatementId, DraftBlock Paragraph)> ParagraphAsync(int cluster, int index)
    {
        var statement = await StoredStatement.OfClusterAsync(App, cluster);
        var snapshot = (await Engine.SnapshotAsync(statement.Id))!;
        var paragraphs = snapshot.Blocks.Where(b => b.Kind == Domain.Statements.BlockKind.NumberedParagraph && b.Text.Contains(" and ", StringComparison.Ordinal)).ToList();
        return (statement.Id, paragraphs[index]);
    }

    private Task<T> Send<T>(string email, Mediator.ICommand<T> command) => App.SendAsAsync(email, m => m.Send(command));

    private Task<AmendmentList> List(string email, int statementId, AmendmentShow show = AmendmentShow.Pending) =>
        App.SendAsAsync(email, m => m.Send(new ListAmendments(statementId, show)));

    private static AmendmentView Single(AmendmentList list, int number) => list.Items.Single(a => a.Number == number);


}

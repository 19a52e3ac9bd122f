using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Web.Features.Amendments;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Tests.Features.Drafting;

/// <summary>
/// Text that could not be applied is neither dropped nor forced in: the engine keeps what it discarded (typing into a
/// paragraph deleted meanwhile), the editor keeps what the server refused as a whole (a lock, lost rights), only its
/// author sees it, and it can be turned into an amendment.
/// </summary>
public sealed class UnappliedTextTests(DemoApp world) : IClassFixture<DemoApp>
{
    private const string CoHost = "cohost1@example.org";
    private const string Participant = "participant1@example.org";

    private AppFactory App => world.App;

    private DraftingEngine Engine => App.Services.GetRequiredService<DraftingEngine>();

    [Fact]
    public async Task Typing_into_a_paragraph_deleted_meanwhile_is_kept_for_its_author_alone_and_proposed_again_as_a_new_paragraph()
    {
        var statement = await StoredStatement.OfClusterAsync(App, 2);
        var coHostId = await UserIdAsync(CoHost);
        var (before, doomed) = (statement.Blocks[3], statement.Blocks[4]);
        await Engine.SubmitAsync(statement.Id, "someone-else", "delete-" + Guid.NewGuid().ToString("N")[..12], statement.Revision, new DeleteBlock(Domain.Statements.BlockId.Parse(doomed.Id)));

        var changeId = "typed-" + Guid.NewGuid().ToString("N")[..12];
        var typing = new TextEdit(Domain.Statements.BlockId.Parse(doomed.Id), TextOperation.InsertAt(doomed.Text.Length, 0, "Words typed too late "));
        var result = await Engine.SubmitAsync(statement.Id, coHostId, changeId, statement.Revision, typing);
        Assert.Equal("Words typed too late ", Assert.Single(result.Discarded).Text);

        var mine = await App.SendAsAsync(CoHost, m => m.Send(new GetMyUnappliedTexts(statement.Id)));
        var kept = Assert.Single(mine, u => u.Key == UnappliedText.ServerKey(changeId, 0));
        Assert.Equal(("Words typed too late ", "deleted", doomed.Id), (kept.Text, kept.Reason, kept.BlockId));
        Assert.DoesNotContain(await App.SendAsAsync(Participant, m => m.Send(new GetMyUnappliedTexts(statement.Id))), u => u.Key == kept.Key);

        // The editor knew where the paragraph was: it keeps the same key again with that, and the draft goes after it.
        await App.SendAsAsync(CoHost, m => m.Send(new KeepUnappliedText(statement.Id, "l.deleted" + changeId[6..], doomed.Id, before.Id, "deleted", "Words typed too late ", null)));
        var draft = await App.SendAsAsync(CoHost, m => m.Send(new DraftAmendmentFromUnapplied(statement.Id, "l.deleted" + changeId[6..])));
        Assert.Equal((AmendmentKind.InsertAfter, before.Id, "Words typed too late "), (draft.Kind, draft.BlockId, draft.Text));

        // The server's own copy has no neighbour: it goes after the last paragraph, and the proposal is accepted as such.
        var serverDraft = await App.SendAsAsync(CoHost, m => m.Send(new DraftAmendmentFromUnapplied(statement.Id, kept.Key)));
        Assert.Equal(AmendmentKind.InsertAfter, serverDraft.Kind);
        var proposed = await App.SendAsAsync(CoHost, m => m.Send(new ProposeAmendment(statement.Id, serverDraft.Kind, serverDraft.BlockId, serverDraft.Text, null)));
        Assert.Equal(AmendmentStatus.Open, proposed.Status);
    }

    [Fact]
    public async Task Text_refused_by_a_lock_is_kept_once_shown_only_to_its_author_and_drafted_as_the_paragraph_the_typist_had()
    {
        var statement = await StoredStatement.OfClusterAsync(App, 3);
        var paragraph = statement.Blocks[5];
        var key = "l." + Guid.NewGuid().ToString("N")[..20];
        var typed = paragraph.Text + " And one more clause.";
        var keep = new KeepUnappliedText(statement.Id, key, paragraph.Id, statement.Blocks[4].Id, "locked", " And one more clause.", typed, WrittenAgainst: paragraph.Text);

        var first = await App.SendAsAsync(CoHost, m => m.Send(keep));
        var again = await App.SendAsAsync(CoHost, m => m.Send(keep));
        Assert.Equal(first, again);
        Assert.Equal(1, await App.QueryAsync(db => Task.FromResult(db.UnappliedTexts.Count(u => u.Key == key))));
        Assert.Equal("The statement was locked.", Assert.Single(await App.SendAsAsync(CoHost, m => m.Send(new GetMyUnappliedTexts(statement.Id))), u => u.Key == key).ReasonText);

        var draft = await App.SendAsAsync(CoHost, m => m.Send(new DraftAmendmentFromUnapplied(statement.Id, key)));
        Assert.Equal((AmendmentKind.Replace, paragraph.Id, typed, paragraph.Text), (draft.Kind, draft.BlockId, draft.Text, draft.WrittenAgainst));

        // Someone else cannot read it, nor draft from it by guessing its key.
        Assert.DoesNotContain(await App.SendAsAsync(Participant, m => m.Send(new GetMyUnappliedTexts(statement.Id))), u => u.Key == key);
        var refused = await Assert.ThrowsAsync<DomainException>(() => App.SendAsAsync(Participant, m => m.Send(new DraftAmendmentFromUnapplied(statement.Id, key))));
        Assert.Contains("no such text", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_typist_s_paragraph_the_draft_adds_their_text_to_the_current_one()
    {
        var id = Domain.Statements.BlockId.New();
        var row = new UnappliedText { StatementId = 1, AuthorId = "a", Key = "l.x", BlockId = id.Value, Reason = "forbidden", Text = " extra words " };
        var draft = DraftAmendmentFromUnappliedHandler.Draft(row, [new DraftBlock(id, Domain.Statements.BlockKind.NumberedParagraph, 0, "Current text. ")]);
        Assert.Equal((AmendmentKind.Replace, "Current text. extra words"), (draft.Kind, draft.Text));
    }

    [Theory]
    [InlineData("s.forged-server-key", "locked", 10, "Key")]
    [InlineData("l.short", "locked", 10, "Key")]
    [InlineData("l.abcdefgh12345", "Not A Code!", 10, "Reason")]
    [InlineData("l.abcdefgh12345", "locked", 20_001, "Text")]
    [InlineData("l.abcdefgh12345", "locked", 0, "Text")]
    public async Task Bad_requests_to_keep_text_are_refused_and_store_nothing(string key, string reason, int length, string field)
    {
        var statement = await StoredStatement.OfClusterAsync(App, 1);
        var count = await App.QueryAsync(db => Task.FromResult(db.UnappliedTexts.Count()));
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => App.SendAsAsync(CoHost, m => m.Send(
            new KeepUnappliedText(statement.Id, key, statement.Blocks[1].Id, null, reason, new string('w', length), null))));
        Assert.Contains(refused.Errors, e => e.Field == field);
        Assert.Equal(count, await App.QueryAsync(db => Task.FromResult(db.UnappliedTexts.Count())));
    }

    [Fact]
    public async Task One_person_keeps_at_most_so_many_texts_per_statement_and_is_told_so()
    {
        var statement = await StoredStatement.OfClusterAsync(App, 4);
        var participantId = await UserIdAsync(Participant);
        await App.QueryAsync(async db =>
        {
            for (var i = 0; i < UnappliedTextValidators.MaxPerAuthor; i++)
            {
                db.UnappliedTexts.Add(new UnappliedText
                {
                    StatementId = statement.Id, AuthorId = participantId, Key = $"l.filler{i:0000}", BlockId = statement.Blocks[0].Id,
                    Reason = "forbidden", Text = "filler", At = DateTimeOffset.UnixEpoch,
                });
            }

            return await db.SaveChangesAsync();
        });

        var refused = await Assert.ThrowsAsync<DomainException>(() => App.SendAsAsync(Participant, m => m.Send(
            new KeepUnappliedText(statement.Id, "l.one-too-many", statement.Blocks[0].Id, null, "forbidden", "More.", null))));
        Assert.Contains($"{UnappliedTextValidators.MaxPerAuthor}", refused.Message, StringComparison.Ordinal);
        Assert.Equal(UnappliedTextValidators.MaxPerAuthor, await App.QueryAsync(db => Task.FromResult(db.UnappliedTexts.Count(u => u.AuthorId == participantId && u.StatementId == statement.Id))));
    }

    private Task<string> UserIdAsync(string email) => App.QueryAsync(db => Task.FromResult(db.Users.Single(u => u.Email == email).Id));
}

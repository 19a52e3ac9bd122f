using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Infrastructure.Demo;

/// <summary>
/// The demo's amendments, written for it: some open (with supporters), some rejected with a reason, one withdrawn, one
/// merged, and some accepted, which are applied to the text through the editing engine like any acceptance (a change
/// labelled with the amendment's number), so the history shows them.
/// </summary>
public static class DemoAmendments
{
    private enum Outcome
    {
        Open,
        Supported,
        Accepted,

        /// <summary>Accepted as a co-host reworded it: the entry's reason field holds the co-host's words.</summary>
        AcceptedWithModifications,
        Rejected,
        Withdrawn,
        Merged,
    }

    /// <summary>(cluster, nth numbered paragraph, kind, text to find, its replacement or the new paragraph, rationale, outcome, reason).</summary>
    private static readonly (int Cluster, int Paragraph, AmendmentKind Kind, string? Find, string Text, string? Rationale, Outcome Outcome, string? Reason)[] Proposals =
    [
        (1, 1, AmendmentKind.Replace, "a necessity rather than a choice", "a necessity rather than a free choice", "Stresses that the choice is constrained.", Outcome.Accepted, null),
        (1, 2, AmendmentKind.Replace, "development strategies across the region", "national development strategies across the region", "Names the level of government we mean.", Outcome.Supported, null),
        (1, 3, AmendmentKind.Replace, "tie workers to a single employer", "tie workers to a single employer or sponsor", null, Outcome.Supported, null),
        (1, 3, AmendmentKind.InsertAfter, null, "We call for temporary schemes to allow workers to change employer without losing their status, and to offer a clear route to longer-term residence.", "A concrete ask to follow the concern.", Outcome.Open, null),
        (1, 2, AmendmentKind.Delete, null, string.Empty, "The paragraph repeats the introduction.", Outcome.Rejected, "The paragraph sets out the drivers that the recommendations respond to; it stays."),
        (2, 0, AmendmentKind.Replace, "apply in full", "apply in full and without exception", null, Outcome.Accepted, null),
        (2, 2, AmendmentKind.Replace, "continue to expose migrants and their children to statelessness", "continue to expose migrants, and especially their children, to statelessness", "Puts the weight on children.", Outcome.Supported, null),
        (2, 3, AmendmentKind.Replace, "many of these deaths are never counted", "most of these deaths are never counted", null, Outcome.Rejected, "We have no figures to support \"most\"; the co-hosts keep \"many\"."),
        (2, 3, AmendmentKind.InsertAfter, null, "We urge States to set up a single regional point of contact for families searching for missing migrants.", null, Outcome.Open, null),
        (3, 1, AmendmentKind.Replace, "farm workers and delivery workers", "farm workers, cleaners and delivery workers", "Cleaners kept hospitals running too.", Outcome.Accepted, null),
        (3, 2, AmendmentKind.Replace, "are understaffed and hard to reach", "are understaffed, underfunded and hard to reach", null, Outcome.Supported, null),
        (3, 3, AmendmentKind.Replace, "housing and justice", "housing, social protection and justice", null, Outcome.Withdrawn, null),
        (3, 3, AmendmentKind.Replace, "housing and justice", "housing, justice and social protection", "Adds social protection.", Outcome.Open, null),
        (4, 2, AmendmentKind.Replace, "disaggregated by sex, age, disability and migration status", "disaggregated by sex, age, disability, migration status and occupation", "Occupation matters for labour migration.", Outcome.Supported, null),
        (4, 2, AmendmentKind.Replace, "disaggregated by sex, age, disability and migration status", "disaggregated by sex, gender, age, disability and migration status", null, Outcome.Merged, null),
        (4, 3, AmendmentKind.Replace, "in several countries", "in a growing number of countries", null, Outcome.Open, null),
        (4, 4, AmendmentKind.Replace, "published only in national languages", "published only in the national language of each country", "Most countries here have one national language.", Outcome.AcceptedWithModifications, "published only in official languages"),
    ];

    public static async Task SeedAsync(DraftingDbContext db, DraftingEngine engine, DateTimeOffset now, CancellationToken ct)
    {
        var participants = await db.Participations.AsNoTracking()
            .Where(p => p.IsParticipant && !p.IsOrganiser)
            .OrderBy(p => p.Id)
            .Select(p => p.UserId)
            .ToListAsync(ct);
        var organiser = await db.Participations.AsNoTracking().Where(p => p.IsOrganiser).Select(p => p.UserId).FirstAsync(ct);
        if (participants.Count < 6)
        {
            return;
        }

        var statements = await db.Statements.AsNoTracking().Include(s => s.Blocks)
            .Where(s => s.Kind == StatementKind.Common)
            .ToListAsync(ct);
        var numbers = new Dictionary<int, int>();
        var accepted = new List<(Amendment Amendment, string Text, string Applied, bool Modified)>();
        var created = new List<(Amendment Amendment, Outcome Outcome, string? Reason)>();
        for (var i = 0; i < Proposals.Length; i++)
        {
            var (cluster, index, kind, find, text, rationale, outcome, reason) = Proposals[i];
            var statement = statements.First(s => s.ClusterNumber == cluster);
            statement.RestoreOrder();
            var paragraph = statement.Blocks.Where(b => b.Kind == BlockKind.NumberedParagraph).ElementAt(index);
            var proposed = kind == AmendmentKind.Replace ? ReplaceFirst(paragraph.Text, find!, text) : text;
            var number = numbers[statement.Id] = numbers.GetValueOrDefault(statement.Id) + 1;
            var amendment = Amendment.Propose(
                statement.Id, number, kind, paragraph.Id.Value, statement.Revision, paragraph.Text, proposed, rationale,
                participants[i % participants.Count], now.AddMinutes(-90 + (i * 4)));
            db.Amendments.Add(amendment);
            created.Add((amendment, outcome, reason));
            if (outcome is Outcome.Accepted or Outcome.AcceptedWithModifications)
            {
                var modified = outcome == Outcome.AcceptedWithModifications;
                accepted.Add((amendment, paragraph.Text, modified ? ReplaceFirst(paragraph.Text, find!, reason!) : proposed, modified));
            }
        }

        await db.SaveChangesAsync(ct);
        foreach (var (amendment, outcome, reason) in created)
        {
            var at = amendment.CreatedAt.AddMinutes(20);
            switch (outcome)
            {
                case Outcome.Supported:
                    var supporters = participants.Where(p => p != amendment.ProposerId).Take(1 + (amendment.Number % 4)).ToList();
                    foreach (var supporter in supporters)
                    {
                        db.AmendmentSupports.Add(new AmendmentSupport { AmendmentId = amendment.Id, UserId = supporter, At = at });
                        amendment.CountSupport(true);
                    }

                    break;
                case Outcome.Rejected:
                    amendment.Reject(reason!, amendment.BaseRevision, at);
                    break;
                case Outcome.Withdrawn:
                    amendment.Withdraw(at, amendment.BaseRevision);
                    break;
                case Outcome.Merged:
                    var into = created.Select(c => c.Amendment)
                        .First(a => a.StatementId == amendment.StatementId && a.BlockId == amendment.BlockId && a.Number != amendment.Number);
                    amendment.MergeInto(into, amendment.BaseRevision, at);
                    break;
            }
        }

        await db.SaveChangesAsync(ct);

        // Accepted ones change the text, through the engine, each as one labelled change.
        foreach (var (amendment, text, applied, modified) in accepted)
        {
            var snapshot = await engine.SnapshotAsync(amendment.StatementId, ct);
            var id = amendment.Id;
            var extras = new ChangeExtras(amendment.Label, async (store, revision) =>
            {
                var current = await store.Amendments.Include(a => a.History).FirstAsync(a => a.Id == id);
                if (modified)
                {
                    current.AcceptWithModifications(text, applied, revision, current.CreatedAt.AddMinutes(30));
                }
                else
                {
                    current.Accept(revision, current.CreatedAt.AddMinutes(30));
                }
            });
            var paragraph = new DraftBlock(BlockId.Parse(amendment.BlockId), BlockKind.NumberedParagraph, 0, text);
            var op = amendment.EditToApply(paragraph, modified ? applied : null).Op;
            await engine.SubmitAsync(amendment.StatementId, organiser, $"demo-accept-{amendment.Id}", snapshot!.Revision, op, extras, ct);
        }
    }

    private static string ReplaceFirst(string text, string find, string replacement)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        return at < 0
            ? throw new InvalidOperationException($"The demo amendment's words \"{find}\" are not in its paragraph.")
            : string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + find.Length));
    }
}

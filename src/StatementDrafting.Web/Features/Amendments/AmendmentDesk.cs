using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Amendments;

/// <summary>Which amendment a command acted on, and the revision that applied it (accepted ones).</summary>
public sealed record AmendmentRef(int StatementId, int Number, AmendmentStatus Status, int? AppliedRevision);

/// <summary>What the amendment handlers share: the caller, the live text, loading and saving with clear refusals.</summary>
public sealed class AmendmentDesk(
    IDbContextFactory<DraftingDbContext> contexts,
    DraftingEngine engine,
    StatementFeed feed,
    CallerContext caller,
    PermissionHandler permissions,
    AmendmentRateLimit rate,
    TimeProvider clock)
{
    public IDbContextFactory<DraftingDbContext> Contexts => contexts;

    public DraftingEngine Engine => engine;

    public DateTimeOffset Now => clock.GetUtcNow();

    public string UserId => caller.UserId;

    /// <summary>The caller, counted against the per-minute limit of amendment actions.</summary>
    public string ActingUserId()
    {
        var userId = UserId;
        rate.Check(userId);
        return userId;
    }

    public Task<bool> MayDraftAsync(int statementId) =>
        permissions.IsGrantedAsync(caller.User, Permission.OnStatement(statementId, StatementAccess.Draft));

    /// <summary>The statement as stored now (the last stored revision).</summary>
    public async Task<LiveSnapshot> SnapshotAsync(int statementId, CancellationToken cancellationToken) =>
        await engine.SnapshotAsync(statementId, cancellationToken) ?? throw new DomainException("There is no such statement.");

    public static async Task<Amendment> LoadAsync(DraftingDbContext db, int statementId, int number, CancellationToken cancellationToken) =>
        await db.Amendments.Include(a => a.History).FirstOrDefaultAsync(a => a.StatementId == statementId && a.Number == number, cancellationToken)
            ?? throw new DomainException($"There is no amendment A{number} in this statement.");

    /// <summary>Saves, turning a concurrent change of the same amendment into a clear refusal.</summary>
    public static async Task SaveAsync(DraftingDbContext db, Amendment amendment, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException($"Amendment {amendment.Label} was changed or decided by someone else a moment ago; look again.");
        }
    }

    public AmendmentRef Announce(Amendment amendment)
    {
        feed.Publish(new AmendmentsChanged(amendment.StatementId, [amendment.Number]));
        return new AmendmentRef(amendment.StatementId, amendment.Number, amendment.Status, amendment.AppliedRevision);
    }

    /// <summary>Finds the paragraph; if it is gone, the amendment becomes obsolete (saved) and the command is refused.</summary>
    public async Task<DraftBlock> ParagraphOfAsync(DraftingDbContext db, Amendment amendment, LiveSnapshot snapshot, CancellationToken cancellationToken)
    {
        var block = snapshot.Blocks.FirstOrDefault(b => b.Id.Value == amendment.BlockId);
        if (block is not null)
        {
            return block;
        }

        if (amendment.ParagraphDeleted(snapshot.Revision, Now))
        {
            await SaveAsync(db, amendment, cancellationToken);
            Announce(amendment);
        }

        throw new DomainException($"The paragraph of amendment {amendment.Label} was deleted: the amendment is obsolete.");
    }
}

/// <summary>What the amendment commands' validators share: which amendment, and the lengths of the texts they carry.</summary>
public static class AmendmentInput
{
    public static IEnumerable<ValidationError> Identified(int? statementId, int? number) =>
        Ids.Positive(("StatementId", statementId, "statement"), ("Number", number, "amendment"));

    public static IEnumerable<ValidationError> Texts(string? text, string? rationale, string? writtenAgainst)
    {
        if (writtenAgainst is { Length: > Amendment.MaxTextLength })
        {
            yield return new ValidationError("WrittenAgainst", $"A paragraph holds at most {Amendment.MaxTextLength:N0} characters.");
        }

        if (text is { Length: > Amendment.MaxTextLength })
        {
            yield return new ValidationError("ProposedText", $"The text is {text.Length:N0} characters long; a paragraph holds at most {Amendment.MaxTextLength:N0}.");
        }

        if (rationale is { Length: > Amendment.MaxRationaleLength })
        {
            yield return new ValidationError("Rationale", $"The rationale is at most {Amendment.MaxRationaleLength:N0} characters.");
        }
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;

namespace StatementDrafting.Web.Features.Amendments;

public enum AmendmentShow
{
    /// <summary>Open and waiting for an update.</summary>
    Pending,
    Decided,
    All,
}

public enum AmendmentOrder
{
    Number,
    MostSupported,
    RecentlyChanged,
    Paragraph,
}

/// <summary>A statement's amendments, filtered and sorted, with what the caller may do.</summary>
public sealed record ListAmendments(
    int StatementId,
    AmendmentShow Show = AmendmentShow.Pending,
    string? BlockId = null,
    bool MineOnly = false,
    AmendmentOrder Order = AmendmentOrder.Number,
    int Limit = ListAmendments.PageSize,
    AmendmentStatus? Status = null) : IQuery<AmendmentList>, IAuthorisedRequest
{
    /// <summary>How many amendments a list shows at first ("Show more" adds as many again).</summary>
    public const int PageSize = 50;

    /// <summary>The most one request returns.</summary>
    public const int MaxLimit = 1_000;

    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Read);
}

public sealed record AmendmentList(
    int StatementId,
    int Revision,
    bool Locked,
    bool CanPropose,
    bool CanDecide,
    IReadOnlyList<AmendmentView> Items,
    IReadOnlyDictionary<string, int> PendingByBlock,
    int PendingCount,
    int DecidedCount,
    int MatchingCount);

/// <summary>One step of an amendment's history, by role, never by name.</summary>
public sealed record AmendmentStepView(string What, string Who, DateTimeOffset At, string? Note);

/// <summary>An amendment as a participant sees it: the proposer by public name, supporters only as a count.</summary>
public sealed record AmendmentView(
    int Number,
    AmendmentKind Kind,
    string BlockId,
    int? ParagraphNumber,
    bool ParagraphGone,
    AmendmentStatus Status,
    string Proposer,
    bool IsMine,
    string? Rationale,
    string? DecisionNote,
    int? MergedIntoNumber,
    int? AppliedRevision,
    int SupportCount,
    bool SupportedByMe,
    string BaseText,
    string ProposedText,
    string CurrentText,
    WordDiffResult Diff,
    WordDiffResult? ChangedSince,
    string? UpdateSuggestion,
    IReadOnlyList<AmendmentStepView> History,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public string Label => $"A{Number}";

    public bool IsPending => Status is AmendmentStatus.Open or AmendmentStatus.NeedsUpdate;

    public string StatusText => Amendment.Describe(Status);

    public string Where => ParagraphGone ? "a deleted paragraph" : ParagraphNumber is { } n ? $"¶{n}" : "an unnumbered block";

    public string KindText => Kind switch
    {
        AmendmentKind.Replace => $"Change to {Where}",
        AmendmentKind.InsertAfter => $"New paragraph after {Where}",
        _ => $"Deletion of {Where}",
    };
}

public sealed class ListAmendmentsValidator : IValidator<ListAmendments>
{
    public IEnumerable<ValidationError> Validate(ListAmendments message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive(("StatementId", message.StatementId, "statement")))
        {
            yield return error;
        }

        if (message.Limit is < 1 or > ListAmendments.MaxLimit)
        {
            yield return new ValidationError(nameof(message.Limit), $"A list shows 1 to {ListAmendments.MaxLimit} amendments.");
        }

        if (message.BlockId is { } block && !Domain.Statements.BlockId.TryParse(block, out _))
        {
            yield return new ValidationError(nameof(message.BlockId), "That is not a paragraph of this statement.");
        }
    }
}

public sealed class ListAmendmentsHandler(AmendmentDesk desk, PublicNames names, PermissionHandler permissions, CallerContext caller, DiffCache diffs)
    : IQueryHandler<ListAmendments, AmendmentList>
{
    public async ValueTask<AmendmentList> Handle(ListAmendments query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var snapshot = await desk.SnapshotAsync(query.StatementId, cancellationToken);
        var userId = caller.IsSignedIn ? desk.UserId : null;
        await using var db = await desk.Contexts.CreateDbContextAsync(cancellationToken);
        var amendments = await db.Amendments.AsNoTracking()
            .Where(a => a.StatementId == query.StatementId)
            .ToListAsync(cancellationToken);
        var mySupports = userId is null ? [] : await db.AmendmentSupports.AsNoTracking()
            .Where(s => s.UserId == userId && db.Amendments.Any(a => a.Id == s.AmendmentId && a.StatementId == query.StatementId))
            .Select(s => s.AmendmentId)
            .ToListAsync(cancellationToken);
        var supported = mySupports.ToHashSet();

        var numbering = Statements.StatementBlocks.From(snapshot.Blocks)
            .Select((block, position) => (block.Id, Place: (Position: position, block.Number)))
            .ToDictionary(b => b.Id, b => b.Place, StringComparer.Ordinal);
        var texts = snapshot.Blocks.ToDictionary(b => b.Id.Value, b => b.Text, StringComparer.Ordinal);
        var pendingByBlock = amendments.Where(a => a.IsPending).GroupBy(a => a.BlockId)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        var shown = amendments.Where(a => query.Show switch
            {
                AmendmentShow.Pending => a.IsPending,
                AmendmentShow.Decided => a.IsDecided,
                _ => true,
            })
            .Where(a => query.Status is null || a.Status == query.Status)
            .Where(a => query.BlockId is null || a.BlockId == query.BlockId)
            .Where(a => !query.MineOnly || a.ProposerId == userId);
        shown = query.Order switch
        {
            AmendmentOrder.MostSupported => shown.OrderByDescending(a => a.SupportCount).ThenBy(a => a.Number),
            AmendmentOrder.RecentlyChanged => shown.OrderByDescending(a => a.UpdatedAt).ThenBy(a => a.Number),
            AmendmentOrder.Paragraph => shown.OrderBy(a => numbering.TryGetValue(a.BlockId, out var p) ? p.Position : int.MaxValue).ThenBy(a => a.Number),
            _ => shown.OrderBy(a => a.Number),
        };
        var matching = shown.ToList();
        var list = matching.Take(query.Limit).ToList();
        var ids = list.Select(a => a.Id).ToList();
        var histories = (await db.Amendments.AsNoTracking().Include(a => a.History)
                .Where(a => ids.Contains(a.Id))
                .ToListAsync(cancellationToken))
            .ToDictionary(a => a.Id, a => a.History);
        var proposers = await names.OfUsersAsync(query.StatementId, [.. list.Select(a => a.ProposerId).Distinct()], cancellationToken);

        // One diff budget for the whole list, so a page of many long amendments stays bounded.
        var budget = WorkBudget.Default();
        var items = list.Select(a =>
        {
            var gone = !texts.TryGetValue(a.BlockId, out var current);
            current ??= string.Empty;
            var diff = diffs.Compare(a.BaseText, a.ProposedText, budget);
            var needsUpdate = a.Status == AmendmentStatus.NeedsUpdate && !gone;
            var since = needsUpdate ? diffs.Compare(a.BaseText, current, budget) : null;
            // Bringing it up to date starts from the current text with the amendment's changes wherever they still fit.
            // (Its own budget: over any budget there is no suggestion, and the form starts from the proposal as written.)
            var merged = needsUpdate ? ThreeWayMerge.Merge(a.BaseText, a.ProposedText, current) : null;
            var suggestion = merged is { OverBudget: false } ? merged.Suggestion : null;
            return new AmendmentView(
                a.Number,
                a.Kind,
                a.BlockId,
                numbering.TryGetValue(a.BlockId, out var place) ? place.Number : null,
                gone,
                a.Status,
                proposers.GetValueOrDefault(a.ProposerId, PublicNames.Someone),
                a.ProposerId == userId,
                a.Rationale,
                a.DecisionNote,
                a.MergedIntoNumber,
                a.AppliedRevision,
                a.SupportCount,
                supported.Contains(a.Id),
                a.BaseText,
                a.ProposedText,
                current,
                diff,
                since,
                suggestion,
                [.. histories[a.Id].OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new AmendmentStepView(h.What, Who(h.Actor), h.At, h.Note))],
                a.CreatedAt,
                a.UpdatedAt);
        }).ToList();

        return new AmendmentList(
            query.StatementId,
            snapshot.Revision,
            snapshot.Locked,
            await permissions.IsGrantedAsync(caller.User, Permission.OnStatement(query.StatementId, StatementAccess.Propose)),
            await permissions.IsGrantedAsync(caller.User, Permission.OnStatement(query.StatementId, StatementAccess.Draft)),
            items,
            pendingByBlock,
            amendments.Count(a => a.IsPending),
            amendments.Count(a => a.IsDecided),
            matching.Count);
    }

    private static string Who(AmendmentActor actor) => actor switch
    {
        AmendmentActor.Proposer => "Proposer",
        AmendmentActor.CoHost => "Co-host",
        _ => "Automatic",
    };
}

/// <summary>How many amendments are open on each paragraph of a statement (the counts beside the paragraphs).</summary>
public sealed record CountOpenAmendments(int StatementId) : IQuery<IReadOnlyDictionary<string, int>>, IAuthorisedRequest
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Read);
}

public sealed class CountOpenAmendmentsValidator : IValidator<CountOpenAmendments>
{
    public IEnumerable<ValidationError> Validate(CountOpenAmendments message) =>
        Ids.Positive(("StatementId", message?.StatementId, "statement"));
}

public sealed class CountOpenAmendmentsHandler(IDbContextFactory<Infrastructure.Persistence.DraftingDbContext> contexts)
    : IQueryHandler<CountOpenAmendments, IReadOnlyDictionary<string, int>>
{
    public async ValueTask<IReadOnlyDictionary<string, int>> Handle(CountOpenAmendments query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var counts = await db.Amendments.AsNoTracking()
            .Where(a => a.StatementId == query.StatementId && (a.Status == AmendmentStatus.Open || a.Status == AmendmentStatus.NeedsUpdate))
            .GroupBy(a => a.BlockId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return counts.ToDictionary(c => c.Key, c => c.Count, StringComparer.Ordinal);
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Drafting;

/// <summary>
/// Keeps, for its author, text the server refused as a whole (the statement was locked, the typist lost the right to
/// edit): the editor sends it here once the refusal comes, so the statement's history keeps it even if the browser's
/// copy goes. Only the author sees it again. Keeping the same key twice stores it once and answers the same id.
/// </summary>
public sealed record KeepUnappliedText(int StatementId, string Key, string BlockId, string? AfterBlockId, string Reason, string Text, string? Paragraph, string? WrittenAgainst = null)
    : ICommand<UnappliedTextView>, IAuthorisedRequest, INotAudited
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Read);

    /// <summary>Never the text: requests are logged, and logs hold no statement text.</summary>
    public override string ToString() => $"KeepUnappliedText {{ StatementId = {StatementId}, Reason = {Reason} }}";
}

/// <summary>The caller's own text that was not applied to a statement, newest first.</summary>
public sealed record GetMyUnappliedTexts(int StatementId) : IQuery<IReadOnlyList<UnappliedTextView>>, IAuthorisedRequest
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Read);
}

/// <summary>
/// Turns one of the caller's unapplied texts into a proposal for the amendment form: the paragraph as the typist had
/// it, if the paragraph is still there; otherwise a new paragraph where it was.
/// </summary>
public sealed record DraftAmendmentFromUnapplied(int StatementId, string Key) : IQuery<AmendmentDraft>, IAuthorisedRequest
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Propose);
}

public sealed record UnappliedTextView(string Key, string BlockId, string Reason, string Text, DateTimeOffset At)
{
    public static UnappliedTextView Of(UnappliedText row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new(row.Key, row.BlockId, row.Reason, row.Text, row.At);
    }

    /// <summary>Why it was not applied, in words.</summary>
    public string ReasonText => UnappliedReasons.Describe(Reason);
}

/// <summary>
/// What the amendment form is filled with; <paramref name="WrittenAgainst"/>: the paragraph's text the wording was
/// typed from, when known, so that proposing it keeps what others changed since (see <c>Amendment.FollowWhileWritten</c>).
/// </summary>
public sealed record AmendmentDraft(AmendmentKind Kind, string BlockId, string Text, string? WrittenAgainst = null);

public static class UnappliedReasons
{
    /// <summary>A reason is a protocol code: 1 to 32 lower-case letters and '_' (any code: the editor keeps whatever it reports).</summary>
    public static bool IsCode(string? reason) =>
        reason is { Length: >= 1 and <= 32 } && reason.All(c => c is (>= 'a' and <= 'z') or '_');

    public static string Describe(string reason) => reason switch
    {
        "deleted" => "The paragraph was deleted while you were typing.",
        "locked" => "The statement was locked.",
        "forbidden" => "You could no longer edit this statement.",
        "unauthenticated" => "You were no longer signed in.",
        "too_long" => "The paragraph would have been longer than 20,000 characters.",
        "too_many_blocks" => "The statement would have had more than 1,000 paragraphs.",
        _ => "The editor lost track of the statement and had to reload it.",
    };
}

public sealed class UnappliedTextValidators :
    IValidator<KeepUnappliedText>, IValidator<GetMyUnappliedTexts>, IValidator<DraftAmendmentFromUnapplied>
{
    /// <summary>How many unapplied texts one person keeps per statement; beyond it, keeping is refused.</summary>
    public const int MaxPerAuthor = 500;

    public IEnumerable<ValidationError> Validate(KeepUnappliedText message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive(("StatementId", message.StatementId, "statement")))
        {
            yield return error;
        }

        if (!IsClientKey(message.Key))
        {
            yield return new ValidationError(nameof(message.Key), "A key is 'l.' followed by 8 to 64 letters, digits, '-' or '_'.");
        }

        if (!BlockId.TryParse(message.BlockId, out _) || (message.AfterBlockId is { } after && !BlockId.TryParse(after, out _)))
        {
            yield return new ValidationError(nameof(message.BlockId), "That is not a block id.");
        }

        if (!UnappliedReasons.IsCode(message.Reason))
        {
            yield return new ValidationError(nameof(message.Reason), "A reason is a protocol code: lower-case letters and '_'.");
        }

        if (string.IsNullOrEmpty(message.Text) || message.Text.Length > Amendment.MaxTextLength)
        {
            yield return new ValidationError(nameof(message.Text), $"The text is 1 to {Amendment.MaxTextLength:N0} characters.");
        }

        if (message.Paragraph is { Length: > Amendment.MaxTextLength } || message.WrittenAgainst is { Length: > Amendment.MaxTextLength })
        {
            yield return new ValidationError(nameof(message.Paragraph), $"A paragraph holds at most {Amendment.MaxTextLength:N0} characters.");
        }
    }

    public IEnumerable<ValidationError> Validate(GetMyUnappliedTexts message) => Ids.Positive(("StatementId", message?.StatementId, "statement"));

    public IEnumerable<ValidationError> Validate(DraftAmendmentFromUnapplied message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Ids.Positive(("StatementId", message.StatementId, "statement"))
            .Concat(message.Key is { Length: > 0 and <= UnappliedText.MaxKeyLength } ? [] : [new ValidationError(nameof(message.Key), "That is not a key of unapplied text.")]);
    }

    public static bool IsClientKey(string? key) =>
        key is { Length: >= 10 and <= 66 } && key.StartsWith("l.", StringComparison.Ordinal)
        && key.AsSpan(2).IndexOfAnyExcept(KeyCharacters) < 0;

    private static readonly System.Buffers.SearchValues<char> KeyCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");
}

public sealed class KeepUnappliedTextHandler(IDbContextFactory<DraftingDbContext> contexts, CallerContext caller, TimeProvider clock)
    : ICommandHandler<KeepUnappliedText, UnappliedTextView>
{
    public async ValueTask<UnappliedTextView> Handle(KeepUnappliedText command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var author = caller.UserId;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var mine = db.UnappliedTexts.Where(u => u.StatementId == command.StatementId && u.AuthorId == author);
        if (await mine.AsNoTracking().FirstOrDefaultAsync(u => u.Key == command.Key, cancellationToken) is { } kept)
        {
            return UnappliedTextView.Of(kept);
        }

        // Only what people ask to keep counts (the engine keeps what it discarded, as its changes allow).
        if (await mine.CountAsync(u => u.Key.StartsWith("l."), cancellationToken) >= UnappliedTextValidators.MaxPerAuthor)
        {
            throw new DomainException($"You already have {UnappliedTextValidators.MaxPerAuthor} texts kept for this statement; copy what you need from its history.");
        }

        var row = new UnappliedText
        {
            StatementId = command.StatementId,
            AuthorId = author,
            Key = command.Key,
            BlockId = command.BlockId,
            AfterBlockId = command.AfterBlockId,
            Reason = command.Reason,
            Text = command.Text,
            Paragraph = command.Paragraph,
            WrittenAgainst = command.WrittenAgainst,
            At = clock.GetUtcNow(),
        };
        db.UnappliedTexts.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            // The same key kept at the same moment from another tab: the first one stands. Anything else is a failure.
            await using var again = await contexts.CreateDbContextAsync(cancellationToken);
            row = await again.UnappliedTexts.AsNoTracking()
                .SingleOrDefaultAsync(u => u.StatementId == command.StatementId && u.AuthorId == author && u.Key == command.Key, cancellationToken)
                ?? throw new DomainException("The text could not be kept on the server; copy it to keep it.");
        }

        return UnappliedTextView.Of(row);
    }
}

public sealed class GetMyUnappliedTextsHandler(IDbContextFactory<DraftingDbContext> contexts, CallerContext caller)
    : IQueryHandler<GetMyUnappliedTexts, IReadOnlyList<UnappliedTextView>>
{
    public async ValueTask<IReadOnlyList<UnappliedTextView>> Handle(GetMyUnappliedTexts query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var author = caller.UserId;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.UnappliedTexts.AsNoTracking()
            .Where(u => u.StatementId == query.StatementId && u.AuthorId == author)
            .OrderByDescending(u => u.Id)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(UnappliedTextView.Of)];
    }
}

public sealed class DraftAmendmentFromUnappliedHandler(IDbContextFactory<DraftingDbContext> contexts, DraftingEngine engine, CallerContext caller)
    : IQueryHandler<DraftAmendmentFromUnapplied, AmendmentDraft>
{
    public async ValueTask<AmendmentDraft> Handle(DraftAmendmentFromUnapplied query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var author = caller.UserId;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.UnappliedTexts.AsNoTracking()
            .FirstOrDefaultAsync(u => u.StatementId == query.StatementId && u.AuthorId == author && u.Key == query.Key, cancellationToken)
            ?? throw new DomainException("There is no such text of yours for this statement.");
        var snapshot = await engine.SnapshotAsync(query.StatementId, cancellationToken) ?? throw new DomainException("There is no such statement.");
        return Draft(row, snapshot.Blocks);
    }

    /// <summary>
    /// The paragraph still there: replace its text with the paragraph as the typist had it (or, not knowing that, the
    /// current text with theirs added at the end). Gone: insert it as a new paragraph after the one that preceded it,
    /// or after the last paragraph.
    /// </summary>
    public static AmendmentDraft Draft(UnappliedText row, IReadOnlyList<DraftBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(blocks);
        if (blocks.FirstOrDefault(b => b.Id.Value == row.BlockId) is { } block)
        {
            return row.Paragraph is { } typed
                ? new AmendmentDraft(AmendmentKind.Replace, block.Id.Value, typed, row.WrittenAgainst)
                : new AmendmentDraft(AmendmentKind.Replace, block.Id.Value, block.Text.Length == 0 ? row.Text : $"{block.Text.TrimEnd()} {row.Text.Trim()}", block.Text);
        }

        var anchor = blocks.FirstOrDefault(b => b.Id.Value == row.AfterBlockId) ?? (blocks.Count > 0 ? blocks[^1] : null)
            ?? throw new DomainException("The statement has no paragraph left to add this after.");
        return new AmendmentDraft(AmendmentKind.InsertAfter, anchor.Id.Value, row.Paragraph ?? row.Text);
    }
}

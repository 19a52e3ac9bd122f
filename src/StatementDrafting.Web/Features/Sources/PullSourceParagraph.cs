using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Sources;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Amendments;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Sources;

public enum PullAs
{
    /// <summary>A new numbered paragraph of the draft, through the live editing engine (everyone watching sees it).</summary>
    NewParagraph,

    /// <summary>An amendment inserting the paragraph, for the co-hosts to decide like any other.</summary>
    Amendment,
}

/// <summary>
/// Pulls a paragraph of the cluster's source material into a statement, after a chosen paragraph (none: at the end),
/// as a new paragraph or as an amendment; the provenance link is stored with it, in the same transaction (ADR 0014).
/// </summary>
public sealed record PullSourceParagraph(int StatementId, int SourceParagraphId, string? AfterBlockId, PullAs As)
    : ICommand<PulledParagraph>, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Draft);

    public int? AuditConsultationId => null;

    public string? AuditSubject => $"Statement {StatementId}: source paragraph {SourceParagraphId} as {As}";
}

/// <summary>Where the pulled paragraph went: the new block, or the amendment's number.</summary>
public sealed record PulledParagraph(int StatementId, string? BlockId, int? AmendmentNumber, int? Revision);

public sealed class PullSourceParagraphValidator : IValidator<PullSourceParagraph>
{
    public IEnumerable<ValidationError> Validate(PullSourceParagraph message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive((nameof(message.StatementId), message.StatementId, "statement"), (nameof(message.SourceParagraphId), message.SourceParagraphId, "source paragraph")))
        {
            yield return error;
        }

        if (message.AfterBlockId is not null && !BlockId.TryParse(message.AfterBlockId, out _))
        {
            yield return new ValidationError(nameof(message.AfterBlockId), "Choose the paragraph to add it after.");
        }

        if (!Enum.IsDefined(message.As))
        {
            yield return new ValidationError(nameof(message.As), "Choose to add it to the draft or to propose it as an amendment.");
        }
    }
}

public sealed class PullSourceParagraphHandler(AmendmentDesk desk) : ICommandHandler<PullSourceParagraph, PulledParagraph>
{
    public async ValueTask<PulledParagraph> Handle(PullSourceParagraph command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var userId = desk.UserId;
        await using var db = await desk.Contexts.CreateDbContextAsync(cancellationToken);
        var statement = await db.Statements.AsNoTracking().Where(s => s.Id == command.StatementId)
            .Select(s => new { s.ConsultationId, s.Kind, s.ClusterNumber }).FirstOrDefaultAsync(cancellationToken)
            ?? throw new DomainException("There is no such statement.");
        var source = await db.SourceParagraphs.AsNoTracking().Where(p => p.Id == command.SourceParagraphId)
            .Join(db.SourceReports, p => p.SourceReportId, r => r.Id, (p, r) => new { p.Text, r.ConsultationId, r.ClusterNumber, r.Title, Paragraph = p })
            .FirstOrDefaultAsync(cancellationToken);

        // A common statement takes its own cluster's material; the opening statement (organisers) any of its consultation's.
        if (source is null || source.ConsultationId != statement.ConsultationId
            || (statement.Kind == StatementKind.Common && source.ClusterNumber != statement.ClusterNumber))
        {
            throw new DomainException("That paragraph is not in this statement's source material.");
        }

        var snapshot = await desk.SnapshotAsync(command.StatementId, cancellationToken);
        if (snapshot.Locked)
        {
            throw new DomainException("The statement is locked (it is up for adoption): it takes no new paragraphs or amendments.");
        }

        var after = command.AfterBlockId is null
            ? (snapshot.Blocks.Count == 0 ? null : snapshot.Blocks[^1])
            : snapshot.Blocks.FirstOrDefault(b => b.Id.Value == command.AfterBlockId)
                ?? throw new DomainException("The paragraph to add it after is not in the statement (it may have just been deleted).");
        var now = desk.Now;
        if (command.As == PullAs.NewParagraph)
        {
            var block = BlockId.New();
            var extras = new ChangeExtras("From sources", (store, _) =>
            {
                store.SourceProvenances.Add(SourceProvenance.AsBlock(command.StatementId, command.SourceParagraphId, block.Value, now));
                return Task.CompletedTask;
            });
            var op = new InsertBlock(block, after?.Id, BlockKind.NumberedParagraph, 0, source.Text);
            var result = await desk.Engine.SubmitAsync(
                command.StatementId, userId, $"source-{command.SourceParagraphId}-{block.Value}", snapshot.Revision, op, extras, cancellationToken);
            return new PulledParagraph(command.StatementId, block.Value, null, result.Revision);
        }

        if (after is null)
        {
            throw new DomainException("An amendment inserts after a paragraph, and the statement has none yet: add the paragraph to the draft instead.");
        }

        var rationale = $"From: {source.Paragraph.Citation(source.Title)}.";
        for (var attempt = 1; ; attempt++)
        {
            await using var store = await desk.Contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await store.Database.BeginTransactionAsync(cancellationToken);
            var number = (await store.Amendments.Where(a => a.StatementId == command.StatementId).MaxAsync(a => (int?)a.Number, cancellationToken) ?? 0) + 1;
            var amendment = Amendment.Propose(
                command.StatementId, number, AmendmentKind.InsertAfter, after.Id.Value, snapshot.Revision, after.Text,
                source.Text, rationale.Length <= Amendment.MaxRationaleLength ? rationale : null, desk.ActingUserId(), now);
            store.Amendments.Add(amendment);
            try
            {
                await store.SaveChangesAsync(cancellationToken);
                store.SourceProvenances.Add(SourceProvenance.AsAmendment(command.StatementId, command.SourceParagraphId, amendment.Id, now));
                await store.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                desk.Announce(amendment);
                return new PulledParagraph(command.StatementId, null, amendment.Number, null);
            }
            catch (DbUpdateException e) when (attempt < 5 && DatabaseErrors.IsConflict(e))
            {
                // Someone else took this number at the same moment: take the next one.
            }
        }
    }
}

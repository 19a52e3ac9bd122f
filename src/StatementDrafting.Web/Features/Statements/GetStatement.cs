using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Statements;

/// <summary>A statement's current text, block by block, with display numbers.</summary>
public sealed record GetStatement(int StatementId) : IQuery<StatementDocument?>, IAuthorisedRequest
{
    /// <summary>Drafts are for the consultation's members: organisers, co-hosts, participants and observers.</summary>
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Read);
}

/// <param name="Stage">Where the statement stands: "Draft", "Up for adoption", or "Adopted on 4 March 2021 by consensus".</param>
public sealed record StatementDocument(
    int Id,
    int ConsultationId,
    string ConsultationTitle,
    string Title,
    StatementKind Kind,
    int? ClusterNumber,
    string? ClusterTitle,
    IReadOnlyList<BlockView> Blocks,
    string Stage = "Draft");

/// <summary>A block as shown: its stable id, its kind, its display number (¶n) when numbered, and its Markdown text.</summary>
public sealed record BlockView(string Id, BlockKind Kind, int HeadingLevel, int? Number, string Text)
{
    /// <summary>The HTML id of the block's element: stable for as long as the block exists.</summary>
    public string Anchor => $"b-{Id}";
}

public sealed class GetStatementValidator : IValidator<GetStatement>
{
    public IEnumerable<ValidationError> Validate(GetStatement message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Ids.Positive((nameof(message.StatementId), message.StatementId, "statement"));
    }
}

public sealed class GetStatementHandler(IDbContextFactory<DraftingDbContext> contexts) : IQueryHandler<GetStatement, StatementDocument?>
{
    public async ValueTask<StatementDocument?> Handle(GetStatement query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // One query: the revision shown and the text agree even while another node stores a change.
        var statement = await db.Statements.AsNoTracking().Include(s => s.Blocks).AsSingleQuery()
            .FirstOrDefaultAsync(s => s.Id == query.StatementId, cancellationToken);
        if (statement is null)
        {
            return null;
        }

        statement.RestoreOrder();
        var consultation = await db.Consultations.AsNoTracking().Include(c => c.Clusters)
            .FirstAsync(c => c.Id == statement.ConsultationId, cancellationToken);
        return new StatementDocument(
            statement.Id,
            consultation.Id,
            consultation.Title,
            statement.Title,
            statement.Kind,
            statement.ClusterNumber,
            statement.ClusterNumber is { } n ? consultation.FindCluster(n)?.Title : null,
            [.. statement.Numbered().Select(n => new BlockView(n.Block.Id.Value, n.Block.Kind, n.Block.HeadingLevel, n.Number, n.Block.Text))],
            await StageOfAsync(db, statement.Id, cancellationToken));
    }

    private static async Task<string> StageOfAsync(DraftingDbContext db, int statementId, CancellationToken cancellationToken)
    {
        var poll = await db.Polls.AsNoTracking().Where(p => p.StatementId == statementId).OrderByDescending(p => p.Id)
            .Select(p => new { p.ClosedAt, p.Outcome }).FirstOrDefaultAsync(cancellationToken);
        return Polls.PollDesk.StageOf(poll is null ? null : (poll.ClosedAt, poll.Outcome));
    }
}

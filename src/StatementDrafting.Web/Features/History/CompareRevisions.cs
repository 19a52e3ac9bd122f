using Mediator;
using StatementDrafting.Domain.Amendments;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;

namespace StatementDrafting.Web.Features.History;

/// <summary>Compares two revisions of a statement, block by block, word by word.</summary>
public sealed record CompareRevisions(int StatementId, int From, int To) : IQuery<RevisionComparison>, IAuthorisedRequest
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Read);
}

public sealed record ComparedBlockView(string BlockId, int? Number, ComparedBlockChange Change, WordDiffResult Diff);

public sealed record RevisionComparison(int StatementId, int From, int To, IReadOnlyList<ComparedBlockView> Blocks)
{
    public int ChangedCount => Blocks.Count(b => b.Change != ComparedBlockChange.Unchanged);
}

public sealed class CompareRevisionsValidator : IValidator<CompareRevisions>
{
    public IEnumerable<ValidationError> Validate(CompareRevisions message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Ids.Positive(("StatementId", message.StatementId, "statement"))
            .Concat(message.From < 0 || message.To < 0 ? [new ValidationError(nameof(message.From), "A revision is 0 or more.")] : []);
    }
}

public sealed class CompareRevisionsHandler(StatementArchive archive) : IQueryHandler<CompareRevisions, RevisionComparison>
{
    public async ValueTask<RevisionComparison> Handle(CompareRevisions query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var older = await archive.DocumentAtAsync(query.StatementId, query.From, cancellationToken);
        var newer = await archive.DocumentAtAsync(query.StatementId, query.To, cancellationToken);
        var compared = StatementComparison.Compare(
            [.. older.Blocks.Select(b => (b.Id.Value, b.Text))], [.. newer.Blocks.Select(b => (b.Id.Value, b.Text))]);
        var numbers = Statements.StatementBlocks.From(newer.Blocks)
            .Where(b => b.Number is not null)
            .ToDictionary(b => b.Id, b => b.Number!.Value, StringComparer.Ordinal);

        return new RevisionComparison(
            query.StatementId,
            query.From,
            query.To,
            [.. compared.Select(c => new ComparedBlockView(c.BlockId, numbers.TryGetValue(c.BlockId, out var number) ? number : null, c.Change, c.Diff))]);
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.History;

/// <summary>Names a revision ("Shared before the consultation", "End of day 1").</summary>
public sealed record NameMilestone(int StatementId, int Revision, string Name) : ICommand<Unit>, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Draft);

    public int? AuditConsultationId => null;

    public string? AuditSubject => $"Statement {StatementId}: milestone at revision {Revision}";
}

public sealed class NameMilestoneValidator : IValidator<NameMilestone>
{
    public IEnumerable<ValidationError> Validate(NameMilestone message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive(("StatementId", message.StatementId, "statement")))
        {
            yield return error;
        }

        if (message.Revision < 0)
        {
            yield return new ValidationError(nameof(message.Revision), "A revision is 0 or more.");
        }

        if (string.IsNullOrWhiteSpace(message.Name) || message.Name.Trim().Length > StatementMilestone.MaxNameLength)
        {
            yield return new ValidationError(nameof(message.Name), $"Give the milestone a name of 1 to {StatementMilestone.MaxNameLength} characters.");
        }
    }
}

public sealed class NameMilestoneHandler(IDbContextFactory<DraftingDbContext> contexts, DraftingEngine engine, TimeProvider clock) : ICommandHandler<NameMilestone, Unit>
{
    public async ValueTask<Unit> Handle(NameMilestone command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var current = await engine.SnapshotAsync(command.StatementId, cancellationToken) ?? throw new DomainException("There is no such statement.");
        if (command.Revision > current.Revision)
        {
            throw new DomainException($"Revision {command.Revision} does not exist yet; the statement is at revision {current.Revision}.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.StatementMilestones.Add(new StatementMilestone
        {
            StatementId = command.StatementId,
            Revision = command.Revision,
            Name = command.Name.Trim(),
            At = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

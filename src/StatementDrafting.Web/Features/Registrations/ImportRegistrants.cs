using System.Data;
using System.Security.Claims;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using StatementDrafting.Domain;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Features.Consultations;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Registrations;

/// <summary>
/// The organiser confirms a previewed import: exactly the valid rows of that preview become pending registrations
/// (source: import), in one transaction. If registrations changed since the preview so that a row no longer passes,
/// nothing is imported and the organiser previews the file again.
/// </summary>
public sealed record ImportRegistrants(int ConsultationId, string ImportId) : ICommand<int>, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.Organiser(ConsultationId);

    public int? AuditConsultationId => ConsultationId;

    public string? AuditSubject => "Registrant import";
}

public sealed class ImportRegistrantsValidator : IValidator<ImportRegistrants>
{
    public IEnumerable<ValidationError> Validate(ImportRegistrants message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive((nameof(message.ConsultationId), message.ConsultationId, "consultation")))
        {
            yield return error;
        }

        if (string.IsNullOrWhiteSpace(message.ImportId) || message.ImportId.Length > 64)
        {
            yield return new ValidationError(nameof(message.ImportId), "Say which preview to import.");
        }
    }
}

public sealed class ImportRegistrantsHandler(IDbContextFactory<DraftingDbContext> contexts, IMemoryCache drafts, CallerContext caller, TimeProvider clock)
    : ICommandHandler<ImportRegistrants, int>
{
    public async ValueTask<int> Handle(ImportRegistrants command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = clock.GetUtcNow();
        var draft = RegistrantImportDraft.Find(drafts, command.ImportId, caller.User.FindFirstValue(ClaimTypes.NameIdentifier), command.ConsultationId, now)
            ?? throw new DomainException(RegistrantImportDraft.Unavailable);
        if (draft.Rows.Count == 0)
        {
            throw new DomainException("The preview has no valid rows to import.");
        }

        // Taken before importing, so that a second click cannot import the same rows twice.
        draft.Discard(drafts);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var consultation = await db.WithClustersAsync(command.ConsultationId, cancellationToken)
            ?? throw new DomainException("There is no such consultation.");
        var known = new KnownRegistrations(await db.Registrations
            .Where(r => r.ConsultationId == consultation.Id && r.Status != RegistrationStatus.Declined)
            .ToListAsync(cancellationToken));

        var changed = new List<int>();
        foreach (var row in draft.Rows)
        {
            try
            {
                var registration = Domain.People.Registration.Submit(consultation, row.Details, known.RelevantTo(row.Details), RegistrationSource.Import, now);
                known.Add(registration);
                db.Registrations.Add(registration);
            }
            catch (RegistrationRefusedException)
            {
                changed.Add(row.RowNumber);
            }
        }

        if (changed.Count > 0)
        {
            throw new DomainException(
                $"Since the preview, row{(changed.Count == 1 ? "" : "s")} {string.Join(", ", changed.Take(20))}{(changed.Count > 20 ? ", ..." : "")} "
                + $"no longer pass{(changed.Count == 1 ? "es" : "")} the checks (for example someone registered meanwhile with the same e-mail address, or the lists changed). "
                + "Nothing was imported: upload the file again to see the current problems.");
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return draft.Rows.Count;
    }
}

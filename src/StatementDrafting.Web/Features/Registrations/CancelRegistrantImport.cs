using System.Security.Claims;
using Mediator;
using Microsoft.Extensions.Caching.Memory;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;

namespace StatementDrafting.Web.Features.Registrations;

/// <summary>The organiser cancels a previewed import: its rows are discarded and nothing is stored.</summary>
public sealed record CancelRegistrantImport(int ConsultationId, string ImportId) : ICommand<Unit>, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.Organiser(ConsultationId);

    public int? AuditConsultationId => ConsultationId;

    public string? AuditSubject => "Registrant import";
}

public sealed class CancelRegistrantImportValidator : IValidator<CancelRegistrantImport>
{
    public IEnumerable<ValidationError> Validate(CancelRegistrantImport message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive((nameof(message.ConsultationId), message.ConsultationId, "consultation")))
        {
            yield return error;
        }

        if (string.IsNullOrWhiteSpace(message.ImportId) || message.ImportId.Length > 64)
        {
            yield return new ValidationError(nameof(message.ImportId), "Say which preview to cancel.");
        }
    }
}

public sealed class CancelRegistrantImportHandler(IMemoryCache drafts, CallerContext caller, TimeProvider clock) : ICommandHandler<CancelRegistrantImport, Unit>
{
    /// <summary>Cancelling a preview that is gone already (lapsed, or someone else's) does nothing, quietly.</summary>
    public ValueTask<Unit> Handle(CancelRegistrantImport command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        RegistrantImportDraft.Find(drafts, command.ImportId, caller.User.FindFirstValue(ClaimTypes.NameIdentifier), command.ConsultationId, clock.GetUtcNow())
            ?.Discard(drafts);
        return ValueTask.FromResult(Unit.Value);
    }
}

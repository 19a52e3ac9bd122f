using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Sources;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Sources;

/// <summary>Stores a previewed report, exactly as previewed, with the title it is cited by: all of it in one transaction.</summary>
public sealed record SaveSourceReport(int ConsultationId, int ClusterNumber, string ImportId, string Title)
    : ICommand<int>, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.DraftCluster(ConsultationId, ClusterNumber);

    public int? AuditConsultationId => ConsultationId;

    public string? AuditSubject => $"Source report (cluster {ClusterNumber})";
}

public sealed class SaveSourceReportValidator : IValidator<SaveSourceReport>
{
    public IEnumerable<ValidationError> Validate(SaveSourceReport message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive((nameof(message.ConsultationId), message.ConsultationId, "consultation"), (nameof(message.ClusterNumber), message.ClusterNumber, "cluster")))
        {
            yield return error;
        }

        if (string.IsNullOrWhiteSpace(message.ImportId) || message.ImportId.Length > 64)
        {
            yield return new ValidationError(nameof(message.ImportId), "Say which preview to save.");
        }

        if (string.IsNullOrWhiteSpace(message.Title))
        {
            yield return new ValidationError(nameof(message.Title), "Give the report the title the draft will cite, such as \"Report of consultation 4\".");
        }
        else if (message.Title.Trim().Length > Text.MaxTitleLength)
        {
            yield return new ValidationError(nameof(message.Title), $"The title is at most {Text.MaxTitleLength} characters.");
        }
    }
}

public sealed class SaveSourceReportHandler(IDbContextFactory<DraftingDbContext> contexts, IMemoryCache drafts, CallerContext caller, TimeProvider clock)
    : ICommandHandler<SaveSourceReport, int>
{
    public async ValueTask<int> Handle(SaveSourceReport command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var userId = caller.UserId;
        var now = clock.GetUtcNow();
        if (!drafts.TryGetValue(SourceImportDraft.Key(command.ImportId), out SourceImportDraft? draft) || draft is null
            || draft.UserId != userId || draft.ConsultationId != command.ConsultationId || draft.ClusterNumber != command.ClusterNumber || now >= draft.ExpiresAt)
        {
            throw new DomainException(SourceImportDraft.Unavailable);
        }

        var report = SourceReport.From(draft.ConsultationId, draft.ClusterNumber, command.Title, draft.FileName, draft.Document, userId, now);

        // Taken before saving, so that a second click cannot store the report twice.
        drafts.Remove(SourceImportDraft.Key(draft.Id));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.SourceReports.Add(report);
        await db.SaveChangesAsync(cancellationToken); // one statement list, one transaction: all of the report or none
        return report.Id;
    }
}

using System.Security.Cryptography;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Sources;
using StatementDrafting.Web.Features.Consultations;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Sources;

/// <summary>
/// A co-host or organiser uploads an earlier report for a cluster and sees how it was split (sections, sub-sections,
/// numbered paragraphs, footnotes, warnings) before anything is stored. The parsed report waits on the server, for
/// its uploader only, until they save it (<see cref="SaveSourceReport"/>) or it lapses.
/// </summary>
public sealed record PreviewSourceReport(int ConsultationId, int ClusterNumber, string FileName, ReadOnlyMemory<byte> Content)
    : ICommand<SourcePreview>, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.DraftCluster(ConsultationId, ClusterNumber);

    public int? AuditConsultationId => ConsultationId;

    public string? AuditSubject => $"Source report preview (cluster {ClusterNumber})";
}

/// <summary>What the upload page shows: the parsed report, a title to cite it by, and the preview's id to save it with.</summary>
public sealed record SourcePreview(string ImportId, string SuggestedTitle, DateTimeOffset ExpiresAt, SourceOutline Outline);

public sealed class PreviewSourceReportValidator : IValidator<PreviewSourceReport>
{
    public IEnumerable<ValidationError> Validate(PreviewSourceReport message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive((nameof(message.ConsultationId), message.ConsultationId, "consultation"), (nameof(message.ClusterNumber), message.ClusterNumber, "cluster")))
        {
            yield return error;
        }

        if (message.Content.IsEmpty || string.IsNullOrWhiteSpace(message.FileName))
        {
            yield return new ValidationError(nameof(message.Content), "Choose a report to upload.");
        }
        else if (message.Content.Length > SourceFile.MaxBytes)
        {
            yield return new ValidationError(nameof(message.Content), $"The file is larger than {SourceFile.MaxBytes / (1024 * 1024)} MB: split the report or save it without images.");
        }
    }
}

public sealed class PreviewSourceReportHandler(IDbContextFactory<DraftingDbContext> contexts, IMemoryCache drafts, CallerContext caller, TimeProvider clock)
    : ICommandHandler<PreviewSourceReport, SourcePreview>
{
    public async ValueTask<SourcePreview> Handle(PreviewSourceReport command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await SourceMaterial.RequireClusterAsync(contexts, command.ConsultationId, command.ClusterNumber, cancellationToken);
        SourceDocument document;
        try
        {
            document = SourceFile.Read(command.FileName, command.Content.Span);
        }
        catch (SourceFileException e)
        {
            throw new ValidationFailedException([new ValidationError(nameof(command.Content), e.Message)]);
        }

        var name = Path.GetFileName(command.FileName);
        var title = document.Title ?? Path.GetFileNameWithoutExtension(name);
        var draft = new SourceImportDraft(
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), caller.UserId, command.ConsultationId, command.ClusterNumber,
            name, document, clock.GetUtcNow() + SourceImportDraft.Lifetime);
        drafts.Set(SourceImportDraft.Key(draft.Id), draft, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = SourceImportDraft.Lifetime });
        return new SourcePreview(draft.Id, title.Length > Text.MaxTitleLength ? title[..Text.MaxTitleLength] : title, draft.ExpiresAt,
            SourceOutline.Of(name, title, command.ConsultationId, command.ClusterNumber, document, null));
    }
}

/// <summary>A previewed report waiting to be saved: its uploader's, for one cluster, for 30 minutes.</summary>
public sealed record SourceImportDraft(string Id, string UserId, int ConsultationId, int ClusterNumber, string FileName, SourceDocument Document, DateTimeOffset ExpiresAt)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    public const string Unavailable = "This preview is no longer available: it lapsed after 30 minutes or was saved already. Upload the report again.";

    public static string Key(string id) => $"source-import:{id}";
}

/// <summary>What the source-material requests share.</summary>
public static class SourceMaterial
{
    /// <summary>Refuses a cluster that is not one of the consultation's (after the permission check, which says nothing about existence).</summary>
    public static async Task RequireClusterAsync(IDbContextFactory<DraftingDbContext> contexts, int consultationId, int clusterNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var consultation = await db.WithClustersAsync(consultationId, cancellationToken) ?? throw new DomainException("There is no such consultation.");
        if (consultation.Clusters.All(c => c.Number != clusterNumber))
        {
            throw new DomainException($"The consultation has no cluster {clusterNumber}.");
        }
    }

    public static string KindName(SubsectionKind kind) => kind switch
    {
        SubsectionKind.KeyChallenges => "Key challenges",
        SubsectionKind.CovidChallenges => "Specific challenges created by COVID-19",
        SubsectionKind.GoodPractices => "Good practices",
        SubsectionKind.Recommendations => "Recommendations",
        SubsectionKind.Other => "Other sub-sections",
        _ => "Before any sub-section",
    };
}

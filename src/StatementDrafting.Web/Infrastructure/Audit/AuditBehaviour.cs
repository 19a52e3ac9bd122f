using System.Security.Claims;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Infrastructure.Audit;

/// <summary>A command that names what it acts on, for the audit trail: ids only, never text, never a vote.</summary>
public interface IAudited
{
    int? AuditConsultationId { get; }

    string? AuditSubject { get; }
}

/// <summary>
/// A command too routine for the trail: it runs on every page load and records only what it says itself
/// (e.g. <c>RecordPresence</c>, whose outcome the participation dashboard shows). Neither success nor refusal is written.
/// </summary>
public interface INotAudited;

/// <summary>
/// Writes one audit entry per command: after it succeeded, or when it was refused for lack of permission.
/// Queries are not audited, nor commands marked <see cref="INotAudited"/>. Entries hold the command's name, the actor's account id and the ids the command names.
/// </summary>
public sealed class AuditBehaviour<TMessage, TResponse>(CallerContext caller, AuditTrail trail, PermissionCache permissions) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (message is not IBaseCommand || message is INotAudited)
        {
            return await next(message, cancellationToken);
        }

        try
        {
            var response = await next(message, cancellationToken);
            permissions.Invalidate(); // it may have changed who may do what
            await trail.RecordAsync(caller.User, typeof(TMessage).Name, ConsultationOf(message), SubjectOf(message), succeeded: true, CancellationToken.None);
            return response;
        }
        catch (Exception e) when (e is AccessDeniedException or NotSignedInException)
        {
            await trail.RecordAsync(caller.User, typeof(TMessage).Name, ConsultationOf(message), SubjectOf(message), succeeded: false, CancellationToken.None);
            throw;
        }
    }

    private static int? ConsultationOf(TMessage message) => message switch
    {
        IAudited audited => audited.AuditConsultationId,
        IAuthorisedRequest { Permission: ConsultationPermission p } => p.ConsultationId,
        _ => null,
    };

    private static string? SubjectOf(TMessage message) => (message as IAudited)?.AuditSubject;
}

/// <summary>Appends to the audit trail, one short-lived context per entry.</summary>
public sealed class AuditTrail(IDbContextFactory<DraftingDbContext> contexts, TimeProvider clock)
{
    public async Task RecordAsync(ClaimsPrincipal? actor, string action, int? consultationId, string? subject, bool succeeded, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            ActorUserId = actor?.FindFirstValue(ClaimTypes.NameIdentifier),
            Action = action,
            ConsultationId = consultationId,
            Subject = subject,
            Succeeded = succeeded,
        });
        await db.SaveChangesAsync(ct);
    }
}

using System.Globalization;
using System.Text;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Web.Features.Consultations;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Audit;

/// <summary>
/// A consultation's audit trail, newest first, a page at a time: what was done in it, and the sign-ins and sign-outs
/// of its members. Organisers only; it names the actors (display name and e-mail), never what anyone wrote or voted.
/// </summary>
public sealed record GetAuditTrail(int ConsultationId, int Page = 1, string? Action = null) : IQuery<AuditTrailPage?>, IAuthorisedRequest
{
    public const int PageSize = 50;

    public Permission Permission => Permission.Organiser(ConsultationId);
}

public sealed record AuditTrailPage(
    int ConsultationId,
    string Title,
    string TimeZoneId,
    int Page,
    int PageCount,
    int Total,
    string? Action,
    IReadOnlyList<AuditActionOption> Actions,
    IReadOnlyList<AuditLine> Lines);

/// <summary>An action the trail holds, for the filter.</summary>
public sealed record AuditActionOption(string Action, string Words);

/// <summary>One entry as organisers read it: the time in the consultation's zone and the actor by name.</summary>
public sealed record AuditLine(long Id, DateTimeOffset At, string Actor, string? ActorEmail, string Action, string ActionWords, string? Subject, bool Succeeded);

public sealed class GetAuditTrailValidator : IValidator<GetAuditTrail>
{
    public const int MaxPage = 100_000;
    public const int MaxActionLength = 100;

    public IEnumerable<ValidationError> Validate(GetAuditTrail message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive((nameof(message.ConsultationId), message.ConsultationId, "consultation")))
        {
            yield return error;
        }

        if (message.Page is < 1 or > MaxPage)
        {
            yield return new ValidationError(nameof(message.Page), $"A page number is between 1 and {MaxPage}.");
        }

        if (message.Action is { Length: > MaxActionLength })
        {
            yield return new ValidationError(nameof(message.Action), $"An action name is at most {MaxActionLength} characters.");
        }
    }
}

public sealed class GetAuditTrailHandler(IDbContextFactory<DraftingDbContext> contexts) : IQueryHandler<GetAuditTrail, AuditTrailPage?>
{
    /// <summary>How the trail names an entry written by the app itself rather than by a caller.</summary>
    public const string SystemActor = "system";

    public async ValueTask<AuditTrailPage?> Handle(GetAuditTrail query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.HeaderAsync(query.ConsultationId, cancellationToken) is not { } consultation)
        {
            return null;
        }

        // This consultation's entries, and the entries of no consultation (sign-ins, sign-outs) made by its members.
        var members = db.Participations.Where(p => p.ConsultationId == consultation.Id).Select(p => p.UserId);
        var trail = db.AuditEntries.AsNoTracking()
            .Where(e => e.ConsultationId == consultation.Id
                || (e.ConsultationId == null && e.ActorUserId != null && members.Contains(e.ActorUserId)));

        var actions = await trail.Select(e => e.Action).Distinct().ToListAsync(cancellationToken);
        var action = string.IsNullOrWhiteSpace(query.Action) ? null : query.Action.Trim();
        var shown = action is null ? trail : trail.Where(e => e.Action == action);
        var total = await shown.CountAsync(cancellationToken);
        var pageCount = Math.Max(1, (total + GetAuditTrail.PageSize - 1) / GetAuditTrail.PageSize);
        var page = Math.Min(query.Page, pageCount);

        // Ids grow with time, and SQLite cannot order by a DateTimeOffset: the newest entry has the highest id.
        var entries = await shown.OrderByDescending(e => e.Id)
            .Skip((page - 1) * GetAuditTrail.PageSize)
            .Take(GetAuditTrail.PageSize)
            .ToListAsync(cancellationToken);
        var actorIds = entries.Select(e => e.ActorUserId).OfType<string>().Distinct().ToList();
        var actors = await db.Users.AsNoTracking()
            .Where(u => actorIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email })
            .ToDictionaryAsync(u => u.Id, cancellationToken);

        var zone = ZonedTime.FindZone(consultation.TimeZoneId);
        var lines = entries.Select(e =>
        {
            var account = e.ActorUserId is { } id ? actors.GetValueOrDefault(id) : null;
            var actor = e.ActorUserId switch
            {
                null => "anonymous",
                SystemActor => "system",
                _ when account is null => "a deleted account",
                _ => string.IsNullOrWhiteSpace(account.DisplayName) ? account.Email ?? "an account" : account.DisplayName,
            };
            return new AuditLine(e.Id, ZonedTime.InZone(e.At, zone), actor, account?.Email, e.Action, ActionWords.Of(e.Action), e.Subject, e.Succeeded);
        }).ToList();

        return new AuditTrailPage(
            consultation.Id,
            consultation.Title,
            consultation.TimeZoneId,
            page,
            pageCount,
            total,
            action,
            [.. actions.Select(a => new AuditActionOption(a, ActionWords.Of(a))).OrderBy(a => a.Words, StringComparer.Ordinal)],
            lines);
    }
}

/// <summary>An action's name in words: "ApproveRegistration" reads "Approve registration", "SignedIn" reads "Signed in".</summary>
public static class ActionWords
{
    public static string Of(string action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var words = new StringBuilder(action.Length + 8);
        for (var i = 0; i < action.Length; i++)
        {
            var c = action[i];
            var startsWord = i > 0 && char.IsUpper(c) && (char.IsLower(action[i - 1]) || (i + 1 < action.Length && char.IsLower(action[i + 1])));
            if (startsWord)
            {
                words.Append(' ');
            }

            // Keep acronyms ("CSV") as they are; lower the first letter of every later word.
            var next = i + 1 < action.Length ? action[i + 1] : '\0';
            var inAcronym = char.IsUpper(c) && (char.IsUpper(next) || (i > 0 && char.IsUpper(action[i - 1]) && !char.IsLower(next)));
            words.Append(i > 0 && !inAcronym ? char.ToLower(c, CultureInfo.InvariantCulture) : c);
        }

        return words.ToString();
    }
}

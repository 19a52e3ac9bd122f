using System.Security.Claims;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Features.Consultations;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Participations;

/// <summary>The caller's own place in a consultation: how others see them, and their roles. Any member.</summary>
public sealed record GetMyParticipation(int ConsultationId) : IQuery<MyParticipation?>, IAuthorisedRequest
{
    public Permission Permission => Permission.Member(ConsultationId);
}

/// <summary>
/// <see cref="Pseudonym"/> is null when the caller has no participation (an administrator passes every check without one).
/// </summary>
public sealed record MyParticipation(
    int ConsultationId,
    string ConsultationTitle,
    int? Number,
    string? Pseudonym,
    string? Alias,
    IReadOnlyList<string> Roles,
    IReadOnlyList<CoHostAppearance> CoHosting);

/// <summary>How the caller appears while co-hosting one session.</summary>
public sealed record CoHostAppearance(string SessionTitle, string Label);

public sealed class GetMyParticipationValidator : IValidator<GetMyParticipation>
{
    public IEnumerable<ValidationError> Validate(GetMyParticipation message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Ids.Positive((nameof(message.ConsultationId), message.ConsultationId, "consultation"));
    }
}

public sealed class GetMyParticipationHandler(IDbContextFactory<DraftingDbContext> contexts, CallerContext caller)
    : IQueryHandler<GetMyParticipation, MyParticipation?>
{
    public async ValueTask<MyParticipation?> Handle(GetMyParticipation query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var userId = caller.User.FindFirstValue(ClaimTypes.NameIdentifier);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var consultation = await db.WithDaysAsync(query.ConsultationId, cancellationToken);
        if (consultation is null)
        {
            return null;
        }

        var participation = await db.Participations.AsNoTracking()
            .FirstOrDefaultAsync(p => p.ConsultationId == consultation.Id && p.UserId == userId, cancellationToken);
        if (participation is null)
        {
            return new MyParticipation(consultation.Id, consultation.Title, null, null, null, [], []);
        }

        var items = consultation.Days.SelectMany(d => d.Items).ToList();
        var coHosting = participation.CoHostSeats
            .Select(seat => new CoHostAppearance(
                items.Find(i => i.Key == seat.AgendaItemKey)?.Title ?? seat.AgendaItemKey,
                PublicName.Of(seat)))
            .ToList();
        return new MyParticipation(
            consultation.Id,
            consultation.Title,
            participation.Number,
            PublicName.Of(participation),
            participation.Alias,
            RolesInWords(participation, coHosting),
            coHosting);
    }

    private static List<string> RolesInWords(Participation participation, List<CoHostAppearance> coHosting)
    {
        var roles = new List<string>();
        if (participation.IsOrganiser)
        {
            roles.Add("Organiser: you set up and run this consultation.");
        }

        if (coHosting.Count > 0)
        {
            var sessions = string.Join("; ", coHosting.Select(c => c.SessionTitle).Distinct(StringComparer.Ordinal));
            roles.Add($"Co-host of {sessions}: you hold the pen for the statement of that session's cluster.");
        }

        if (participation.IsParticipant || participation.IsCoHost)
        {
            roles.Add("Participant: you read the drafts, propose amendments, support others' and take part in the adoption.");
        }

        if (participation.IsObserver)
        {
            roles.Add("Observer: you follow everything, without proposing or voting.");
        }

        return roles;
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Dashboard;

/// <summary>
/// An organiser counts someone present on a day (someone in the room who never opened the app), or, with
/// <paramref name="Present"/> false, takes that back. Returns true when it changed the list.
/// </summary>
public sealed record MarkPresent(int ConsultationId, int ParticipationId, int DayNumber, bool Present = true)
    : ICommand<bool>, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.Organiser(ConsultationId);

    public int? AuditConsultationId => ConsultationId;

    public string? AuditSubject => $"Participation {ParticipationId}, day {DayNumber}, {(Present ? "present" : "not present")}";
}

public sealed class MarkPresentValidator : IValidator<MarkPresent>
{
    /// <summary>More days than any consultation of this kind has; a bound, not a rule.</summary>
    public const int MaxDayNumber = 60;

    public IEnumerable<ValidationError> Validate(MarkPresent message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive(
            (nameof(message.ConsultationId), message.ConsultationId, "consultation"),
            (nameof(message.ParticipationId), message.ParticipationId, "participation")))
        {
            yield return error;
        }

        if (message.DayNumber is < 1 or > MaxDayNumber)
        {
            yield return new ValidationError(nameof(message.DayNumber), $"A day number is between 1 and {MaxDayNumber}.");
        }
    }
}

public sealed class MarkPresentHandler(IDbContextFactory<DraftingDbContext> contexts) : ICommandHandler<MarkPresent, bool>
{
    public async ValueTask<bool> Handle(MarkPresent command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var dayExists = await db.Consultations.Where(c => c.Id == command.ConsultationId)
            .SelectMany(c => c.Days)
            .AnyAsync(d => d.Number == command.DayNumber, cancellationToken);
        if (!dayExists)
        {
            throw new DomainException($"This consultation has no day {command.DayNumber}.");
        }

        var participation = await db.Participations
            .FirstOrDefaultAsync(p => p.Id == command.ParticipationId && p.ConsultationId == command.ConsultationId, cancellationToken)
            ?? throw new DomainException("That person does not take part in this consultation.");

        var changed = command.Present
            ? participation.MarkPresent(command.DayNumber, PresenceSource.MarkedByOrganiser)
            : participation.UnmarkPresent(command.DayNumber);
        if (changed)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return changed;
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Nominations;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Nominations;

/// <summary>
/// An organiser places an accepted nominee at a place of a speaker slot, or takes them off the slate (no slot). Refused
/// while the slate is put to the plenary and once it is approved; a place already taken is refused (by the database too).
/// </summary>
public sealed record PlaceNominee(int ConsultationId, int NominationId, int? SlotId, int? Position) : ICommand<Unit>, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.Organiser(ConsultationId);

    public int? AuditConsultationId => ConsultationId;

    public string? AuditSubject => SlotId is null ? $"Nomination {NominationId}: taken off the slate" : $"Nomination {NominationId}: placed in slot {SlotId} at {Position}";
}

public sealed class PlaceNomineeValidator : IValidator<PlaceNominee>
{
    public IEnumerable<ValidationError> Validate(PlaceNominee message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive(("ConsultationId", message.ConsultationId, "consultation"), ("NominationId", message.NominationId, "nomination"), ("SlotId", message.SlotId, "slot")))
        {
            yield return error;
        }

        if (message.SlotId is not null && message.Position is not >= 1)
        {
            yield return new ValidationError(nameof(message.Position), "A place on the slate is numbered from 1.");
        }
    }
}

public sealed class PlaceNomineeHandler(IDbContextFactory<DraftingDbContext> contexts, ISlateBus slates) : ICommandHandler<PlaceNominee, Unit>
{
    public async ValueTask<Unit> Handle(PlaceNominee command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await NominationDesk.EnsureSlateOpenAsync(db, command.ConsultationId, cancellationToken);
        var nomination = await db.Nominations.FirstOrDefaultAsync(n => n.Id == command.NominationId && n.ConsultationId == command.ConsultationId, cancellationToken)
            ?? throw new DomainException("There is no such nomination in this consultation.");
        if (command.SlotId is { } slotId)
        {
            var slot = await db.Consultations.Where(c => c.Id == command.ConsultationId).SelectMany(c => c.SpeakerSlots).FirstOrDefaultAsync(s => s.Id == slotId, cancellationToken)
                ?? throw new DomainException("This consultation has no such speaker slot.");
            if (command.Position > slot.Count)
            {
                throw new DomainException($"The {slot.Kind} slot has {Slate.PlacesWord(slot.Count)}.");
            }

            if (await db.Nominations.AnyAsync(n => n.Id != nomination.Id && n.SlotId == slotId && n.Position == command.Position, cancellationToken))
            {
                throw new DomainException($"Place {command.Position} of the {slot.Kind} slot is taken: take its nominee off first.");
            }
        }

        nomination.Place(command.SlotId, command.Position);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsConflict(e))
        {
            // Another organiser filled the place (or changed this nominee) meanwhile.
            throw new DomainException("Someone changed the slate at the same moment: look again and retry.");
        }

        slates.Publish(command.ConsultationId);
        return Unit.Value;
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Nominations;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Nominations;

/// <summary>
/// A participant nominates themself as a speaker (<see cref="Self"/>, with <see cref="Consent"/> to be named), or proposes
/// someone by name and organisation. Not audited: the trail names the actor, and who proposed whom is never shown
/// (ADR 0013); the proposal itself is the record.
/// </summary>
public sealed record NominateSpeaker(
    int ConsultationId,
    bool Self,
    string? Name = null,
    string? Organisation = null,
    string? SlotKind = null,
    string? Note = null,
    bool Consent = false) : ICommand<int>, IAuthorisedRequest, INotAudited
{
    public Permission Permission => Permission.InConsultation(ConsultationId, ConsultationRole.Participant, ConsultationRole.CoHost);
}

public sealed class NominateSpeakerValidator : IValidator<NominateSpeaker>
{
    public IEnumerable<ValidationError> Validate(NominateSpeaker message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive(("ConsultationId", message.ConsultationId, "consultation")))
        {
            yield return error;
        }

        if (message.Self && !message.Consent)
        {
            yield return new ValidationError(nameof(message.Consent), "Agree to be named as a nominee to nominate yourself.");
        }

        if (!message.Self && string.IsNullOrWhiteSpace(message.Name))
        {
            yield return new ValidationError(nameof(message.Name), "Give the name of the person you propose.");
        }
        else if (message.Name is { Length: > Nomination.MaxProposedNameLength })
        {
            yield return new ValidationError(nameof(message.Name), $"A name has at most {Nomination.MaxProposedNameLength} characters.");
        }

        if (!message.Self && string.IsNullOrWhiteSpace(message.Organisation))
        {
            yield return new ValidationError(nameof(message.Organisation), "Give the organisation of the person you propose.");
        }
        else if (message.Organisation is { Length: > Text.MaxNameLength })
        {
            yield return new ValidationError(nameof(message.Organisation), $"An organisation has at most {Text.MaxNameLength} characters.");
        }

        if (message.Note is { Length: > Nomination.MaxNoteLength })
        {
            yield return new ValidationError(nameof(message.Note), $"A note has at most {Nomination.MaxNoteLength} characters.");
        }
    }
}

public sealed class NominateSpeakerHandler(IDbContextFactory<DraftingDbContext> contexts, CallerContext caller, ISlateBus slates, TimeProvider clock)
    : ICommandHandler<NominateSpeaker, int>
{
    public async ValueTask<int> Handle(NominateSpeaker command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var me = await NominationDesk.EligibleAsync(db, command.ConsultationId, caller.UserId, cancellationToken);
        await NominationDesk.EnsureNotApprovedAsync(db, command.ConsultationId, cancellationToken);
        var slotKind = await SlotKindAsync(db, command, cancellationToken);
        var now = clock.GetUtcNow();

        Nomination nomination;
        if (command.Self)
        {
            if (me.RegistrationId is null)
            {
                throw new DomainException("Nominees are named as registered: you have no registration in this consultation. Ask the organisers.");
            }

            if (await db.Nominations.AnyAsync(n => n.NomineeParticipationId == me.Id && (n.Status == NominationStatus.Accepted || n.Status == NominationStatus.AwaitingConsent), cancellationToken))
            {
                throw new DomainException("You are already nominated (or asked to accept a nomination): see your nomination below.");
            }

            nomination = Nomination.Self(command.ConsultationId, me.Id, slotKind, command.Note, now);
        }
        else
        {
            var open = await db.Nominations.CountAsync(
                n => n.ProposerParticipationId == me.Id && !n.IsSelf && (n.Status == NominationStatus.AwaitingMatch || n.Status == NominationStatus.AwaitingConsent),
                cancellationToken);
            if (open >= NominationDesk.MaxOpenProposalsPerPerson)
            {
                throw new DomainException($"You have {open} proposals waiting: wait until some are answered before proposing more.");
            }

            nomination = Nomination.Propose(command.ConsultationId, me.Id, command.Name!, command.Organisation!, slotKind, command.Note, now);
        }

        db.Nominations.Add(nomination);
        await db.SaveChangesAsync(cancellationToken);
        slates.Publish(command.ConsultationId);
        return nomination.Id;
    }

    private static async Task<string?> SlotKindAsync(DraftingDbContext db, NominateSpeaker command, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(command.SlotKind))
        {
            return null;
        }

        var kinds = await db.Consultations.Where(c => c.Id == command.ConsultationId).SelectMany(c => c.SpeakerSlots.Select(s => s.Kind)).ToListAsync(cancellationToken);
        return kinds.FirstOrDefault(k => string.Equals(k, command.SlotKind.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new DomainException($"This consultation has no \"{command.SlotKind.Trim()}\" speaker slot.");
    }
}

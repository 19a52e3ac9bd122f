using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Agenda;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Consultations;

/// <summary>
/// Records that an agenda item starts now ("Start" pressed by one of its co-hosts or an organiser), once per item. An
/// item pressed before its scheduled start begins then: the projector's changes count from the press.
/// </summary>
public sealed record StartAgendaItem(int ConsultationId, string AgendaItemKey) : ICommand<DateTimeOffset>, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.RunAgendaItem(ConsultationId, AgendaItemKey);

    public int? AuditConsultationId => ConsultationId;

    public string? AuditSubject => $"Agenda item {AgendaItemKey}";
}

public sealed class StartAgendaItemValidator : IValidator<StartAgendaItem>
{
    public IEnumerable<ValidationError> Validate(StartAgendaItem message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive((nameof(message.ConsultationId), message.ConsultationId, "consultation")))
        {
            yield return error;
        }

        if (string.IsNullOrWhiteSpace(message.AgendaItemKey) || message.AgendaItemKey.Length > 40)
        {
            yield return new ValidationError(nameof(message.AgendaItemKey), "Name an agenda item by its key.");
        }
    }
}

public sealed class StartAgendaItemHandler(IDbContextFactory<DraftingDbContext> contexts, TimeProvider clock) : ICommandHandler<StartAgendaItem, DateTimeOffset>
{
    public async ValueTask<DateTimeOffset> Handle(StartAgendaItem command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var consultation = await db.WithDaysAsync(command.ConsultationId, cancellationToken) ?? throw new DomainException("There is no such consultation.");
        var item = consultation.Schedule().FirstOrDefault(s => s.Item.Key == command.AgendaItemKey)
            ?? throw new DomainException("There is no such agenda item.");
        var now = clock.GetUtcNow();
        if (item.EndsAt <= now)
        {
            throw new DomainException($"{item.Item.Title} has ended: it can no longer be started.");
        }

        var started = await db.AgendaItemStarts.AsNoTracking()
            .Where(s => s.ConsultationId == command.ConsultationId && s.AgendaItemKey == command.AgendaItemKey)
            .Select(s => (DateTimeOffset?)s.StartedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (started is { } at)
        {
            throw AlreadyStarted(item, at, consultation.TimeZone);
        }

        db.AgendaItemStarts.Add(new AgendaItemStart { ConsultationId = command.ConsultationId, AgendaItemKey = command.AgendaItemKey, StartedAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            // Two presses at once: the unique index kept the first.
            throw new DomainException($"{item.Item.Title} was started already.");
        }

        return now;
    }

    private static DomainException AlreadyStarted(ScheduledItem item, DateTimeOffset at, TimeZoneInfo zone) =>
        new(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{item.Item.Title} was started already, at {ZonedTime.InZone(at, zone):HH:mm}."));
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Roles;

/// <summary>
/// Seats a member as co-host of a parallel session, for one of the co-host organisations the agenda names for it
/// (or takes the seat away). A co-host holds the pen for the statement of the session's cluster.
/// </summary>
public sealed record SeatCoHost(int ConsultationId, int ParticipationId, string AgendaItemKey, string? Organisation, bool Seat = true)
    : ICommand<Unit>, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.Organiser(ConsultationId);

    public int? AuditConsultationId => ConsultationId;

    public string? AuditSubject => $"Participation {ParticipationId}: {(Seat ? "seat" : "unseat")} co-host of {AgendaItemKey}";
}

public sealed class SeatCoHostHandler(IDbContextFactory<DraftingDbContext> contexts) : ICommandHandler<SeatCoHost, Unit>
{
    public async ValueTask<Unit> Handle(SeatCoHost command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var participation = await db.Participations.FirstOrDefaultAsync(p => p.Id == command.ParticipationId && p.ConsultationId == command.ConsultationId, cancellationToken)
            ?? throw new DomainException("That person is not a member of this consultation.");
        if (!command.Seat)
        {
            participation.Unseat(command.AgendaItemKey);
        }
        else
        {
            var session = await db.Consultations.AsNoTracking().Where(c => c.Id == command.ConsultationId)
                .SelectMany(c => c.Days).SelectMany(d => d.Items)
                .FirstOrDefaultAsync(i => i.Key == command.AgendaItemKey, cancellationToken)
                ?? throw new DomainException("Co-hosts are seated in parallel sessions only.");
            participation.SeatAsCoHost(session, command.Organisation);
        }

        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

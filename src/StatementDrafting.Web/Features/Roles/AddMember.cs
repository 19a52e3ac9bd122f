using System.Net.Mail;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Identity;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Roles;

/// <summary>
/// Adds someone who did not register (an observer, a co-host, another organiser) by e-mail address, creating their
/// account if it does not exist. They sign in with a personal link or a token; the account has no password.
/// </summary>
public sealed record AddMember(int ConsultationId, string Email, string Name, ConsultationRole Role) : ICommand<int>, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.Organiser(ConsultationId);

    public int? AuditConsultationId => ConsultationId;

    public string? AuditSubject => $"new member as {Role}";
}

public sealed class AddMemberValidator : IValidator<AddMember>
{
    public IEnumerable<ValidationError> Validate(AddMember message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var email = message.Email?.Trim() ?? string.Empty;
        if (email.Length is 0 or > Registration.MaxEmailLength || !MailAddress.TryCreate(email, out _))
        {
            yield return new ValidationError(nameof(message.Email), "Give a valid e-mail address.");
        }

        if (string.IsNullOrWhiteSpace(message.Name) || message.Name.Trim().Length > Text.MaxNameLength)
        {
            yield return new ValidationError(nameof(message.Name), $"Give a name of at most {Text.MaxNameLength} characters.");
        }

        if (message.Role is not (ConsultationRole.Organiser or ConsultationRole.Participant or ConsultationRole.Observer))
        {
            yield return new ValidationError(nameof(message.Role), "Choose organiser, participant or observer; then seat co-hosts per session.");
        }
    }
}

public sealed class AddMemberHandler(IDbContextFactory<DraftingDbContext> contexts, AccountDirectory directory) : ICommandHandler<AddMember, int>
{
    public async ValueTask<int> Handle(AddMember command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Consultations.AnyAsync(c => c.Id == command.ConsultationId, cancellationToken))
        {
            throw new DomainException("There is no such consultation.");
        }

        var user = await directory.FindOrCreateUserAsync(db, command.Email, command.Name, cancellationToken);
        var participation = await directory.FindOrCreateParticipationAsync(db, command.ConsultationId, user, cancellationToken);
        switch (command.Role)
        {
            case ConsultationRole.Organiser: participation.MakeOrganiser(); break;
            case ConsultationRole.Participant: participation.MakeParticipant(); break;
            default: participation.MakeObserver(); break;
        }

        await db.SaveChangesAsync(cancellationToken);
        return participation.Id;
    }
}

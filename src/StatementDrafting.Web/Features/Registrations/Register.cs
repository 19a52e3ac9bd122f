using System.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Features.Consultations;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Registrations;

/// <summary>
/// A person registers for a consultation through the public form. Refused, with every problem named, after the deadline
/// (in the consultation's own time zone), with a field missing or not from the consultation's lists, with an e-mail
/// address registered already, or when the consultation enforces one person per organisation and the organisation is taken.
/// </summary>
public sealed record Register(
    int ConsultationId,
    string? Name,
    string? Email,
    string? Organisation,
    string? StakeholderCategory,
    string? Country,
    string? Region,
    Gender? Gender,
    int? PreferredClusterNumber) : ICommand<int>, IAuthorisedRequest, IAudited
{
    /// <summary>The longest any field may be before it is refused outright (the domain's own limits are lower and explained).</summary>
    public const int MaxFieldLength = 1_000;

    /// <summary>Anyone may register; the form's POSTs are rate limited per address.</summary>
    public Permission Permission => Permission.Anyone;

    public int? AuditConsultationId => ConsultationId;

    public string? AuditSubject => null;
}

public sealed class RegisterValidator : IValidator<Register>
{
    public IEnumerable<ValidationError> Validate(Register message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive((nameof(message.ConsultationId), message.ConsultationId, "consultation")))
        {
            yield return error;
        }

        foreach (var (field, value) in new[]
        {
            (nameof(message.Name), message.Name),
            (nameof(message.Email), message.Email),
            (nameof(message.Organisation), message.Organisation),
            (nameof(message.StakeholderCategory), message.StakeholderCategory),
            (nameof(message.Country), message.Country),
            (nameof(message.Region), message.Region),
        })
        {
            if (value is { Length: > Register.MaxFieldLength })
            {
                yield return new ValidationError(field, $"This answer is far too long (over {Register.MaxFieldLength} characters).");
            }
        }

        if (message.Gender is { } gender && !Enum.IsDefined(gender))
        {
            yield return new ValidationError(nameof(message.Gender), "Choose one of the answers for gender.");
        }
    }
}

public sealed class RegisterHandler(IDbContextFactory<DraftingDbContext> contexts, TimeProvider clock) : ICommandHandler<Register, int>
{
    public async ValueTask<int> Handle(Register command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        // One writer at a time, so that two registrations with the same e-mail or organisation cannot both pass the checks.
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var consultation = await db.WithClustersAsync(command.ConsultationId, cancellationToken)
            ?? throw new DomainException("There is no such consultation.");

        var problems = new List<RegistrationProblem>();
        if (!string.IsNullOrWhiteSpace(command.Country) && Countries.Find(command.Country) is null)
        {
            problems.Add(new(RegistrationField.Country, "Choose a country from the list (or \"Other\")."));
        }

        if (command.Gender is null)
        {
            problems.Add(new(RegistrationField.Gender, "Choose an answer for gender (\"prefer not to say\" is one)."));
        }

        var details = new RegistrationDetails(
            command.Name ?? string.Empty,
            command.Email ?? string.Empty,
            command.Organisation ?? string.Empty,
            command.StakeholderCategory ?? string.Empty,
            Countries.Find(command.Country) ?? command.Country ?? string.Empty,
            command.Region ?? string.Empty,
            command.Gender ?? Gender.PreferNotToSay,
            command.PreferredClusterNumber);
        var email = details.Email.Trim().ToLowerInvariant();
        var organisationKey = OrganisationName.Normalise(details.Organisation);
        var existing = await db.Registrations
            .Where(r => r.ConsultationId == consultation.Id && r.Status != RegistrationStatus.Declined)
            .Where(r => r.Email == email || (organisationKey != string.Empty && r.OrganisationKey == organisationKey))
            .ToListAsync(cancellationToken);

        Domain.People.Registration registration;
        try
        {
            registration = Domain.People.Registration.Submit(consultation, details, existing, RegistrationSource.Form, clock.GetUtcNow());
        }
        catch (RegistrationRefusedException refused)
        {
            throw new RegistrationRefusedException([.. refused.Problems, .. problems]);
        }

        if (problems.Count > 0)
        {
            throw new RegistrationRefusedException(problems);
        }

        db.Registrations.Add(registration);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return registration.Id;
    }
}

using Mediator;
using StatementDrafting.Domain;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;

namespace StatementDrafting.Web.Features.Setup;

/// <summary>An organiser changes one part of the consultation's set-up (a cluster, a day, an agenda item, working groups, a slot).</summary>
public sealed record EditConsultation(int ConsultationId, DefinitionEdit Edit) : ICommand<Unit>, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.Organiser(ConsultationId);

    public int? AuditConsultationId => ConsultationId;

    public string? AuditSubject => $"Set-up: {Edit?.Subject}";
}

public sealed class EditConsultationValidator : IValidator<EditConsultation>
{
    public IEnumerable<ValidationError> Validate(EditConsultation message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive(("ConsultationId", message.ConsultationId, "consultation")))
        {
            yield return error;
        }

        if (message.Edit is null)
        {
            yield return new ValidationError(nameof(message.Edit), "Say what to change.");
        }
    }
}

public sealed class EditConsultationHandler(DefinitionStore store) : ICommandHandler<EditConsultation, Unit>
{
    private static readonly IReadOnlyDictionary<string, long> NoLines = new Dictionary<string, long>();

    public async ValueTask<Unit> Handle(EditConsultation command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var definition = await store.DefinitionOfAsync(command.ConsultationId, cancellationToken) ?? throw new DomainException("There is no such consultation.");
        await store.SaveAsync(command.ConsultationId, command.Edit.Apply(definition), NoLines, cancellationToken);
        return Unit.Value;
    }
}

/// <summary>A consultation's definition as the setup page shows it (organisers).</summary>
public sealed record GetConsultationDefinition(int ConsultationId) : IQuery<ConsultationDefinition?>, IAuthorisedRequest
{
    public Permission Permission => Permission.Organiser(ConsultationId);
}

public sealed class GetConsultationDefinitionHandler(DefinitionStore store) : IQueryHandler<GetConsultationDefinition, ConsultationDefinition?>
{
    public async ValueTask<ConsultationDefinition?> Handle(GetConsultationDefinition query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await store.DefinitionOfAsync(query.ConsultationId, cancellationToken);
    }
}

/// <summary>A server administrator creates a consultation from a title and a time zone; they become its organiser.</summary>
public sealed record CreateConsultation(string Title, string TimeZone) : ICommand<int>, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.Administrator;

    public int? AuditConsultationId => null;

    public string? AuditSubject => "Consultation created";
}

public sealed class CreateConsultationValidator : IValidator<CreateConsultation>
{
    public IEnumerable<ValidationError> Validate(CreateConsultation message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrWhiteSpace(message.Title) || message.Title.Trim().Length > Text.MaxTitleLength)
        {
            yield return new ValidationError(nameof(message.Title), $"Give the consultation a title of 1 to {Text.MaxTitleLength} characters.");
        }

        if (string.IsNullOrWhiteSpace(message.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(message.TimeZone.Trim(), out _))
        {
            yield return new ValidationError(nameof(message.TimeZone), "Choose a time zone such as Asia/Bangkok.");
        }
    }
}

public sealed class CreateConsultationHandler(DefinitionStore store) : ICommandHandler<CreateConsultation, int>
{
    public async ValueTask<int> Handle(CreateConsultation command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var definition = new ConsultationDefinition(
            command.Title.Trim(),
            command.TimeZone.Trim(),
            new RulesDefinition(ChathamHouse: true, Recorded: false, Domain.Consultations.OnePersonPerOrganisation.Off, Domain.Consultations.AdoptionRule.Consensus),
            Clusters: [],
            Days: [],
            ExpectedOutcomes: new OutcomesDefinition([new StatementDefinition("opening")]));
        return await store.SaveAsync(null, definition, new Dictionary<string, long>(), cancellationToken);
    }
}

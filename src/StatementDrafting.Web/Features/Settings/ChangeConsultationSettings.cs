using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.Polls;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Settings;

/// <summary>
/// Organisers change a consultation's rules, its registration deadline (a local date and time in the consultation's zone)
/// and the lists registrants choose their stakeholder category and region from. Registrations made before keep what they chose.
/// Polls already open keep the rule they opened with; <paramref name="Majority"/> is the qualified majority ("2/3", "60%"),
/// left as it is when empty.
/// </summary>
public sealed record ChangeConsultationSettings(
    int ConsultationId,
    bool ChathamHouse,
    OnePersonPerOrganisation OnePersonPerOrganisation,
    AdoptionRule Adoption,
    int? QuorumPercent,
    DateTime? RegistrationClosesLocal,
    IReadOnlyList<string> StakeholderCategories,
    IReadOnlyList<string> Regions,
    string? Majority = null,
    bool ResponsePerOrganisation = false,
    bool TallyShownToAll = false) : ICommand<Unit>, IAuthorisedRequest, IAudited
{
    public const int MaxListEntries = 50;
    public const int MaxEntryLength = Text.MaxNameLength;

    public Permission Permission => Permission.Organiser(ConsultationId);

    public int? AuditConsultationId => ConsultationId;

    public string? AuditSubject => "Settings";

    /// <summary>A list as entered: each entry trimmed, blank entries left out.</summary>
    public static IReadOnlyList<string> Clean(IEnumerable<string?>? entries) =>
        [.. (entries ?? []).Select(e => e?.Trim() ?? string.Empty).Where(e => e.Length > 0)];
}

public sealed class ChangeConsultationSettingsValidator : IValidator<ChangeConsultationSettings>
{
    private static readonly DateTime Earliest = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
    private static readonly DateTime Latest = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    public IEnumerable<ValidationError> Validate(ChangeConsultationSettings message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive((nameof(message.ConsultationId), message.ConsultationId, "consultation")))
        {
            yield return error;
        }

        if (!Enum.IsDefined(message.OnePersonPerOrganisation))
        {
            yield return new ValidationError(nameof(message.OnePersonPerOrganisation), "Choose off, warn or enforce.");
        }

        if (!Enum.IsDefined(message.Adoption))
        {
            yield return new ValidationError(nameof(message.Adoption), "Choose an adoption rule from the list.");
        }

        if (message.QuorumPercent is < 1 or > 100)
        {
            yield return new ValidationError(nameof(message.QuorumPercent), "A quorum is a percentage from 1 to 100, or empty for none.");
        }

        if (!string.IsNullOrWhiteSpace(message.Majority) && MajorityOf(message) is null)
        {
            yield return new ValidationError(nameof(message.Majority), "A qualified majority is a share from one half to all, such as 2/3 or 60%.");
        }

        if (message.RegistrationClosesLocal is { } closes && (closes < Earliest || closes >= Latest))
        {
            yield return new ValidationError(nameof(message.RegistrationClosesLocal), "Give a deadline between the years 2000 and 2099.");
        }

        foreach (var error in CheckList(nameof(message.StakeholderCategories), "stakeholder category", message.StakeholderCategories))
        {
            yield return error;
        }

        foreach (var error in CheckList(nameof(message.Regions), "region", message.Regions))
        {
            yield return error;
        }
    }

    /// <summary>The qualified majority the command gives, or null when it gives none or not one.</summary>
    public static MajorityShare? MajorityOf(ChangeConsultationSettings message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrWhiteSpace(message.Majority))
        {
            return null;
        }

        try
        {
            return MajorityShare.Parse(message.Majority);
        }
        catch (DomainException)
        {
            return null;
        }
    }

    private static IEnumerable<ValidationError> CheckList(string field, string what, IReadOnlyList<string>? entries)
    {
        var cleaned = ChangeConsultationSettings.Clean(entries);
        if (cleaned.Count == 0)
        {
            yield return new ValidationError(field, $"Give at least one {what}, one per line: registrants choose from this list.");
            yield break;
        }

        if (cleaned.Count > ChangeConsultationSettings.MaxListEntries)
        {
            yield return new ValidationError(field, $"Give at most {ChangeConsultationSettings.MaxListEntries} entries (there are {cleaned.Count}).");
        }

        foreach (var tooLong in cleaned.Where(e => e.Length > ChangeConsultationSettings.MaxEntryLength).Take(3))
        {
            yield return new ValidationError(field, $"\"{tooLong[..40]}…\" is longer than {ChangeConsultationSettings.MaxEntryLength} characters.");
        }

        if (cleaned.Any(e => e.Any(char.IsControl)))
        {
            yield return new ValidationError(field, "Entries may not contain control characters.");
        }

        foreach (var duplicate in cleaned.GroupBy(e => e, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Take(3))
        {
            yield return new ValidationError(field, $"\"{duplicate.Key}\" is listed more than once.");
        }
    }
}

public sealed class ChangeConsultationSettingsHandler(IDbContextFactory<DraftingDbContext> contexts) : ICommandHandler<ChangeConsultationSettings, Unit>
{
    public async ValueTask<Unit> Handle(ChangeConsultationSettings command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var consultation = await db.Consultations.FirstOrDefaultAsync(c => c.Id == command.ConsultationId, cancellationToken)
            ?? throw new DomainException("There is no such consultation.");

        var majority = ChangeConsultationSettingsValidator.MajorityOf(command);
        consultation.ChangeRules(consultation.Rules with
        {
            ChathamHouse = command.ChathamHouse,
            OnePersonPerOrganisation = command.OnePersonPerOrganisation,
            Adoption = command.Adoption,
            QuorumPercent = command.QuorumPercent,
            MajorityNumerator = majority?.Numerator ?? consultation.Rules.MajorityNumerator,
            MajorityDenominator = majority?.Denominator ?? consultation.Rules.MajorityDenominator,
            ResponsePerOrganisation = command.ResponsePerOrganisation,
            TallyShownToAll = command.TallyShownToAll,
        });

        if (command.RegistrationClosesLocal is { } closes)
        {
            consultation.CloseRegistrationAt(new DateTime(closes.Year, closes.Month, closes.Day, closes.Hour, closes.Minute, 0, DateTimeKind.Unspecified));
        }
        else if (consultation.RegistrationClosesLocal is not null)
        {
            throw new DomainException("Registration has a deadline already: give a new date and time rather than none.");
        }

        consultation.SetStakeholderCategories(ChangeConsultationSettings.Clean(command.StakeholderCategories));
        consultation.SetRegions(ChangeConsultationSettings.Clean(command.Regions));
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Consultations;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Features.Consultations;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Registrations;

/// <summary>
/// An organiser uploads a CSV file of registrants and sees, row by row, what would be imported and what is wrong.
/// Nothing is stored in the database: the valid rows wait on the server for the organiser to confirm or cancel.
/// A file that cannot be read (too big, too many rows, not UTF-8, broken quoting, a required column missing) is refused whole.
/// </summary>
public sealed record PreviewRegistrantImport(int ConsultationId, ReadOnlyMemory<byte> Content) : ICommand<ImportPreview>, IAuthorisedRequest, IAudited
{
    public Permission Permission => Permission.Organiser(ConsultationId);

    public int? AuditConsultationId => ConsultationId;

    public string? AuditSubject => "Registrant import preview";
}

/// <summary>One row of the file as the preview shows it; it is imported only when it has no errors.</summary>
public sealed record ImportRowPreview(
    int RowNumber,
    string Name,
    string Email,
    string Organisation,
    string StakeholderCategory,
    string Country,
    string Region,
    string Gender,
    string PreferredCluster,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Warnings)
{
    public bool IsValid => Errors.Count == 0;
}

public sealed record ImportPreview(string ImportId, int ConsultationId, DateTimeOffset ExpiresAt, IReadOnlyList<ImportRowPreview> Rows, IReadOnlyList<string> IgnoredColumns)
{
    public int ValidCount => Rows.Count(r => r.IsValid);

    public int InvalidCount => Rows.Count(r => !r.IsValid);
}

public sealed class PreviewRegistrantImportValidator : IValidator<PreviewRegistrantImport>
{
    public IEnumerable<ValidationError> Validate(PreviewRegistrantImport message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive((nameof(message.ConsultationId), message.ConsultationId, "consultation")))
        {
            yield return error;
        }

        if (message.Content.IsEmpty)
        {
            yield return new ValidationError(nameof(message.Content), "Choose a CSV file to upload.");
        }
        else if (message.Content.Length > CsvFile.MaxBytes)
        {
            yield return new ValidationError(nameof(message.Content), $"The file is larger than {CsvFile.MaxBytes / (1024 * 1024)} MB. Split it into smaller files.");
        }
    }
}

public sealed class PreviewRegistrantImportHandler(IDbContextFactory<DraftingDbContext> contexts, IMemoryCache drafts, CallerContext caller, TimeProvider clock)
    : ICommandHandler<PreviewRegistrantImport, ImportPreview>
{
    public async ValueTask<ImportPreview> Handle(PreviewRegistrantImport command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        CsvTable table;
        RegistrantColumns columns;
        try
        {
            table = CsvFile.Read(command.Content.Span);
            columns = RegistrantColumns.Match(table.Headers);
        }
        catch (CsvFormatException e)
        {
            throw new ValidationFailedException([new ValidationError(nameof(command.Content), e.Message)]);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var consultation = await db.WithClustersAsync(command.ConsultationId, cancellationToken)
            ?? throw new DomainException("There is no such consultation.");
        var stored = await db.Registrations.AsNoTracking()
            .Where(r => r.ConsultationId == consultation.Id && r.Status != RegistrationStatus.Declined)
            .ToListAsync(cancellationToken);

        var now = clock.GetUtcNow();
        var check = new RowCheck(consultation, stored);
        var previews = new List<ImportRowPreview>(table.Rows.Count);
        var accepted = new List<DraftRow>();
        foreach (var row in table.Rows)
        {
            var (preview, details) = check.Check(row, columns, now);
            previews.Add(preview);
            if (details is not null)
            {
                accepted.Add(new DraftRow(row.Number, details));
            }
        }

        var userId = caller.UserId;
        var draft = new RegistrantImportDraft(RegistrantImportDraft.NewId(), userId, consultation.Id, now + RegistrantImportDraft.Lifetime, accepted);
        draft.Store(drafts);
        return new ImportPreview(draft.Id, consultation.Id, draft.ExpiresAt, previews, columns.Ignored);
    }

    /// <summary>Checks rows in file order against the consultation and the registrations stored and accepted so far.</summary>
    private sealed class RowCheck(Consultation consultation, IReadOnlyList<Domain.People.Registration> stored)
    {
        private readonly KnownRegistrations _known = new(stored);
        private readonly HashSet<string> _storedEmails = stored.Select(r => r.Email).ToHashSet(StringComparer.Ordinal);
        private readonly HashSet<string> _storedOrganisations = stored.Select(r => r.OrganisationKey).ToHashSet(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _emailRows = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _organisationRows = new(StringComparer.Ordinal);

        public (ImportRowPreview Preview, RegistrationDetails? Details) Check(CsvRow row, RegistrantColumns columns, DateTimeOffset now)
        {
            string Value(RegistrantColumn column) => columns.ValueOf(row, column);

            var errors = new List<string>();
            var warnings = new List<string>();
            var category = Value(RegistrantColumn.StakeholderCategory);
            var region = Value(RegistrantColumn.Region);
            var genderText = Value(RegistrantColumn.Gender);
            var clusterText = Value(RegistrantColumn.PreferredCluster);
            var gender = RegistrantColumns.GenderOf(genderText);
            if (gender is null)
            {
                errors.Add($"Unknown gender \"{Shorten(genderText)}\": write woman, man, another gender or prefer not to say.");
            }

            if (!RegistrantColumns.TryClusterOf(clusterText, consultation.Clusters, out var cluster))
            {
                errors.Add($"Unknown preferred cluster \"{Shorten(clusterText)}\".");
            }

            var details = new RegistrationDetails(
                Value(RegistrantColumn.Name),
                Value(RegistrantColumn.Email),
                Value(RegistrantColumn.Organisation),
                consultation.StakeholderCategories.FirstOrDefault(c => string.Equals(c, category, StringComparison.OrdinalIgnoreCase)) ?? category,
                Countries.Find(Value(RegistrantColumn.Country)) ?? Value(RegistrantColumn.Country),
                consultation.Regions.FirstOrDefault(r => string.Equals(r, region, StringComparison.OrdinalIgnoreCase)) ?? region,
                gender ?? Gender.PreferNotToSay,
                cluster);
            var email = details.Email.ToLowerInvariant();
            var organisation = OrganisationName.Normalise(details.Organisation);
            if (email.Length > 0 && _emailRows.TryGetValue(email, out var firstRow))
            {
                errors.Add($"Duplicate: row {firstRow} of this file has the same e-mail address.");
            }

            Domain.People.Registration? registration = null;
            try
            {
                registration = Domain.People.Registration.Submit(consultation, details, _known.RelevantTo(details), RegistrationSource.Import, now);
            }
            catch (RegistrationRefusedException refused)
            {
                errors.AddRange(refused.Problems.Select(p => Describe(p, details, email, organisation)).OfType<string>());
            }

            if (errors.Count == 0 && registration is not null)
            {
                if (registration.SharesOrganisation)
                {
                    warnings.Add(_organisationRows.TryGetValue(organisation, out var other)
                        ? $"Same organisation as row {other}: accepted, as one person per organisation is only a warning here."
                        : "Someone from this organisation is registered already: accepted, as one person per organisation is only a warning here.");
                }

                _known.Add(registration);
                _organisationRows.TryAdd(organisation, row.Number);
            }

            if (email.Length > 0)
            {
                _emailRows.TryAdd(email, row.Number);
            }

            var preview = new ImportRowPreview(
                row.Number,
                details.Name,
                details.Email,
                details.Organisation,
                details.StakeholderCategory,
                details.Country,
                details.Region,
                genderText,
                clusterText,
                errors,
                warnings);
            return (preview, errors.Count == 0 ? details : null);
        }

        /// <summary>A refusal in the organiser's words; null when another message of the row says it already.</summary>
        private string? Describe(RegistrationProblem problem, RegistrationDetails details, string email, string organisation) => problem.Field switch
        {
            RegistrationField.Email when email.Length == 0 => "Missing e-mail address.",
            RegistrationField.Email when _emailRows.ContainsKey(email) => null,
            RegistrationField.Email when _storedEmails.Contains(email) => "Duplicate: a registration with this e-mail address exists already.",
            RegistrationField.Email => $"Invalid e-mail address \"{Shorten(details.Email)}\".",
            RegistrationField.Organisation when organisation.Length == 0 => "Missing organisation.",
            RegistrationField.Organisation when _storedOrganisations.Contains(organisation) =>
                "Someone from this organisation is registered already, and this consultation takes one person per organisation.",
            RegistrationField.Organisation when _organisationRows.TryGetValue(organisation, out var other) =>
                $"Same organisation as row {other}, and this consultation takes one person per organisation.",
            RegistrationField.StakeholderCategory when details.StakeholderCategory.Length == 0 => "Missing stakeholder category.",
            RegistrationField.StakeholderCategory => $"Unknown stakeholder category \"{Shorten(details.StakeholderCategory)}\".",
            RegistrationField.Region when details.Region.Length == 0 => "Missing region.",
            RegistrationField.Region => $"Unknown region \"{Shorten(details.Region)}\".",
            RegistrationField.Organisation => $"The organisation's name is longer than {Text.MaxNameLength} characters.",
            RegistrationField.Name when details.Name.Length == 0 => "Missing name.",
            RegistrationField.Name => $"The name is longer than {Text.MaxNameLength} characters.",
            RegistrationField.Country when details.Country.Length == 0 => "Missing country.",
            RegistrationField.Country => "The country is longer than 100 characters.",
            RegistrationField.Gender or RegistrationField.PreferredCluster => null,
            _ => problem.Message,
        };

        private static string Shorten(string value) => value.Length <= 60 ? value : $"{value[..57]}...";
    }
}

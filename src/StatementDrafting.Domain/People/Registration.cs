using System.Net.Mail;
using StatementDrafting.Domain.Consultations;

namespace StatementDrafting.Domain.People;

public enum Gender
{
    Woman,
    Man,
    AnotherGender,
    PreferNotToSay,
}

public enum RegistrationStatus
{
    Pending,
    Approved,
    Declined,
}

public enum RegistrationSource
{
    Form,
    Import,
    Demo,
}

/// <summary>What a person gives when registering (by the form, or a row of an imported file).</summary>
public sealed record RegistrationDetails(
    string Name,
    string Email,
    string Organisation,
    string StakeholderCategory,
    string Country,
    string Region,
    Gender Gender,
    int? PreferredClusterNumber);

/// <summary>
/// A person's request to take part in a consultation. Organisers approve or decline it; approval makes the person a
/// participant. Real names and organisations live here and are shown to organisers only.
/// </summary>
public sealed class Registration
{
    public const int MaxEmailLength = 254;

    private Registration()
    {
        Name = Email = Organisation = OrganisationKey = StakeholderCategory = Country = Region = string.Empty;
    }

    private Registration(int consultationId, RegistrationDetails details, RegistrationSource source, DateTimeOffset now)
    {
        ConsultationId = consultationId;
        Name = details.Name;
        Email = details.Email;
        Organisation = details.Organisation;
        OrganisationKey = OrganisationName.Normalise(details.Organisation);
        StakeholderCategory = details.StakeholderCategory;
        Country = details.Country;
        Region = details.Region;
        Gender = details.Gender;
        PreferredClusterNumber = details.PreferredClusterNumber;
        Source = source;
        SubmittedAt = now;
        Status = RegistrationStatus.Pending;
    }

    public int Id { get; private set; }

    public int ConsultationId { get; private set; }

    public string Name { get; private set; }

    /// <summary>Lower-cased, trimmed; unique within a consultation.</summary>
    public string Email { get; private set; }

    public string Organisation { get; private set; }

    /// <summary>The organisation's name as compared by the one-person-per-organisation rule.</summary>
    public string OrganisationKey { get; private set; }

    public string StakeholderCategory { get; private set; }

    public string Country { get; private set; }

    public string Region { get; private set; }

    public Gender Gender { get; private set; }

    public int? PreferredClusterNumber { get; private set; }

    public RegistrationSource Source { get; private set; }

    public DateTimeOffset SubmittedAt { get; private set; }

    public RegistrationStatus Status { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    public string? DeclineReason { get; private set; }

    /// <summary>True when another live registration names the same organisation (the rule is "warn").</summary>
    public bool SharesOrganisation { get; private set; }

    /// <summary>
    /// Checks a registration against the consultation's lists, deadline and rules and the registrations it already has.
    /// Throws <see cref="RegistrationRefusedException"/> listing every problem; nothing is created then.
    /// </summary>
    public static Registration Submit(Consultation consultation, RegistrationDetails details, IReadOnlyCollection<Registration> existing, RegistrationSource source, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(consultation);
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(existing);
        var problems = new List<RegistrationProblem>();
        var clean = Clean(details);
        Check(consultation, clean, problems);

        if (source == RegistrationSource.Form && consultation.RegistrationClosesAt is { } closes && now >= closes)
        {
            problems.Add(new(RegistrationField.None, "Registration for this consultation has closed."));
        }

        if (existing.Any(r => r.Status != RegistrationStatus.Declined && string.Equals(r.Email, clean.Email, StringComparison.Ordinal)))
        {
            problems.Add(new(RegistrationField.Email, "This e-mail address is registered already."));
        }

        var key = OrganisationName.Normalise(clean.Organisation);
        var sameOrganisation = existing.Any(r => r.Status != RegistrationStatus.Declined && r.OrganisationKey == key);
        if (sameOrganisation && consultation.Rules.OnePersonPerOrganisation == OnePersonPerOrganisation.Enforce)
        {
            problems.Add(new(RegistrationField.Organisation, "Someone from this organisation is registered already; this consultation takes one person per organisation."));
        }

        if (problems.Count > 0)
        {
            throw new RegistrationRefusedException(problems);
        }

        return new Registration(consultation.Id, clean, source, now)
        {
            SharesOrganisation = sameOrganisation && consultation.Rules.OnePersonPerOrganisation == OnePersonPerOrganisation.Warn,
        };
    }

    public void Approve(DateTimeOffset now)
    {
        if (Status == RegistrationStatus.Approved)
        {
            throw new DomainException("This registration is approved already.");
        }

        Status = RegistrationStatus.Approved;
        DecidedAt = now;
        DeclineReason = null;
    }

    public void Decline(string? reason, DateTimeOffset now)
    {
        if (Status == RegistrationStatus.Declined)
        {
            throw new DomainException("This registration is declined already.");
        }

        if (reason is { Length: > 500 })
        {
            throw new DomainException("A reason is at most 500 characters.");
        }

        Status = RegistrationStatus.Declined;
        DecidedAt = now;
        DeclineReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
    }

    private static RegistrationDetails Clean(RegistrationDetails d) => d with
    {
        Name = d.Name?.Trim() ?? string.Empty,
        Email = d.Email?.Trim().ToLowerInvariant() ?? string.Empty,
        Organisation = d.Organisation?.Trim() ?? string.Empty,
        StakeholderCategory = d.StakeholderCategory?.Trim() ?? string.Empty,
        Country = d.Country?.Trim() ?? string.Empty,
        Region = d.Region?.Trim() ?? string.Empty,
    };

    private static void Check(Consultation consultation, RegistrationDetails d, List<RegistrationProblem> problems)
    {
        Required(d.Name, RegistrationField.Name, "your name", Text.MaxNameLength, problems);
        Required(d.Organisation, RegistrationField.Organisation, "your organisation", Text.MaxNameLength, problems);
        Required(d.Country, RegistrationField.Country, "your country", 100, problems);
        if (string.IsNullOrEmpty(d.Email))
        {
            problems.Add(new(RegistrationField.Email, "Give your e-mail address."));
        }
        else if (d.Email.Length > MaxEmailLength || !IsEmail(d.Email))
        {
            problems.Add(new(RegistrationField.Email, "This is not an e-mail address."));
        }

        if (!consultation.StakeholderCategories.Contains(d.StakeholderCategory, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add(new(RegistrationField.StakeholderCategory, "Choose a stakeholder category from the list."));
        }

        if (!consultation.Regions.Contains(d.Region, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add(new(RegistrationField.Region, "Choose a region from the list."));
        }

        if (!Enum.IsDefined(d.Gender))
        {
            problems.Add(new(RegistrationField.Gender, "Choose an answer for gender (\"prefer not to say\" is one)."));
        }

        if (d.PreferredClusterNumber is { } n && consultation.FindCluster(n) is null)
        {
            problems.Add(new(RegistrationField.PreferredCluster, "Choose a cluster from the list."));
        }
    }

    private static void Required(string value, RegistrationField field, string what, int max, List<RegistrationProblem> problems)
    {
        if (string.IsNullOrEmpty(value))
        {
            problems.Add(new(field, $"Give {what}."));
        }
        else if (value.Length > max)
        {
            problems.Add(new(field, $"{char.ToUpperInvariant(what[0])}{what[1..]} is longer than {max} characters."));
        }
    }

    private static bool IsEmail(string value) =>
        MailAddress.TryCreate(value, out var address) && string.Equals(address.Address, value, StringComparison.OrdinalIgnoreCase) && value.Contains('.', StringComparison.Ordinal);
}

public enum RegistrationField
{
    None,
    Name,
    Email,
    Organisation,
    StakeholderCategory,
    Country,
    Region,
    Gender,
    PreferredCluster,
}

public sealed record RegistrationProblem(RegistrationField Field, string Message);

/// <summary>A registration was refused; every problem is listed, in words the registrant can act on.</summary>
public sealed class RegistrationRefusedException(IReadOnlyList<RegistrationProblem> problems)
    : Exception(string.Join(" ", problems.Select(p => p.Message)))
{
    public IReadOnlyList<RegistrationProblem> Problems { get; } = problems;
}

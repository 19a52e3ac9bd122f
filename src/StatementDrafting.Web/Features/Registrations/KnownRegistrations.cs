using StatementDrafting.Domain.People;

namespace StatementDrafting.Web.Features.Registrations;

/// <summary>
/// The live registrations an imported row is checked against (those stored plus the rows accepted so far), looked up
/// by e-mail address and organisation so that checking thousands of rows stays quick.
/// </summary>
internal sealed class KnownRegistrations
{
    private readonly Dictionary<string, List<Domain.People.Registration>> _byEmail = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Domain.People.Registration>> _byOrganisation = new(StringComparer.Ordinal);

    public KnownRegistrations(IEnumerable<Domain.People.Registration> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        foreach (var registration in stored.Where(r => r.Status != RegistrationStatus.Declined))
        {
            Add(registration);
        }
    }

    public void Add(Domain.People.Registration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        Index(_byEmail, registration.Email, registration);
        Index(_byOrganisation, registration.OrganisationKey, registration);
    }

    /// <summary>The registrations that could clash with these details: same e-mail address or same organisation.</summary>
    public IReadOnlyCollection<Domain.People.Registration> RelevantTo(RegistrationDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var email = (details.Email ?? string.Empty).Trim().ToLowerInvariant();
        var organisation = OrganisationName.Normalise(details.Organisation);
        var byEmail = _byEmail.GetValueOrDefault(email) ?? [];
        var byOrganisation = _byOrganisation.GetValueOrDefault(organisation) ?? [];
        return [.. byEmail.Union(byOrganisation)];
    }

    private static void Index(Dictionary<string, List<Domain.People.Registration>> index, string key, Domain.People.Registration registration)
    {
        if (key.Length == 0)
        {
            return;
        }

        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(registration);
    }
}

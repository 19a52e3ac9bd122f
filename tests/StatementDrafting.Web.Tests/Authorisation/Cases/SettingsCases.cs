using StatementDrafting.Domain.Consultations;
using StatementDrafting.Web.Features.Settings;

namespace StatementDrafting.Web.Tests.Authorisation.Cases;

/// <summary>A consultation's rules, deadline and registration lists: organisers only.</summary>
public sealed class SettingsCases : AuthorisationCases
{
    public override IEnumerable<AuthorisationCase> Cases(MatrixWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        yield return AuthorisationCase.For(() => new GetConsultationSettings(world.ConsultationId), Organisers);

        // The demo's own rules and lists, and a deadline far ahead, so that an allowed change disturbs no other case.
        yield return AuthorisationCase.For(
            () => new ChangeConsultationSettings(
                world.ConsultationId,
                ChathamHouse: true,
                OnePersonPerOrganisation.Warn,
                AdoptionRule.Consensus,
                QuorumPercent: null,
                RegistrationClosesLocal: new DateTime(2099, 12, 31, 23, 0, 0),
                [.. DemoFacts.Strings("stakeholderCategories")],
                [.. DemoFacts.Consultation.GetProperty("regions").GetProperty("list").EnumerateArray().Select(e => e.GetString()!)]),
            Organisers);
    }
}

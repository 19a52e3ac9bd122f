using System.Text;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Features.Registrations;

namespace StatementDrafting.Web.Tests.Authorisation.Cases;

/// <summary>
/// Registration is public (the form and what it offers); reviewing, deciding and importing registrations show real
/// names and organisations, so they are for organisers only.
/// </summary>
public sealed class RegistrationCases : AuthorisationCases
{
    private static readonly byte[] SmallFile = Encoding.UTF8.GetBytes(
        "Name,Email,Organisation,Stakeholder category,Country,Region\nMatrix Importee,matrix.importee@example.org,Matrix Org,civil society,Fiji,Pacific\n");

    public override IEnumerable<AuthorisationCase> Cases(MatrixWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        yield return AuthorisationCase.For(() => new GetRegistrationForm(world.ConsultationId), Everyone);
        yield return AuthorisationCase.For(
            () => new Register(world.ConsultationId, "Matrix Registrant", "matrix.registrant@example.org", "Matrix Registrants Union", "civil society", "Fiji", "Pacific", Gender.PreferNotToSay, null),
            Everyone);
        yield return AuthorisationCase.For(() => new GetRegistrations(world.ConsultationId), Organisers);
        yield return AuthorisationCase.For(() => new ApproveRegistration(world.ConsultationId, world.PendingRegistrationId), Organisers);
        yield return AuthorisationCase.For(() => new DeclineRegistration(world.ConsultationId, world.PendingRegistrationId, "matrix"), Organisers);
        yield return AuthorisationCase.For(() => new PreviewRegistrantImport(world.ConsultationId, SmallFile), Organisers);
        yield return AuthorisationCase.For(() => new ImportRegistrants(world.ConsultationId, "0123456789abcdef0123456789abcdef"), Organisers);
        yield return AuthorisationCase.For(() => new CancelRegistrantImport(world.ConsultationId, "0123456789abcdef0123456789abcdef"), Organisers);
    }
}

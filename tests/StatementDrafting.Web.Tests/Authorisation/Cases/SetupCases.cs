using StatementDrafting.Web.Features.Setup;

namespace StatementDrafting.Web.Tests.Authorisation.Cases;

/// <summary>
/// A consultation's definition: only server administrators create a consultation from one (no actor of the matrix is
/// an administrator); its organisers apply one to it and export it.
/// </summary>
public sealed class SetupCases : AuthorisationCases
{
    /// <summary>A definition that does not parse: the permission is checked before the file is read.</summary>
    private const string Unreadable = "{ \"title\": ";

    public override IEnumerable<AuthorisationCase> Cases(MatrixWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        yield return AuthorisationCase.For(() => new ImportConsultation(Unreadable));
        yield return AuthorisationCase.For(() => new ImportConsultation(Unreadable, world.ConsultationId), Organisers);
        yield return AuthorisationCase.For(() => new ExportConsultation(world.ConsultationId), Organisers);
    }
}

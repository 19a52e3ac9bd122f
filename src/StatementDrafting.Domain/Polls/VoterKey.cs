using System.Security.Cryptography;
using System.Text;
using StatementDrafting.Domain.People;

namespace StatementDrafting.Domain.Polls;

/// <summary>
/// Who a ballot of an open poll belongs to, without naming them: a keyed hash (HMAC-SHA256) of the voter (a person, or
/// an organisation in organisation mode) under the poll's own secret. It lets a voter change their response while the
/// poll is open; the secret and the ballots are deleted when it closes, and with them any link between voter and choice.
/// </summary>
public static class VoterKey
{
    public const int SecretBytes = 32;

    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(SecretBytes);

    /// <summary>The key of a person (by their participation in the consultation).</summary>
    public static string OfPerson(ReadOnlySpan<byte> secret, int participationId) => Of(secret, $"person:{participationId}");

    /// <summary>The key of an organisation, by its name as registrations compare it (<see cref="OrganisationName"/>).</summary>
    public static string OfOrganisation(ReadOnlySpan<byte> secret, string organisation)
    {
        var normalised = OrganisationName.Normalise(organisation);
        if (normalised.Length == 0)
        {
            throw new DomainException("An organisation is needed to respond for it.");
        }

        return Of(secret, "organisation:" + normalised);
    }

    private static string Of(ReadOnlySpan<byte> secret, string voter)
    {
        if (secret.Length != SecretBytes)
        {
            throw new DomainException("A poll's secret has 32 bytes.");
        }

        return Convert.ToBase64String(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(voter)));
    }
}

using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Features.Invitations;

/// <summary>
/// Every usable personal link of the consultation as a CSV file for mail merge (name, e-mail, organisation, pseudonym,
/// link, expiry). Organisers only. <see cref="BaseAddress"/> is the site's address the links start with.
/// </summary>
public sealed record ExportInvitations(int ConsultationId, string BaseAddress) : IQuery<CsvFile?>, IAuthorisedRequest
{
    public Permission Permission => Permission.Organiser(ConsultationId);
}

/// <summary>A file to download: its name and its bytes.</summary>
public sealed record CsvFile(string FileName, byte[] Content);

public sealed class ExportInvitationsValidator : IValidator<ExportInvitations>
{
    public IEnumerable<ValidationError> Validate(ExportInvitations message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var error in Ids.Positive((nameof(message.ConsultationId), message.ConsultationId, "consultation")))
        {
            yield return error;
        }

        if (message.BaseAddress is not { Length: <= 500 }
            || !Uri.TryCreate(message.BaseAddress, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationError(nameof(message.BaseAddress), "The site's address is not an http or https address.");
        }
    }
}

public sealed class ExportInvitationsHandler(IDbContextFactory<DraftingDbContext> contexts, InvitationLinks links, TimeProvider clock)
    : IQueryHandler<ExportInvitations, CsvFile?>
{
    public static readonly IReadOnlyList<string> Header = ["name", "email", "organisation", "pseudonym", "link", "expires"];

    public async ValueTask<CsvFile?> Handle(ExportInvitations query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Consultations.AnyAsync(c => c.Id == query.ConsultationId, cancellationToken))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var baseAddress = query.BaseAddress.EndsWith('/') ? query.BaseAddress : query.BaseAddress + "/";
        var people = await Invitees.LoadAsync(db, query.ConsultationId, now, cancellationToken);
        var rows = people
            .Where(p => p.StateAt(now) == InvitationState.Active)
            .Select(p => (IEnumerable<string?>)
            [
                p.Name,
                p.Email,
                p.Organisation,
                p.Participation.Pseudonym,
                baseAddress + links.PathFor(p.Current!),
                p.Current!.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            ]);
        var name = string.Create(CultureInfo.InvariantCulture, $"invitations-consultation-{query.ConsultationId}.csv");
        return new CsvFile(name, SafeCsv.Document(Header, rows));
    }
}

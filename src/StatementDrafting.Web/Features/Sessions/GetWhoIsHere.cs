using Mediator;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Mediator;

namespace StatementDrafting.Web.Features.Sessions;

/// <summary>
/// Who is in a statement now (its page, its editor, or a session room that shows it), by public name only: pseudonyms,
/// "Co-host (organisation)", "Organiser". Each name once, in order.
/// </summary>
public sealed record GetWhoIsHere(int StatementId) : IQuery<IReadOnlyList<string>>, IAuthorisedRequest
{
    public Permission Permission => Permission.OnStatement(StatementId, StatementAccess.Read);
}

public sealed class GetWhoIsHereValidator : IValidator<GetWhoIsHere>
{
    public IEnumerable<ValidationError> Validate(GetWhoIsHere message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Ids.Positive((nameof(message.StatementId), message.StatementId, "statement"));
    }
}

public sealed class GetWhoIsHereHandler(PresenceTracker presence) : IQueryHandler<GetWhoIsHere, IReadOnlyList<string>>
{
    public ValueTask<IReadOnlyList<string>> Handle(GetWhoIsHere query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ValueTask.FromResult(WhoIsHere.Names(presence.In(query.StatementId)));
    }
}

public static class WhoIsHere
{
    /// <summary>The distinct public names among presence entries, in order (one person in two blocks counts once).</summary>
    public static IReadOnlyList<string> Names(IEnumerable<PresenceEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        string[] names = [.. entries.Select(e => e.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        return names;
    }
}

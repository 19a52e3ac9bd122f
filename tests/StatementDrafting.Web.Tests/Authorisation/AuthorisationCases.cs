namespace StatementDrafting.Web.Tests.Authorisation;

/// <summary>The callers the authorisation matrix tries every request and hub method as.</summary>
public enum Actor
{
    /// <summary>An organiser of the consultation who is not a server administrator.</summary>
    Organiser,

    /// <summary>A co-host of the parallel session whose cluster's statement is <see cref="MatrixWorld.StatementId"/>.</summary>
    CoHostOfThisSession,

    /// <summary>A co-host of another cluster's session.</summary>
    CoHostOfAnotherSession,
    Participant,
    Observer,
    Anonymous,
}

/// <summary>One request type, how to make a valid instance of it in the matrix's world, and who may send it.</summary>
public sealed record AuthorisationCase(Type RequestType, Func<object> Create, IReadOnlySet<Actor> Allowed)
{
    public static AuthorisationCase For<TRequest>(Func<TRequest> create, params Actor[] allowed)
        where TRequest : notnull =>
        new(typeof(TRequest), () => create(), allowed.ToHashSet());
}

/// <summary>
/// A feature's entries in the authorisation matrix. Every request type of the app must have a case in some subclass:
/// <see cref="AuthorisationMatrixTests"/> finds the subclasses and the request types by reflection and fails on any gap.
/// </summary>
public abstract class AuthorisationCases
{
    public static readonly Actor[] Everyone = Enum.GetValues<Actor>();
    public static readonly Actor[] Members = [Actor.Organiser, Actor.CoHostOfThisSession, Actor.CoHostOfAnotherSession, Actor.Participant, Actor.Observer];
    public static readonly Actor[] ParticipantsAndUp = [Actor.Organiser, Actor.CoHostOfThisSession, Actor.CoHostOfAnotherSession, Actor.Participant];
    public static readonly Actor[] Organisers = [Actor.Organiser];

    public abstract IEnumerable<AuthorisationCase> Cases(MatrixWorld world);
}

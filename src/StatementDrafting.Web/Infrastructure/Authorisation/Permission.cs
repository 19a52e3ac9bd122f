using StatementDrafting.Domain.People;

namespace StatementDrafting.Web.Infrastructure.Authorisation;

/// <summary>
/// What a request needs of its caller. Every request declares one (see <see cref="IAuthorisedRequest"/>);
/// <see cref="AuthorisationBehaviour{TMessage,TResponse}"/> checks it for every entry point, before validation and the handler.
/// Administrators pass every check that organisers pass.
/// </summary>
public abstract record Permission
{
    /// <summary>Anyone, signed in or not (the public front page, registration).</summary>
    public static Permission Anyone { get; } = new AnyonePermission();

    /// <summary>Any signed-in account, whatever its roles (e.g. managing one's own access tokens).</summary>
    public static Permission SignedIn { get; } = new SignedInPermission();

    /// <summary>Administrators of the server only.</summary>
    public static Permission Administrator { get; } = new AdministratorPermission();

    /// <summary>A caller holding at least one of <paramref name="roles"/> in the consultation.</summary>
    public static Permission InConsultation(int consultationId, params ConsultationRole[] roles) =>
        new ConsultationPermission(consultationId, roles.ToHashSet());

    /// <summary>Organisers of the consultation.</summary>
    public static Permission Organiser(int consultationId) => InConsultation(consultationId, ConsultationRole.Organiser);

    /// <summary>Anyone with a role in the consultation: organisers, co-hosts, participants, observers.</summary>
    public static Permission Member(int consultationId) =>
        InConsultation(consultationId, ConsultationRole.Organiser, ConsultationRole.CoHost, ConsultationRole.Participant, ConsultationRole.Observer);

    public static Permission OnStatement(int statementId, StatementAccess access) => new StatementPermission(statementId, access);

    /// <summary>
    /// Working on a cluster's draft outside one statement (its source material, ADR 0014): those who hold the pen for the
    /// cluster's common statement, that is the co-hosts of the cluster's sessions and the organisers.
    /// </summary>
    public static Permission DraftCluster(int consultationId, int clusterNumber) => new ClusterPermission(consultationId, clusterNumber);

    /// <summary>Running an agenda item (pressing its "Start"): organisers, and the co-hosts seated in that item.</summary>
    public static Permission RunAgendaItem(int consultationId, string agendaItemKey) => new AgendaItemPermission(consultationId, agendaItemKey);
}

public sealed record AnyonePermission : Permission;

public sealed record SignedInPermission : Permission;

public sealed record AdministratorPermission : Permission;

public sealed record ConsultationPermission(int ConsultationId, IReadOnlySet<ConsultationRole> Roles) : Permission;

/// <summary>What a caller wants to do with a statement.</summary>
public enum StatementAccess
{
    /// <summary>Read it: any member of its consultation.</summary>
    Read,

    /// <summary>Propose amendments and support them: participants, co-hosts and organisers (not observers).</summary>
    Propose,

    /// <summary>Hold the pen: co-hosts of its cluster's sessions (a common statement) and organisers (any statement).</summary>
    Draft,

    /// <summary>Manage it (lock and unlock): organisers of its consultation only.</summary>
    Manage,
}

public sealed record StatementPermission(int StatementId, StatementAccess Access) : Permission;

public sealed record AgendaItemPermission(int ConsultationId, string AgendaItemKey) : Permission;

public sealed record ClusterPermission(int ConsultationId, int ClusterNumber) : Permission;

/// <summary>A request that says what it needs of its caller. Requests that do not are refused: the pipeline fails closed.</summary>
public interface IAuthorisedRequest
{
    Permission Permission { get; }
}

/// <summary>The caller is not signed in and the request needs an account.</summary>
public sealed class NotSignedInException() : Exception("Sign in to do this.");

/// <summary>The caller is signed in but may not do this. The message never says what exists.</summary>
public sealed class AccessDeniedException(string? message = null) : Exception(message ?? "You do not have permission to do this.")
{
    /// <summary>What a refusal says, when it can say more than "no" without telling what exists.</summary>
    public static AccessDeniedException For(Permission permission) => new(permission switch
    {
        StatementPermission { Access: StatementAccess.Propose } =>
            "Only participants, co-hosts and organisers propose and support amendments; observers follow them.",
        StatementPermission { Access: StatementAccess.Draft } =>
            "Only the co-hosts of this statement's sessions and the organisers edit its text or decide on amendments.",
        AgendaItemPermission =>
            "Only the co-hosts of this session and the organisers start it.",
        ClusterPermission =>
            "Only the co-hosts of this cluster's sessions and the organisers work with its source material.",
        _ => null,
    });
}

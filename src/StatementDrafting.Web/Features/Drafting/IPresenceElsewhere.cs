namespace StatementDrafting.Web.Features.Drafting;

/// <summary>
/// Presence on the other app nodes (ADR 0017). With several nodes the tracker tells it this node's own people in a
/// statement whenever they changed, and lists the people it heard of elsewhere beside its own. On one node there is
/// none, and the tracker works alone.
/// </summary>
public interface IPresenceElsewhere
{
    /// <summary>Raised with a statement's id when the people on other nodes in it changed (or expired).</summary>
    event EventHandler<int>? Changed;

    /// <summary>This node's own people in the statement are now these (none: nobody here any more).</summary>
    void Announce(int statementId, IReadOnlyList<PresenceEntry> here);

    /// <summary>The people the other nodes last said are in the statement.</summary>
    IReadOnlyList<PresenceEntry> PeopleIn(int statementId);
}

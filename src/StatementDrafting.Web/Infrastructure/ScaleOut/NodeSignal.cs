using System.Text.Json;
using StatementDrafting.Web.Features.Drafting;

namespace StatementDrafting.Web.Infrastructure.ScaleOut;

/// <summary>
/// What one node tells the others through Redis: which statement, poll or slate changed, never what it now says, nor
/// who changed it. A signal is a hint to read storage; losing one only delays that read until the next catch-up.
/// </summary>
internal sealed record NodeSignal(string Node, string Kind, int Id, int Number = 0, bool Flag = false, int[]? Numbers = null)
{
    /// <summary>A revision was stored (<see cref="Number"/>).</summary>
    public const string Changed = "changed";

    /// <summary>The statement was locked or unlocked (<see cref="Flag"/>).</summary>
    public const string Lock = "lock";

    /// <summary>Amendments of the statement changed (<see cref="Numbers"/>; <see cref="Flag"/>: their status too).</summary>
    public const string Amendments = "amendments";

    /// <summary>A poll on the statement changed (<see cref="Number"/>: the poll).</summary>
    public const string Poll = "poll";

    /// <summary>The slate of a consultation (<see cref="Id"/>) changed.</summary>
    public const string Slate = "slate";

    public static NodeSignal? Of(string node, StatementEvent statementEvent) => statementEvent switch
    {
        StatementChanged changed => new NodeSignal(node, Changed, changed.StatementId, changed.Revision),
        StatementLockChanged locked => new NodeSignal(node, Lock, locked.StatementId, Flag: locked.Locked),
        AmendmentsChanged amendments => new NodeSignal(node, Amendments, amendments.StatementId, Flag: amendments.StatusChanged, Numbers: [.. amendments.Numbers]),
        PollChanged poll => new NodeSignal(node, Poll, poll.StatementId, poll.PollId),
        _ => null, // presence goes by its own channel (CrossNodePresence); echoes stay on their node
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json.Options);

    public static NodeSignal? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<NodeSignal>(json, Json.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

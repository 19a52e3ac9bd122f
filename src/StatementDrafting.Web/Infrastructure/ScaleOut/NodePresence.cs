using System.Text.Json;
using System.Text.Json.Serialization;
using StatementDrafting.Web.Features.Drafting;

namespace StatementDrafting.Web.Infrastructure.ScaleOut;

/// <summary>
/// What one node tells the others of its people in a statement: each one's public name (pseudonym or co-host label,
/// never a real name or e-mail address) and block, as <c>[name, block]</c> pairs, or that the node left. Never statement
/// text. <see cref="Sequence"/> grows with every message of the node, so an older list overtaken on the way is ignored.
/// </summary>
internal sealed record NodePresence(
    string Node,
    long Sequence,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Statement = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<IReadOnlyList<string?>>? People = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Left = false)
{
    /// <summary>More people than this in one statement on one node is not a message of ours.</summary>
    public const int MaxPeople = 10_000;

    /// <summary>The longest public name accepted (a co-host label names an organisation).</summary>
    public const int MaxName = 500;

    /// <summary>The longest block id accepted (ours have twelve characters).</summary>
    public const int MaxBlock = 64;

    public static NodePresence Of(string node, long sequence, int statementId, IReadOnlyList<PresenceEntry> here)
    {
        ArgumentNullException.ThrowIfNull(here);
        return new(node, sequence, statementId, [.. here.Select(p => (IReadOnlyList<string?>)new[] { p.Name, p.Block })]);
    }

    /// <summary>The node stops: its people are gone from every statement.</summary>
    public static NodePresence Goodbye(string node, long sequence) => new(node, sequence, Left: true);

    /// <summary>The people as presence entries (a valid message: see <see cref="Parse"/>).</summary>
    public IReadOnlyList<PresenceEntry> Entries() =>
        People is null ? [] : [.. People.Select(p => new PresenceEntry(p[0]!, p.Count > 1 ? p[1] : null))];

    public string ToJson() => JsonSerializer.Serialize(this, Json.Options);

    /// <summary>A message of another node, or null when it is not one we understand (it is then ignored).</summary>
    public static NodePresence? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<NodePresence>(json, Json.Options) is { } message && message.IsValid ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private bool IsValid =>
        !string.IsNullOrEmpty(Node) && Node.Length <= 64 && Sequence >= 0
        && (Left || (Statement > 0 && People is { Count: <= MaxPeople } && People.All(IsPerson)));

    private static bool IsPerson(IReadOnlyList<string?>? person) =>
        person is { Count: 1 or 2 }
        && !string.IsNullOrEmpty(person[0]) && person[0]!.Length <= MaxName
        && (person.Count == 1 || person[1] is null || person[1]!.Length <= MaxBlock);
}

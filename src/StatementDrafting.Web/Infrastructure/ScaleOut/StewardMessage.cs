using System.Text.Json;
using StatementDrafting.Web.Features.Drafting;

namespace StatementDrafting.Web.Infrastructure.ScaleOut;

/// <summary>
/// What nodes send each other on their own channels (ADR 0019): a change forwarded to a statement's steward, and the
/// steward's answer (the acknowledgement, or a refusal's code and message). Sent in flight, never stored.
/// </summary>
internal sealed record StewardMessage(string Kind, string Id, string From)
{
    /// <summary>A change for the steward to sequence.</summary>
    public const string Submit = "submit";

    /// <summary>The steward's answer to a <see cref="Submit"/> of the same id.</summary>
    public const string Answer = "answer";

    public int StatementId { get; init; }

    public string? AuthorId { get; init; }

    public string? ChangeId { get; init; }

    public int BaseRevision { get; init; }

    /// <summary>The operation, as the protocol's JSON array of one operation.</summary>
    public string? Ops { get; init; }

    /// <summary>The acknowledgement, when the change was applied (or was a duplicate).</summary>
    public SubmitResult? Result { get; init; }

    /// <summary>The refusal's code, when it was refused; neither this nor a result: it failed (the requester sequences it).</summary>
    public string? Code { get; init; }

    public string? Message { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Json.Options);

    public static StewardMessage? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<StewardMessage>(json, Json.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

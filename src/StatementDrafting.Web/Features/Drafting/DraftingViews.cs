using System.Text.Json;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Web.Features.Drafting;

/// <summary>A statement's live state as the engine holds it.</summary>
public sealed record LiveSnapshot(int StatementId, string Title, int Revision, bool Locked, IReadOnlyList<DraftBlock> Blocks);

/// <summary>The answer to <c>Join</c> (docs/protocol.md).</summary>
public sealed record StatementSnapshotView(
    int StatementId,
    string Title,
    int Revision,
    bool Locked,
    bool CanEdit,
    IReadOnlyList<DraftBlockView> Blocks,
    IReadOnlyList<PresenceEntry> Presence);

/// <summary>A block in the protocol's form.</summary>
public sealed record DraftBlockView(string Id, string Kind, int Level, string Text)
{
    public static DraftBlockView Of(DraftBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        return new(block.Id.Value, BlockKindNames.ToWire(block.Kind), block.Level, block.Text);
    }

    public DraftBlock ToDraft() =>
        new(BlockId.Parse(Id), BlockKindNames.TryParse(Kind, out var kind) ? kind : BlockKind.UnnumberedParagraph, Level, Text);
}

/// <summary>The acknowledgement of <c>Submit</c>.</summary>
public sealed record SubmitResult(string Status, int Revision, JsonElement Ops, IReadOnlyList<DiscardedView> Discarded);

/// <summary>Typing that could not be applied, returned to its author alone.</summary>
public sealed record DiscardedView(string Block, string Reason, string Text)
{
    public static DiscardedView Of(DiscardedEdit discarded)
    {
        ArgumentNullException.ThrowIfNull(discarded);
        return new(discarded.Block.Value, discarded.Reason, discarded.Text);
    }
}

/// <summary>One stored revision, as sent to everyone in the statement (<c>Changed</c>).</summary>
public sealed record ChangedView(int StatementId, int Revision, string ChangeId, JsonElement Ops, string? Label = null)
{
    public static ChangedView Of(StatementChanged changed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        using var ops = JsonDocument.Parse(changed.OpsJson);
        return new(changed.StatementId, changed.Revision, changed.ChangeId, ops.RootElement.Clone(), changed.Label);
    }
}

/// <summary>The answer to <c>CatchUp</c>.</summary>
public sealed record CatchUpResult(int Revision, IReadOnlyList<ChangedView> Changes);

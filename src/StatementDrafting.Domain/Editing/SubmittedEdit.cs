using System.Text.Json;

namespace StatementDrafting.Domain.Editing;

/// <summary>
/// The check every operation a client submits passes before the sequencer sees it (ADR 0018): everything that can be
/// decided without the document. It runs before transformation, so a change that could never be honoured is refused
/// even when transforming it over what its author had not seen would have made it void (a self-join turned into
/// nothing, a bad heading level on a block deleted meanwhile, a control character in typing that lands in a deleted
/// block). What needs the document (does the block exist, does the length fit) is checked when the change is applied.
/// </summary>
public static class SubmittedEdit
{
    /// <summary>Reads an operation in the protocol's JSON and checks it.</summary>
    /// <exception cref="EditRefusedException">Off the protocol's shape, or never applicable; the code says why.</exception>
    public static EditOp Read(JsonElement element)
    {
        var op = EditOpJson.Deserialize(element);
        Check(op);
        return op;
    }

    /// <summary>Checks a submitted operation as far as it can be checked without the document.</summary>
    /// <exception cref="EditRefusedException">The operation could never be applied as it was meant.</exception>
    public static void Check(EditOp op)
    {
        ArgumentNullException.ThrowIfNull(op);
        switch (op)
        {
            case TextEdit edit:
                foreach (var component in edit.Operation.Components.Where(c => c.IsInsert))
                {
                    CheckTyped(component.Text);
                }

                break;
            case InsertBlock insert:
                if (insert.After == insert.Block)
                {
                    throw Malformed("A new block cannot be placed after itself.");
                }

                DraftDocument.CheckStyle(insert.Kind, insert.Level);
                if (insert.Text.Length > Text.MaxBlockLength)
                {
                    throw new EditRefusedException(EditError.TooLong, $"A block holds at most {Text.MaxBlockLength} characters.");
                }

                CheckTyped(insert.Text);
                break;
            case MoveBlock move when move.After == move.Block:
                throw Malformed("A block cannot be moved after itself.");
            case RestyleBlock restyle:
                DraftDocument.CheckStyle(restyle.Kind, restyle.Level);
                break;
            case SplitBlock split:
                if (split.NewBlock == split.Block)
                {
                    throw new EditRefusedException(EditError.UnknownBlock, "The new block's id is the split block's.");
                }

                if (split.Offset < 0)
                {
                    throw new EditRefusedException(EditError.OutOfRange, "A split's offset is 0 or more.");
                }

                DraftDocument.CheckStyle(split.Kind, split.Level);
                break;
            case JoinBlocks join when join.Next == join.Block:
                throw Malformed("A block cannot be joined with itself.");
            default:
                break;
        }
    }

    private static void CheckTyped(string text)
    {
        if (TypedText.Problem(text) is { } problem)
        {
            throw Malformed(problem);
        }
    }

    private static EditRefusedException Malformed(string message) => new(EditError.Malformed, message);
}

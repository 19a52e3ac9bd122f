using System.Text;

namespace StatementDrafting.Domain.Editing;

/// <summary>Helpers the block layer needs on text operations: cutting one in two, widening it, mapping a position.</summary>
internal static class TextOperationCuts
{
    /// <summary>Everything the operation inserts, in order.</summary>
    public static string InsertedText(this TextOperation operation)
    {
        var text = new StringBuilder();
        foreach (var component in operation.Components)
        {
            if (component.IsInsert)
            {
                text.Append(component.Text);
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Cuts the operation where its base text is cut at <paramref name="offset"/>: the left part covers [0, offset) and
    /// keeps the inserts made exactly at <paramref name="offset"/>; the right part covers the rest.
    /// </summary>
    public static (TextOperation Left, TextOperation Right) SplitAt(this TextOperation operation, int offset)
    {
        if (offset < 0 || offset > operation.BaseLength)
        {
            throw new EditRefusedException(
                EditError.OutOfRange, $"Cannot cut a text of {operation.BaseLength} characters at {offset}.");
        }

        var left = new TextOperationBuilder();
        var right = new TextOperationBuilder();
        var index = 0;
        foreach (var component in operation.Components)
        {
            if (component.IsInsert)
            {
                (index <= offset ? left : right).Insert(component.Text);
                continue;
            }

            var before = Math.Clamp(offset - index, 0, component.Length);
            var after = component.Length - before;
            if (component.IsRetain)
            {
                left.Retain(before);
                right.Retain(after);
            }
            else
            {
                left.Delete(before);
                right.Delete(after);
            }

            index += component.Length;
        }

        return (left.Build(), right.Build());
    }

    /// <summary>The operation preceded by <paramref name="before"/> and followed by <paramref name="after"/> retained characters.</summary>
    public static TextOperation Widen(this TextOperation operation, int before, int after)
    {
        var builder = new TextOperationBuilder().Retain(before);
        foreach (var component in operation.Components)
        {
            builder.Add(component);
        }

        return builder.Retain(after).Build();
    }

    /// <summary>
    /// Where <paramref name="position"/> of the base text ends up in the result. Text inserted exactly at the position
    /// counts before it when <paramref name="insertsBefore"/> is true; a position inside deleted text moves to where the
    /// deletion was.
    /// </summary>
    public static int MapPosition(this TextOperation operation, int position, bool insertsBefore)
    {
        if (position < 0 || position > operation.BaseLength)
        {
            throw new EditRefusedException(
                EditError.OutOfRange, $"Position {position} is outside a text of {operation.BaseLength} characters.");
        }

        var index = 0;
        var target = 0;
        foreach (var component in operation.Components)
        {
            switch (component.Kind)
            {
                case TextComponentKind.Retain:
                    if (position < index + component.Length)
                    {
                        return target + (position - index);
                    }

                    index += component.Length;
                    target += component.Length;
                    break;
                case TextComponentKind.Insert:
                    if (index < position || insertsBefore)
                    {
                        target += component.Length;
                    }
                    else
                    {
                        return target;
                    }

                    break;
                default:
                    if (position < index + component.Length)
                    {
                        return target;
                    }

                    index += component.Length;
                    break;
            }
        }

        return target;
    }
}

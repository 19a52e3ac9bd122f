namespace StatementDrafting.Domain.Editing;

/// <summary>
/// Builds a normalised <see cref="TextOperation"/>: zero-length steps are dropped, adjacent steps of one kind merged,
/// and an insert next to a delete is put before it. Refuses inserts holding an unpaired UTF-16 surrogate and
/// operations whose base or result would exceed <see cref="TextOperation.MaxLength"/>.
/// </summary>
public sealed class TextOperationBuilder
{
    private readonly List<TextComponent> components = [];

    /// <summary>The length of the text the operation applies to, so far.</summary>
    public int BaseLength { get; private set; }

    /// <summary>The length of the text the operation produces, so far.</summary>
    public int TargetLength { get; private set; }

    public TextOperationBuilder Retain(int count)
    {
        if (NonNegative(count) == 0)
        {
            return this;
        }

        Grow(count, count);
        if (components.Count > 0 && components[^1].IsRetain)
        {
            components[^1] = TextComponent.Retain(components[^1].Length + count);
        }
        else
        {
            components.Add(TextComponent.Retain(count));
        }

        return this;
    }

    public TextOperationBuilder Insert(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return this;
        }

        if (!TextOperation.IsWellFormed(text))
        {
            throw new DomainException("Inserted text must not hold an unpaired UTF-16 surrogate.");
        }

        Grow(0, text.Length);
        var count = components.Count;
        if (count > 0 && components[^1].IsInsert)
        {
            components[^1] = TextComponent.Insert(components[^1].Text + text);
        }
        else if (count > 0 && components[^1].IsDelete)
        {
            // Inserts go before deletes at the same position, so each effect has one representation.
            if (count > 1 && components[^2].IsInsert)
            {
                components[^2] = TextComponent.Insert(components[^2].Text + text);
            }
            else
            {
                components.Insert(count - 1, TextComponent.Insert(text));
            }
        }
        else
        {
            components.Add(TextComponent.Insert(text));
        }

        return this;
    }

    public TextOperationBuilder Delete(int count)
    {
        if (NonNegative(count) == 0)
        {
            return this;
        }

        Grow(count, 0);
        if (components.Count > 0 && components[^1].IsDelete)
        {
            components[^1] = TextComponent.Delete(components[^1].Length + count);
        }
        else
        {
            components.Add(TextComponent.Delete(count));
        }

        return this;
    }

    /// <summary>Appends one component by its kind.</summary>
    public TextOperationBuilder Add(TextComponent component) => component.Kind switch
    {
        TextComponentKind.Retain => Retain(component.Length),
        TextComponentKind.Insert => Insert(component.Text),
        TextComponentKind.Delete => Delete(component.Length),
        _ => throw new DomainException("Unknown kind of operation component."),
    };

    public TextOperation Build() => new([.. components], BaseLength, TargetLength);

    private static int NonNegative(int count) =>
        count >= 0 ? count : throw new DomainException("An operation cannot retain or delete a negative length.");

    private void Grow(int baseDelta, int targetDelta)
    {
        if (baseDelta > TextOperation.MaxLength - BaseLength || targetDelta > TextOperation.MaxLength - TargetLength)
        {
            throw new DomainException($"A block's text holds at most {TextOperation.MaxLength} characters.");
        }

        BaseLength += baseDelta;
        TargetLength += targetDelta;
    }
}

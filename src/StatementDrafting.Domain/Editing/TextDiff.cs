namespace StatementDrafting.Domain.Editing;

/// <summary>A text operation turning one text into another, found by their common prefix and suffix.</summary>
public static class TextDiff
{
    /// <summary>The operation that turns <paramref name="from"/> into <paramref name="to"/>: keep the common prefix and suffix, replace the middle.</summary>
    public static TextOperation Between(string from, string to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var max = Math.Min(from.Length, to.Length);
        var prefix = 0;
        while (prefix < max && from[prefix] == to[prefix])
        {
            prefix++;
        }

        // Never cut between the two halves of a surrogate pair.
        if (prefix > 0 && char.IsHighSurrogate(from[prefix - 1]))
        {
            prefix--;
        }

        var suffix = 0;
        while (suffix < max - prefix && from[from.Length - 1 - suffix] == to[to.Length - 1 - suffix])
        {
            suffix++;
        }

        if (suffix > 0 && char.IsLowSurrogate(from[from.Length - suffix]))
        {
            suffix--;
        }

        return TextOperation.Builder()
            .Retain(prefix)
            .Delete(from.Length - prefix - suffix)
            .Insert(to[prefix..(to.Length - suffix)])
            .Retain(suffix)
            .Build();
    }
}

using System.Collections.Immutable;
using System.Text;

namespace StatementDrafting.Domain.Editing;

/// <summary>
/// A change to one block's text, in the style of ot.js: a sequence of retain(n), insert(text) and delete(n) that walks
/// the whole base text. Lengths are UTF-16 code units. Operations are immutable, normalised (see
/// <see cref="TextOperationBuilder"/>) and compared by value. The server sequences them; <see cref="Transform"/> gives
/// TP1, which is all a server-sequenced protocol needs.
/// </summary>
public sealed class TextOperation : IEquatable<TextOperation>
{
    /// <summary>The longest text an operation may apply to or produce.</summary>
    public const int MaxLength = Domain.Text.MaxBlockLength;

    private readonly ImmutableArray<TextComponent> components;

    internal TextOperation(ImmutableArray<TextComponent> components, int baseLength, int targetLength)
    {
        this.components = components;
        BaseLength = baseLength;
        TargetLength = targetLength;
    }

    /// <summary>The normalised steps of the operation.</summary>
    public IReadOnlyList<TextComponent> Components => components;

    /// <summary>The length of the text this operation applies to.</summary>
    public int BaseLength { get; }

    /// <summary>The length of the text this operation produces.</summary>
    public int TargetLength { get; }

    /// <summary>True when the operation changes nothing.</summary>
    public bool IsIdentity => components.All(c => c.IsRetain);

    public static TextOperationBuilder Builder() => new();

    /// <summary>The operation that keeps a text of <paramref name="length"/> code units as it is.</summary>
    public static TextOperation Identity(int length) => new TextOperationBuilder().Retain(length).Build();

    /// <summary>Normalises any sequence of components into an operation.</summary>
    public static TextOperation FromComponents(IEnumerable<TextComponent> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        var builder = new TextOperationBuilder();
        foreach (var component in components)
        {
            builder.Add(component);
        }

        return builder.Build();
    }

    /// <summary>Inserts <paramref name="text"/> at <paramref name="position"/> of a text of <paramref name="baseLength"/>.</summary>
    public static TextOperation InsertAt(int baseLength, int position, string text)
    {
        CheckRange(baseLength, position, 0);
        return new TextOperationBuilder().Retain(position).Insert(text).Retain(baseLength - position).Build();
    }

    /// <summary>Deletes <paramref name="count"/> code units from <paramref name="position"/> of a text of <paramref name="baseLength"/>.</summary>
    public static TextOperation DeleteAt(int baseLength, int position, int count)
    {
        CheckRange(baseLength, position, count);
        return new TextOperationBuilder().Retain(position).Delete(count).Retain(baseLength - position - count).Build();
    }

    /// <summary>Applies the operation to <paramref name="text"/>.</summary>
    /// <exception cref="DomainException">The text's length is not <see cref="BaseLength"/>, or a step would split a surrogate pair.</exception>
    public string Apply(string text)
    {
        CheckApplicable(text);
        var result = new StringBuilder(TargetLength);
        var index = 0;
        foreach (var component in components)
        {
            switch (component.Kind)
            {
                case TextComponentKind.Retain:
                    result.Append(text, index, component.Length);
                    index += component.Length;
                    break;
                case TextComponentKind.Insert:
                    result.Append(component.Text);
                    break;
                default:
                    index += component.Length;
                    break;
            }
        }

        return result.ToString();
    }

    /// <summary>The operation that undoes this one, given the text this one was applied to.</summary>
    public TextOperation Invert(string baseText)
    {
        CheckApplicable(baseText);
        var builder = new TextOperationBuilder();
        var index = 0;
        foreach (var component in components)
        {
            switch (component.Kind)
            {
                case TextComponentKind.Retain:
                    builder.Retain(component.Length);
                    index += component.Length;
                    break;
                case TextComponentKind.Insert:
                    builder.Delete(component.Length);
                    break;
                default:
                    builder.Insert(baseText.Substring(index, component.Length));
                    index += component.Length;
                    break;
            }
        }

        return builder.Build();
    }

    /// <summary>One operation with the effect of <paramref name="a"/> followed by <paramref name="b"/>.</summary>
    public static TextOperation Compose(TextOperation a, TextOperation b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.TargetLength != b.BaseLength)
        {
            throw new DomainException(
                $"Cannot compose: the first operation produces {a.TargetLength} characters, the second applies to {b.BaseLength}.");
        }

        var builder = new TextOperationBuilder();
        var left = new Cursor(a);
        var right = new Cursor(b);
        while (!left.Done || !right.Done)
        {
            if (!left.Done && left.Current.IsDelete)
            {
                builder.Delete(left.Current.Length);
                left.Advance(left.Current.Length);
                continue;
            }

            if (!right.Done && right.Current.IsInsert)
            {
                builder.Insert(right.Current.Text);
                right.Advance(right.Current.Length);
                continue;
            }

            // Both remaining lengths agree, so neither can run out here alone.
            var x = left.Current;
            var y = right.Current;
            var n = Math.Min(x.Length, y.Length);
            switch (x.Kind, y.Kind)
            {
                case (TextComponentKind.Retain, TextComponentKind.Retain):
                    builder.Retain(n);
                    break;
                case (TextComponentKind.Retain, TextComponentKind.Delete):
                    builder.Delete(n);
                    break;
                case (TextComponentKind.Insert, TextComponentKind.Retain):
                    // Splitting an insert here would split a surrogate pair only if b does; the builder refuses that.
                    builder.Insert(x.Text[..n]);
                    break;
                default:
                    // Insert then delete: the text never appears.
                    break;
            }

            left.Advance(n);
            right.Advance(n);
        }

        return builder.Build();
    }

    /// <summary>
    /// Transforms two concurrent operations on the same text into (a', b') such that applying a then b' equals
    /// applying b then a' (TP1). Inserts at the same position are ordered by <paramref name="tieBreak"/>.
    /// </summary>
    /// <exception cref="DomainException">The base lengths differ, or the combined text would be too long.</exception>
    public static (TextOperation A, TextOperation B) Transform(TextOperation a, TextOperation b, TieBreak tieBreak)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.BaseLength != b.BaseLength)
        {
            throw new DomainException(
                $"Cannot transform operations on texts of different lengths ({a.BaseLength} and {b.BaseLength}).");
        }

        var aFirst = tieBreak == TieBreak.AFirst;
        var aPrime = new TextOperationBuilder();
        var bPrime = new TextOperationBuilder();
        var left = new Cursor(a);
        var right = new Cursor(b);
        while (!left.Done || !right.Done)
        {
            var leftInserts = !left.Done && left.Current.IsInsert;
            var rightInserts = !right.Done && right.Current.IsInsert;
            if (leftInserts && (aFirst || !rightInserts))
            {
                aPrime.Insert(left.Current.Text);
                bPrime.Retain(left.Current.Length);
                left.Advance(left.Current.Length);
                continue;
            }

            if (rightInserts)
            {
                aPrime.Retain(right.Current.Length);
                bPrime.Insert(right.Current.Text);
                right.Advance(right.Current.Length);
                continue;
            }

            // Both remaining base lengths agree, so neither can run out here alone.
            var x = left.Current;
            var y = right.Current;
            var n = Math.Min(x.Length, y.Length);
            switch (x.Kind, y.Kind)
            {
                case (TextComponentKind.Retain, TextComponentKind.Retain):
                    aPrime.Retain(n);
                    bPrime.Retain(n);
                    break;
                case (TextComponentKind.Delete, TextComponentKind.Retain):
                    aPrime.Delete(n);
                    break;
                case (TextComponentKind.Retain, TextComponentKind.Delete):
                    bPrime.Delete(n);
                    break;
                default:
                    // Both delete the same text: nothing left to do on either side.
                    break;
            }

            left.Advance(n);
            right.Advance(n);
        }

        return (aPrime.Build(), bPrime.Build());
    }

    public bool Equals(TextOperation? other) =>
        other is not null && (ReferenceEquals(this, other) || components.SequenceEqual(other.components));

    public override bool Equals(object? obj) => Equals(obj as TextOperation);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var component in components)
        {
            hash.Add(component);
        }

        return hash.ToHashCode();
    }

    public static bool operator ==(TextOperation? left, TextOperation? right) =>
        left is null ? right is null : left.Equals(right);

    public static bool operator !=(TextOperation? left, TextOperation? right) => !(left == right);

    /// <summary>Compact form for logs and test output, e.g. <c>[r3 +"ab" -2 r5]</c>.</summary>
    public override string ToString() => "[" + string.Join(' ', components) + "]";

    /// <summary>True when <paramref name="text"/> holds no unpaired UTF-16 surrogate.</summary>
    internal static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SplitsPair(string text, int index) =>
        index > 0 && index < text.Length && char.IsHighSurrogate(text[index - 1]) && char.IsLowSurrogate(text[index]);

    private static void CheckRange(int baseLength, int position, int count)
    {
        if (baseLength < 0 || position < 0 || count < 0 || position > baseLength || count > baseLength - position)
        {
            throw new DomainException("The position is outside the text.");
        }
    }

    private void CheckApplicable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length != BaseLength)
        {
            throw new DomainException(
                $"The operation applies to a text of {BaseLength} characters; this text has {text.Length}.");
        }

        var index = 0;
        foreach (var component in components)
        {
            if (component.IsInsert)
            {
                continue;
            }

            index += component.Length;
            if (SplitsPair(text, index))
            {
                throw new DomainException($"The operation would split a character in two at position {index}.");
            }
        }
    }

    /// <summary>Walks an operation's components, allowing a component to be consumed in parts.</summary>
    private struct Cursor(TextOperation operation)
    {
        private int index;
        private TextComponent current = operation.components.IsEmpty ? default : operation.components[0];

        public readonly bool Done => index >= operation.components.Length;

        public readonly TextComponent Current => Done
            ? throw new DomainException("The operations do not cover the same text.")
            : current;

        public void Advance(int count)
        {
            if (count < current.Length)
            {
                current = current.Skip(count);
                return;
            }

            index++;
            current = Done ? default : operation.components[index];
        }
    }
}

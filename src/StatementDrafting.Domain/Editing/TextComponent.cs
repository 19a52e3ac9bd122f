using System.Globalization;
using System.Text;

namespace StatementDrafting.Domain.Editing;

/// <summary>The kind of one step of a <see cref="TextOperation"/>.</summary>
public enum TextComponentKind
{
    /// <summary>Keep the next characters of the base text.</summary>
    Retain,

    /// <summary>Insert text at the current position.</summary>
    Insert,

    /// <summary>Remove the next characters of the base text.</summary>
    Delete,
}

/// <summary>
/// One step of a <see cref="TextOperation"/>: retain or delete <see cref="Length"/> UTF-16 code units of the base text,
/// or insert <see cref="Text"/>. Components are only ever built with a positive length.
/// </summary>
public readonly record struct TextComponent
{
    private readonly string? text;

    private TextComponent(TextComponentKind kind, int length, string? text)
    {
        Kind = kind;
        Length = length;
        this.text = text;
    }

    public TextComponentKind Kind { get; }

    /// <summary>Code units retained or deleted, or the length of the inserted text.</summary>
    public int Length { get; }

    /// <summary>The inserted text; empty for retains and deletes.</summary>
    public string Text => text ?? string.Empty;

    public bool IsRetain => Kind == TextComponentKind.Retain;

    public bool IsInsert => Kind == TextComponentKind.Insert;

    public bool IsDelete => Kind == TextComponentKind.Delete;

    public static TextComponent Retain(int count) => new(TextComponentKind.Retain, Positive(count), null);

    public static TextComponent Insert(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(TextComponentKind.Insert, Positive(text.Length), text);
    }

    public static TextComponent Delete(int count) => new(TextComponentKind.Delete, Positive(count), null);

    /// <summary>The first <paramref name="count"/> code units of this component.</summary>
    internal TextComponent Take(int count) => IsInsert ? Insert(Text[..count]) : new(Kind, count, null);

    /// <summary>This component without its first <paramref name="count"/> code units.</summary>
    internal TextComponent Skip(int count) => IsInsert ? Insert(Text[count..]) : new(Kind, Length - count, null);

    /// <summary>Compact form for logs and test output: <c>r3</c>, <c>+"ab"</c>, <c>-2</c>.</summary>
    public override string ToString() => Kind switch
    {
        TextComponentKind.Retain => string.Create(CultureInfo.InvariantCulture, $"r{Length}"),
        TextComponentKind.Delete => string.Create(CultureInfo.InvariantCulture, $"-{Length}"),
        _ => "+" + Quote(Text),
    };

    private static int Positive(int count) =>
        count > 0 ? count : throw new DomainException("An operation's component must have a positive length.");

    private static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }
}

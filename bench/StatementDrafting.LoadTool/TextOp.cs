using System.Text;
using System.Text.Json;

namespace StatementDrafting.LoadTool;

/// <summary>One piece of a text operation in the protocol's compact form: keep (Count &gt; 0), delete (Count &lt; 0) or insert (Text).</summary>
internal readonly record struct Piece(int Count, string? Text)
{
    public bool IsInsert => Text is not null;

    public bool IsRetain => Text is null && Count > 0;

    public bool IsDelete => Text is null && Count < 0;

    public int Length => Text?.Length ?? Math.Abs(Count);

    /// <summary>The rest of this piece once its first <paramref name="used"/> code units are consumed, or null if none is left.</summary>
    public Piece? After(int used) =>
        used >= Length ? null
        : IsInsert ? new Piece(0, Text![used..])
        : IsRetain ? new Piece(Count - used, null)
        : new Piece(Count + used, null);
}

/// <summary>
/// A text operation over one block's text (UTF-16 code units), as <c>docs/protocol.md</c> describes it: keeps, inserts
/// and deletes that together cover the whole text. Just enough of an OT client for the load tool: apply, transform,
/// compose and invert.
/// </summary>
internal sealed class TextOp
{
    private readonly List<Piece> _pieces = [];

    public IReadOnlyList<Piece> Pieces => _pieces;

    /// <summary>The length of the text the operation applies to.</summary>
    public int BaseLength { get; private set; }

    /// <summary>The length of the text it produces.</summary>
    public int TargetLength { get; private set; }

    public bool IsIdentity => _pieces.TrueForAll(p => p.IsRetain);

    /// <summary>An insert of <paramref name="text"/> at <paramref name="offset"/> into a text of <paramref name="length"/> code units.</summary>
    public static TextOp InsertAt(int length, int offset, string text) =>
        new TextOp().Retain(offset).Insert(text).Retain(length - offset);

    public TextOp Retain(int count)
    {
        if (count <= 0)
        {
            return this;
        }

        BaseLength += count;
        TargetLength += count;
        if (_pieces.Count > 0 && _pieces[^1].IsRetain)
        {
            _pieces[^1] = new Piece(_pieces[^1].Count + count, null);
        }
        else
        {
            _pieces.Add(new Piece(count, null));
        }

        return this;
    }

    public TextOp Insert(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return this;
        }

        TargetLength += text.Length;
        if (_pieces.Count > 0 && _pieces[^1].IsInsert)
        {
            _pieces[^1] = new Piece(0, _pieces[^1].Text + text);
        }
        else if (_pieces.Count > 0 && _pieces[^1].IsDelete)
        {
            // Canonical order: an insert next to a delete goes before it.
            if (_pieces.Count > 1 && _pieces[^2].IsInsert)
            {
                _pieces[^2] = new Piece(0, _pieces[^2].Text + text);
            }
            else
            {
                _pieces.Insert(_pieces.Count - 1, new Piece(0, text));
            }
        }
        else
        {
            _pieces.Add(new Piece(0, text));
        }

        return this;
    }

    public TextOp Delete(int count)
    {
        if (count <= 0)
        {
            return this;
        }

        BaseLength += count;
        if (_pieces.Count > 0 && _pieces[^1].IsDelete)
        {
            _pieces[^1] = new Piece(_pieces[^1].Count - count, null);
        }
        else
        {
            _pieces.Add(new Piece(-count, null));
        }

        return this;
    }

    private TextOp Add(Piece piece) =>
        piece.IsInsert ? Insert(piece.Text!) : piece.IsRetain ? Retain(piece.Count) : Delete(-piece.Count);

    /// <summary>Applies the operation to <paramref name="text"/>; throws if it does not cover the text exactly.</summary>
    public string Apply(string text)
    {
        if (text.Length != BaseLength)
        {
            throw new InvalidOperationException($"A text operation over {BaseLength} code units cannot apply to a text of {text.Length}.");
        }

        var result = new StringBuilder(TargetLength);
        var at = 0;
        foreach (var piece in _pieces)
        {
            if (piece.IsInsert)
            {
                result.Append(piece.Text);
            }
            else if (piece.IsRetain)
            {
                result.Append(text, at, piece.Count);
                at += piece.Count;
            }
            else
            {
                at -= piece.Count;
            }
        }

        return result.ToString();
    }

    /// <summary>The compact form: numbers and strings, ready to be serialised as a JSON array.</summary>
    public object[] ToCompact() => [.. _pieces.Select(p => p.Text ?? (object)p.Count)];

    /// <summary>Reads the compact form.</summary>
    public static TextOp Parse(JsonElement array)
    {
        var op = new TextOp();
        foreach (var element in array.EnumerateArray())
        {
            if (element.ValueKind == JsonValueKind.String)
            {
                op.Insert(element.GetString()!);
            }
            else if (element.ValueKind == JsonValueKind.Number && element.GetInt32() is var n && n != 0)
            {
                op.Add(new Piece(n, null));
            }
            else
            {
                throw new FormatException($"Not a text operation component: {element.GetRawText()}");
            }
        }

        return op;
    }

    /// <summary>Same pieces in the same order.</summary>
    public bool SameAs(TextOp other) => _pieces.SequenceEqual(other._pieces);

    /// <summary>
    /// For two operations on the same text, the pair (a', b') such that b' after a equals a' after b. Where both insert
    /// at one place, <paramref name="a"/>'s text comes first.
    /// </summary>
    public static (TextOp A, TextOp B) Transform(TextOp a, TextOp b)
    {
        if (a.BaseLength != b.BaseLength)
        {
            throw new InvalidOperationException($"Cannot transform operations over {a.BaseLength} and {b.BaseLength} code units.");
        }

        var ap = new TextOp();
        var bp = new TextOp();
        int i = 0, j = 0;
        var x = Next(a, ref i);
        var y = Next(b, ref j);
        while (x is not null || y is not null)
        {
            if (x is { IsInsert: true } xi)
            {
                ap.Insert(xi.Text!);
                bp.Retain(xi.Length);
                x = Next(a, ref i);
                continue;
            }

            if (y is { IsInsert: true } yi)
            {
                ap.Retain(yi.Length);
                bp.Insert(yi.Text!);
                y = Next(b, ref j);
                continue;
            }

            if (x is not { } xp || y is not { } yp)
            {
                throw new InvalidOperationException("Text operations of different lengths.");
            }

            var m = Math.Min(xp.Length, yp.Length);
            if (xp.IsRetain && yp.IsRetain)
            {
                ap.Retain(m);
                bp.Retain(m);
            }
            else if (xp.IsDelete && yp.IsRetain)
            {
                ap.Delete(m);
            }
            else if (xp.IsRetain && yp.IsDelete)
            {
                bp.Delete(m);
            }

            x = xp.After(m) ?? Next(a, ref i);
            y = yp.After(m) ?? Next(b, ref j);
        }

        return (ap, bp);
    }

    /// <summary>One operation with the effect of <paramref name="a"/> then <paramref name="b"/>.</summary>
    public static TextOp Compose(TextOp a, TextOp b)
    {
        if (a.TargetLength != b.BaseLength)
        {
            throw new InvalidOperationException($"Cannot compose an operation producing {a.TargetLength} code units with one over {b.BaseLength}.");
        }

        var result = new TextOp();
        int i = 0, j = 0;
        var x = Next(a, ref i);
        var y = Next(b, ref j);
        while (x is not null || y is not null)
        {
            if (x is { IsDelete: true } xd)
            {
                result.Delete(xd.Length);
                x = Next(a, ref i);
                continue;
            }

            if (y is { IsInsert: true } yi)
            {
                result.Insert(yi.Text!);
                y = Next(b, ref j);
                continue;
            }

            if (x is not { } xp || y is not { } yp)
            {
                throw new InvalidOperationException("Text operations of different lengths.");
            }

            var m = Math.Min(xp.Length, yp.Length);
            if (xp.IsRetain && yp.IsRetain)
            {
                result.Retain(m);
            }
            else if (xp.IsRetain && yp.IsDelete)
            {
                result.Delete(m);
            }
            else if (xp.IsInsert && yp.IsRetain)
            {
                result.Insert(xp.Text![..m]);
            }

            x = xp.After(m) ?? Next(a, ref i);
            y = yp.After(m) ?? Next(b, ref j);
        }

        return result;
    }

    /// <summary>
    /// The operation that undoes this one: applied to this operation's result on <paramref name="text"/>, it gives
    /// <paramref name="text"/> back (inserts become deletes, deletes insert what they removed).
    /// </summary>
    public TextOp Invert(string text)
    {
        if (text.Length != BaseLength)
        {
            throw new InvalidOperationException($"A text operation over {BaseLength} code units cannot be inverted on a text of {text.Length}.");
        }

        var inverse = new TextOp();
        var at = 0;
        foreach (var piece in _pieces)
        {
            if (piece.IsInsert)
            {
                inverse.Delete(piece.Length);
            }
            else if (piece.IsRetain)
            {
                inverse.Retain(piece.Count);
                at += piece.Count;
            }
            else
            {
                inverse.Insert(text.Substring(at, piece.Length));
                at += piece.Length;
            }
        }

        return inverse;
    }

    private static Piece? Next(TextOp op, ref int index) => index < op._pieces.Count ? op._pieces[index++] : null;
}

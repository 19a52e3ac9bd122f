using System.Globalization;

namespace StatementDrafting.Domain.Editing;

/// <summary>
/// What text a client may put into a statement (inserted by a text operation, or the text of a new block): well-formed
/// UTF-16 (no unpaired surrogate), and no control character except tab (U+0009) and line feed (U+000A). Refused, never
/// stripped: stripping would make the server's text differ from the one the client applied locally (ADR 0018). The
/// refused characters are those that break what encodes the text later (XML in DOCX and XHTML, PDF text, JSON for
/// some readers) or that nobody types: C0 controls but tab and line feed (carriage return included: a line break is
/// a line feed, as in a browser's textarea), DEL and the C1 controls (U+007F to U+009F), and the non-characters U+FFFE
/// and U+FFFF. Every other character, format characters such as zero-width joiners and direction marks included, is
/// kept as typed.
/// </summary>
public static class TypedText
{
    /// <summary>Null when <paramref name="text"/> may be typed; otherwise what is wrong, naming the position (never the text).</summary>
    public static string? Problem(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return $"The text holds an unpaired UTF-16 surrogate ({CodePoint(c)}) at position {i}.";
            }
            else if (IsRefusedControl(c))
            {
                return $"The text holds the control character {CodePoint(c)} at position {i}; of the control characters only tab and line feed may be typed.";
            }
            else if (c is '\uFFFE' or '\uFFFF')
            {
                return $"The text holds the non-character {CodePoint(c)} at position {i}.";
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="c"/> is a control character that may not be typed (all but tab and line feed).</summary>
    public static bool IsRefusedControl(char c) => char.IsControl(c) && c is not '\t' and not '\n';

    private static string CodePoint(char c) => "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
}

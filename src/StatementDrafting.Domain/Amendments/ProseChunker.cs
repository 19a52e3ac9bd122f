using System.Globalization;
using System.Text;
using DiffPlex;

namespace StatementDrafting.Domain.Amendments;

/// <summary>
/// Cuts prose into the tokens a word diff compares: words, numbers, single punctuation marks and runs of whitespace.
/// Nothing is dropped, so the tokens put together give back the text exactly.
/// <list type="bullet">
/// <item>A word is a run of letters, combining marks and digits, and keeps an inner hyphen or apostrophe between two
/// of them ("well-being", "migrants'" is "migrants" and "'", "don't" is one word).</item>
/// <item>A number keeps an inner point or comma between two digits ("1,000.50", "3.5").</item>
/// <item>Scripts written without spaces (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar) give one token per
/// character (with its marks), so a change inside a sentence does not replace the whole sentence.</item>
/// <item>Every other character (punctuation, symbols, an emoji) is a token of its own, whole: a surrogate pair or a
/// character and its combining marks are never split.</item>
/// </list>
/// </summary>
public sealed class ProseChunker : IChunker
{
    public static ProseChunker Instance { get; } = new();

    public IReadOnlyList<string> Chunk(string text) => Tokenize(text);

    public static List<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            var first = RuneAt(text, i);
            var kind = KindOf(first);
            i += LengthAt(text, i);
            switch (kind)
            {
                case CharKind.Space:
                    while (i < text.Length && char.IsWhiteSpace(text[i]))
                    {
                        i++;
                    }

                    break;
                case CharKind.Word:
                    i = EndOfWord(text, i);
                    break;
                default:
                    // One user-perceived character (with its combining marks, an emoji with its modifiers):
                    // unspaced scripts, punctuation, symbols.
                    i = start + StringInfo.GetNextTextElementLength(text, start);
                    break;
            }

            tokens.Add(text[start..i]);
        }

        return tokens;
    }

    private static int EndOfWord(string text, int i)
    {
        while (i < text.Length)
        {
            var rune = RuneAt(text, i);
            if (KindOf(rune) == CharKind.Word)
            {
                i += LengthAt(text, i);
                continue;
            }

            // A joiner between two word characters stays in the word: hyphen or apostrophe between letters or digits,
            // point or comma between digits.
            if (i + 1 < text.Length && IsJoiner(text, i))
            {
                i++;
                continue;
            }

            break;
        }

        return i;
    }

    private static bool IsJoiner(string text, int i)
    {
        var c = text[i];
        var joinsLetters = c is '-' or '\u2010' or '\u2011' or '\'' or '\u2019';
        if (!joinsLetters && c is not ('.' or ','))
        {
            return false;
        }

        var after = RuneAt(text, i + 1);
        if (KindOf(after) != CharKind.Word)
        {
            return false;
        }

        return joinsLetters || (Rune.IsDigit(RuneAt(text, PreviousRuneStart(text, i))) && Rune.IsDigit(after));
    }

    /// <summary>The character at <paramref name="i"/>; a lone surrogate reads as U+FFFD and stays one code unit long.</summary>
    private static Rune RuneAt(string text, int i)
    {
        Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out _);
        return rune;
    }

    private static int LengthAt(string text, int i)
    {
        Rune.DecodeFromUtf16(text.AsSpan(i), out _, out var length);
        return length;
    }

    private static int PreviousRuneStart(string text, int i) =>
        i >= 2 && char.IsLowSurrogate(text[i - 1]) && char.IsHighSurrogate(text[i - 2]) ? i - 2 : i - 1;

    private static CharKind KindOf(Rune rune)
    {
        if (Rune.IsWhiteSpace(rune))
        {
            return CharKind.Space;
        }

        if (IsUnspacedScript(rune.Value))
        {
            return CharKind.Single;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark
                or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark or UnicodeCategory.DecimalDigitNumber
                or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber or UnicodeCategory.ConnectorPunctuation
                when rune.Value != '_' => CharKind.Word,
            _ => CharKind.Single,
        };
    }

    private static bool IsUnspacedScript(int c) =>
        c is (>= 0x0E00 and <= 0x0EFF) // Thai, Lao
            or (>= 0x1000 and <= 0x109F) // Myanmar
            or (>= 0x1780 and <= 0x17FF) // Khmer
            or (>= 0x3040 and <= 0x30FF) // Hiragana, Katakana
            or (>= 0x3400 and <= 0x4DBF) // CJK extension A
            or (>= 0x4E00 and <= 0x9FFF) // CJK unified ideographs
            or (>= 0xF900 and <= 0xFAFF) // CJK compatibility ideographs
            or (>= 0x20000 and <= 0x3134F); // CJK extensions B to G

    private enum CharKind
    {
        Space,
        Word,
        Single,
    }
}

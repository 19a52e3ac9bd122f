using StatementDrafting.Domain.Amendments;
using Xunit.Abstractions;

namespace StatementDrafting.Domain.Tests.Amendments;

public sealed class ProseChunkerTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("Regular pathways, now.", new[] { "Regular", " ", "pathways", ",", " ", "now", "." })]
    [InlineData("(a) ensure; b: \"safe\"!", new[] { "(", "a", ")", " ", "ensure", ";", " ", "b", ":", " ", "\"", "safe", "\"", "!" })]
    [InlineData("well-being and cross-border", new[] { "well-being", " ", "and", " ", "cross-border" })]
    [InlineData("a - b -c", new[] { "a", " ", "-", " ", "b", " ", "-", "c" })]
    [InlineData("don't stop; migrants' rights", new[] { "don't", " ", "stop", ";", " ", "migrants", "'", " ", "rights" })]
    [InlineData("1,000.50 USD, 3.5% and 2030.", new[] { "1,000.50", " ", "USD", ",", " ", "3.5", "%", " ", "and", " ", "2030", "." })]
    [InlineData("objectives 4, 8 and 9", new[] { "objectives", " ", "4", ",", " ", "8", " ", "and", " ", "9" })]
    [InlineData("end.Start", new[] { "end", ".", "Start" })]
    public void Cuts_words_numbers_and_punctuation(string text, string[] expected) =>
        Assert.Equal(expected, ProseChunker.Tokenize(text));

    [Fact]
    public void Keeps_runs_of_whitespace_whole_including_newlines_and_no_break_spaces()
    {
        Assert.Equal(["a", "  \n\t ", "b", "\u00A0", "c"], ProseChunker.Tokenize("a  \n\t b\u00A0c"));
        Assert.Equal(["   "], ProseChunker.Tokenize("   "));
        Assert.Empty(ProseChunker.Tokenize(string.Empty));
    }

    [Fact]
    public void Non_latin_scripts_with_spaces_give_words_and_those_without_give_characters()
    {
        Assert.Equal(["Мигранты", " ", "имеют", " ", "права", "."], ProseChunker.Tokenize("Мигранты имеют права."));
        Assert.Equal(["المهاجرين", " ", "حقوق"], ProseChunker.Tokenize("المهاجرين حقوق"));
        Assert.Equal(["प्रवासी", " ", "अधिकार"], ProseChunker.Tokenize("प्रवासी अधिकार"));
        Assert.Equal(["移", "民", "の", "権", "利", "。"], ProseChunker.Tokenize("移民の権利。"));
        Assert.Equal(["แ", "ร", "ง", "ง", "า", "น"], ProseChunker.Tokenize("แรงงาน"));
    }

    [Fact]
    public void Never_splits_a_surrogate_pair_or_a_character_from_its_marks()
    {
        Assert.Equal(["a", " ", "😀", " ", "𠀋", "b"], ProseChunker.Tokenize("a 😀 𠀋b"));
        Assert.Equal(["👍🏽", "!"], ProseChunker.Tokenize("👍🏽!"));
        Assert.Equal(["ก่", "อ"], ProseChunker.Tokenize("ก่อ"));
        Assert.Equal(["cafe\u0301", " ", "x"], ProseChunker.Tokenize("cafe\u0301 x"));
    }

    [Fact]
    public void A_lone_surrogate_is_a_token_of_its_own_not_an_error()
    {
        Assert.Equal(["ab", "\uD800", "c", " ", "\uDC00"], ProseChunker.Tokenize("ab\uD800c \uDC00"));
    }

    [Fact]
    public void The_tokens_put_together_give_back_any_text()
    {
        const int seed = 7301;
        output.WriteLine($"Seed {seed}");
        var random = new Random(seed);
        const string alphabet = "ab cd-'.,;:!?()\"\n\t1 2 3 ÉéЖж移民😀\u0301\u00A0_%/";
        var pieces = alphabet.EnumerateRunes().Select(r => r.ToString()).ToArray();
        for (var n = 0; n < 2_000; n++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 40)).Select(_ => pieces[random.Next(pieces.Length)]));
            var tokens = Record.Exception(() => ProseChunker.Tokenize(text)) is { } error
                ? throw new Xunit.Sdk.XunitException($"case {n}: {error.Message} on '{string.Join(' ', text.Select(c => ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)))}'")
                : ProseChunker.Tokenize(text);
            Assert.Equal(text, string.Concat(tokens));
            Assert.All(tokens, t => Assert.NotEmpty(t));
            Assert.All(tokens, t => Assert.False(char.IsLowSurrogate(t[0]), $"case {n}: a token starts inside a surrogate pair in '{text}'"));
        }
    }
}

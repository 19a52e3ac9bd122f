using System.Text;
using StatementDrafting.Domain.Sources;

namespace StatementDrafting.Web.Features.Sources;

/// <summary>A file that cannot be imported, with what the person importing it should know.</summary>
public sealed class SourceFileException(string message) : Exception(message);

/// <summary>
/// Reads an uploaded report (Markdown, plain text or Word) into its structure. The same rules for the upload page and
/// the command line: at most 10 MB, a known type, UTF-8 text or a readable .docx, and some text in it.
/// </summary>
public static class SourceFile
{
    public const int MaxBytes = 10 * 1024 * 1024;

    public const string Accept = ".md,.markdown,.txt,.docx";

    public static SourceDocument Read(string fileName, ReadOnlySpan<byte> content)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var name = Path.GetFileName(fileName);
        if (content.Length > MaxBytes)
        {
            throw new SourceFileException($"'{name}' is larger than {MaxBytes / (1024 * 1024)} MB: split the report or save it without images.");
        }

        if (content.IsEmpty)
        {
            throw new SourceFileException($"'{name}' is empty.");
        }

        var lines = Path.GetExtension(name).ToLowerInvariant() switch
        {
            ".md" or ".markdown" or ".txt" or ".text" => SourceLine.FromText(TextOf(name, content)),
            ".docx" => ReadDocx(content),
            ".doc" => throw new SourceFileException($"'{name}' is in the old Word format (.doc): save it as .docx and upload it again."),
            var other => throw new SourceFileException(
                $"'{name}' is {(other.Length == 0 ? "a file without a type" : $"a {other} file")}: reports are imported from Markdown (.md), plain text (.txt) or Word (.docx)."),
        };
        var document = SourceParser.Parse(lines);
        return document.ParagraphCount == 0
            ? throw new SourceFileException($"'{name}' has no text to import.")
            : document;
    }

    private static string TextOf(string name, ReadOnlySpan<byte> content)
    {
        if (content.StartsWith("PK\u0003\u0004"u8) || content.IndexOf((byte)0) >= 0)
        {
            throw new SourceFileException($"'{name}' is not text (it looks like a binary file renamed): save the report as Markdown, plain text or .docx.");
        }

        try
        {
            var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(content);
            return text.TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            throw new SourceFileException($"'{name}' is not UTF-8 text: save it again choosing UTF-8 as the encoding.");
        }
    }

    private static IReadOnlyList<SourceLine> ReadDocx(ReadOnlySpan<byte> content)
    {
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        return DocxLines.Read(stream);
    }
}

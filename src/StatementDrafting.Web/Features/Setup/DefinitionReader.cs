using System.Text;
using System.Text.Json;

namespace StatementDrafting.Web.Features.Setup;

/// <summary>
/// Reads a definition's JSON, refusing what does not fit its shape with the field and line at fault, and keeps the line
/// of every object and array element so that later problems (an unknown cluster, overlapping sessions) name theirs too.
/// </summary>
public static class DefinitionReader
{
    /// <summary>A definition is a few kilobytes; anything beyond this is not one.</summary>
    public const int MaxBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions Strict = new(ConsultationDefinition.Json)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static (ConsultationDefinition Definition, IReadOnlyDictionary<string, long> Lines) Read(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length == 0)
        {
            throw new DefinitionException([new DefinitionProblem("$", null, "The file is empty.")]);
        }

        if (utf8.Length > MaxBytes)
        {
            throw new DefinitionException([new DefinitionProblem("$", null, $"The file is larger than {MaxBytes / 1024} KB: it is not a consultation's definition.")]);
        }

        if (utf8.StartsWith(Encoding.UTF8.Preamble))
        {
            utf8 = utf8[Encoding.UTF8.Preamble.Length..];
        }

        ConsultationDefinition? definition;
        try
        {
            definition = JsonSerializer.Deserialize<ConsultationDefinition>(utf8, Strict);
        }
        catch (JsonException e)
        {
            var message = e.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].Trim();
            throw new DefinitionException([new DefinitionProblem(e.Path ?? "$", e.LineNumber + 1, Plain(message))]);
        }

        return definition is null
            ? throw new DefinitionException([new DefinitionProblem("$", 1, "The file holds no definition (null).")])
            : (definition, LinesOf(utf8));
    }

    /// <summary>The line (1-based) where each value starts, by JSON path ("$.days[1].items[0]").</summary>
    public static IReadOnlyDictionary<string, long> LinesOf(ReadOnlySpan<byte> utf8)
    {
        var lines = new Dictionary<string, long>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var path = new List<string>();
        var index = new Stack<int>();
        var inArray = new Stack<bool>();
        long line = 1;
        var counted = 0L;
        string? property = null;
        while (reader.Read())
        {
            var at = reader.TokenStartIndex;
            line += utf8[(int)counted..(int)at].Count((byte)'\n');
            counted = at;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = reader.GetString();
                    continue;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    inArray.Pop();
                    index.Pop();
                    path.RemoveAt(path.Count - 1);
                    continue;
            }

            var segment = inArray.Count == 0 ? "$"
                : inArray.Peek() ? $"[{Next(index)}]"
                : "." + property;
            var here = string.Concat(path) + segment;
            lines.TryAdd(here, line);
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                path.Add(segment);
                inArray.Push(reader.TokenType == JsonTokenType.StartArray);
                index.Push(-1);
            }
        }

        return lines;

        static int Next(Stack<int> index)
        {
            var next = index.Pop() + 1;
            index.Push(next);
            return next;
        }
    }

    /// <summary>The line of <paramref name="path"/>, or of its nearest enclosing value that has one.</summary>
    public static long? LineOf(IReadOnlyDictionary<string, long> lines, string path)
    {
        ArgumentNullException.ThrowIfNull(lines);
        for (var p = path; p.Length > 0; p = Parent(p))
        {
            if (lines.TryGetValue(p, out var line))
            {
                return line;
            }
        }

        return null;

        static string Parent(string p)
        {
            var cut = Math.Max(p.LastIndexOf('.'), p.LastIndexOf('['));
            return cut <= 0 ? string.Empty : p[..cut];
        }
    }

    /// <summary>System.Text.Json names .NET types in some messages; the reader of an error needs the JSON words.</summary>
    private static string Plain(string message) => message
        .Replace("StatementDrafting.Web.Features.Setup.", string.Empty, StringComparison.Ordinal)
        .Replace("System.", string.Empty, StringComparison.Ordinal);
}

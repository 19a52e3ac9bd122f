using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

using StatementDrafting.Domain.Statements;

namespace StatementDrafting.Domain.Editing;

/// <summary>
/// Reads and writes operations in the JSON shape of docs/protocol.md, e.g.
/// <c>{"type":"text","block":"k3m9q2w7x4ab","ops":[5,"abc",-3]}</c>. Applied-form fields are written only when set.
/// Reading refuses anything off the shape with <see cref="EditError.Malformed"/> (or <see cref="EditError.TooLong"/>
/// for a text operation longer than a block may be).
/// </summary>
public static class EditOpJson
{
    public static string Serialize(IReadOnlyList<EditOp> ops)
    {
        ArgumentNullException.ThrowIfNull(ops);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var op in ops)
            {
                Write(writer, op);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads a JSON array of operations.</summary>
    /// <exception cref="EditRefusedException">The text is not such an array.</exception>
    public static IReadOnlyList<EditOp> DeserializeList(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            throw Malformed("The operations are not valid JSON.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw Malformed("The operations must be a JSON array.");
            }

            return [.. document.RootElement.EnumerateArray().Select(Deserialize)];
        }
    }

    /// <summary>Reads one operation.</summary>
    /// <exception cref="EditRefusedException">The element does not have an operation's shape.</exception>
    public static EditOp Deserialize(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Malformed("An operation must be a JSON object.");
        }

        var type = RequiredString(element, "type");
        var block = RequiredId(element, "block");
        return type switch
        {
            "text" => new TextEdit(block, ReadTextOperation(Required(element, "ops"))),
            "insert" => new InsertBlock(
                block, RequiredNullableId(element, "after"), RequiredKind(element, "kind"), RequiredInt(element, "level"),
                RequiredString(element, "text")),
            "delete" => new DeleteBlock(block)
            {
                After = OptionalId(element, "after"),
                Text = OptionalString(element, "text"),
                Kind = OptionalKind(element, "kind"),
                Level = OptionalInt(element, "level"),
            },
            "move" => new MoveBlock(block, RequiredNullableId(element, "after")) { From = OptionalId(element, "from") },
            "restyle" => new RestyleBlock(block, RequiredKind(element, "kind"), RequiredInt(element, "level"))
            {
                WasKind = OptionalKind(element, "wasKind"),
                WasLevel = OptionalInt(element, "wasLevel"),
            },
            "split" => new SplitBlock(
                block, RequiredInt(element, "offset"), RequiredId(element, "newBlock"), RequiredKind(element, "kind"),
                RequiredInt(element, "level"))
            {
                Restores = OptionalBool(element, "restores") ?? false,
            },
            "join" => new JoinBlocks(block, RequiredId(element, "next"))
            {
                Offset = OptionalInt(element, "offset"),
                NextLength = OptionalInt(element, "nextLength"),
                NextKind = OptionalKind(element, "nextKind"),
                NextLevel = OptionalInt(element, "nextLevel"),
            },
            // The type is not repeated: refusals are logged at debug level, and logs never hold what clients sent.
            _ => throw Malformed("Unknown operation type; the types are text, insert, delete, move, restyle, split and join."),
        };
    }

    public static void Write(Utf8JsonWriter writer, EditOp op)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(op);
        writer.WriteStartObject();
        switch (op)
        {
            case TextEdit edit:
                Head(writer, "text", edit.Block);
                writer.WritePropertyName("ops");
                WriteTextOperation(writer, edit.Operation);
                break;
            case InsertBlock insert:
                Head(writer, "insert", insert.Block);
                WriteId(writer, "after", insert.After);
                Style(writer, "kind", insert.Kind, "level", insert.Level);
                writer.WriteString("text", insert.Text);
                break;
            case DeleteBlock delete:
                Head(writer, "delete", delete.Block);
                if (delete.After is not null || delete.Text is not null)
                {
                    // "after" is null when the deleted block was first: write it whenever the block was applied.
                    WriteId(writer, "after", delete.After);
                }

                if (delete.Text is not null)
                {
                    writer.WriteString("text", delete.Text);
                }

                OptionalStyle(writer, "kind", delete.Kind, "level", delete.Level);
                break;
            case MoveBlock move:
                Head(writer, "move", move.Block);
                WriteId(writer, "after", move.After);
                if (move.From is not null)
                {
                    WriteId(writer, "from", move.From);
                }

                break;
            case RestyleBlock restyle:
                Head(writer, "restyle", restyle.Block);
                Style(writer, "kind", restyle.Kind, "level", restyle.Level);
                OptionalStyle(writer, "wasKind", restyle.WasKind, "wasLevel", restyle.WasLevel);
                break;
            case SplitBlock split:
                Head(writer, "split", split.Block);
                writer.WriteNumber("offset", split.Offset);
                writer.WriteString("newBlock", split.NewBlock.Value);
                Style(writer, "kind", split.Kind, "level", split.Level);
                if (split.Restores)
                {
                    writer.WriteBoolean("restores", true);
                }

                break;
            case JoinBlocks join:
                Head(writer, "join", join.Block);
                writer.WriteString("next", join.Next.Value);
                if (join.Offset is { } offset)
                {
                    writer.WriteNumber("offset", offset);
                }

                if (join.NextLength is { } nextLength)
                {
                    writer.WriteNumber("nextLength", nextLength);
                }

                OptionalStyle(writer, "nextKind", join.NextKind, "nextLevel", join.NextLevel);
                break;
            default:
                throw new ArgumentException($"Unknown kind of operation {op.GetType().Name}.", nameof(op));
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes a text operation in the compact form: <c>[5,"abc",-3]</c>.</summary>
    public static void WriteTextOperation(Utf8JsonWriter writer, TextOperation operation)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(operation);
        writer.WriteStartArray();
        foreach (var component in operation.Components)
        {
            switch (component.Kind)
            {
                case TextComponentKind.Retain: writer.WriteNumberValue(component.Length); break;
                case TextComponentKind.Delete: writer.WriteNumberValue(-component.Length); break;
                default: writer.WriteStringValue(component.Text); break;
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// Reads a text operation in the compact form, which must be normal (docs/protocol.md): adjacent components of one
    /// kind merged, no zero or empty components. Anything written here is normal, so stored changes read back.
    /// </summary>
    /// <exception cref="EditRefusedException">Not a normal array of non-zero integers and non-empty strings, or too long.</exception>
    public static TextOperation ReadTextOperation(JsonElement array)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw Malformed("A text operation's 'ops' must be an array.");
        }

        var components = new List<TextComponent>();
        long baseLength = 0;
        long targetLength = 0;
        foreach (var item in array.EnumerateArray())
        {
            var count = components.Count;
            switch (item.ValueKind)
            {
                case JsonValueKind.Number when item.TryGetInt32(out var n) && n != 0 && n != int.MinValue:
                    if (n > 0)
                    {
                        components.Add(TextComponent.Retain(n));
                        targetLength += n;
                    }
                    else
                    {
                        components.Add(TextComponent.Delete(-n));
                    }

                    baseLength += Math.Abs(n);
                    break;
                case JsonValueKind.String when ReadString(item, "ops") is { Length: > 0 } text:
                    components.Add(TextComponent.Insert(text));
                    targetLength += text.Length;
                    break;
                default:
                    throw Malformed("A text operation holds non-zero integers and non-empty strings only.");
            }

            if (count > 0 && components[count].Kind == components[count - 1].Kind)
            {
                throw Malformed(
                    $"A text operation's components {count} and {count + 1} are both {KindName(components[count].Kind)}s: merge them into one.");
            }
        }

        if (baseLength > TextOperation.MaxLength || targetLength > TextOperation.MaxLength)
        {
            throw new EditRefusedException(
                EditError.TooLong, $"A block's text holds at most {TextOperation.MaxLength} characters.");
        }

        try
        {
            return TextOperation.FromComponents(components);
        }
        catch (DomainException e)
        {
            throw Malformed(e.Message);
        }
    }

    private static EditRefusedException Malformed(string message) => new(EditError.Malformed, message);

    private static string KindName(TextComponentKind kind) => kind switch
    {
        TextComponentKind.Retain => "retain",
        TextComponentKind.Insert => "insert",
        _ => "delete",
    };

    private static void Head(Utf8JsonWriter writer, string type, BlockId block)
    {
        writer.WriteString("type", type);
        writer.WriteString("block", block.Value);
    }

    private static void WriteId(Utf8JsonWriter writer, string name, BlockId? id)
    {
        if (id is { } value)
        {
            writer.WriteString(name, value.Value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void Style(Utf8JsonWriter writer, string kindName, BlockKind kind, string levelName, int level)
    {
        writer.WriteString(kindName, BlockKindNames.ToWire(kind));
        writer.WriteNumber(levelName, level);
    }

    private static void OptionalStyle(Utf8JsonWriter writer, string kindName, BlockKind? kind, string levelName, int? level)
    {
        if (kind is { } k)
        {
            writer.WriteString(kindName, BlockKindNames.ToWire(k));
        }

        if (level is { } l)
        {
            writer.WriteNumber(levelName, l);
        }
    }

    private static JsonElement Required(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value : throw Malformed($"The operation has no '{name}'.");

    private static string RequiredString(JsonElement element, string name)
    {
        var value = Required(element, name);
        return value.ValueKind == JsonValueKind.String
            ? ReadString(value, name)
            : throw Malformed($"The operation's '{name}' must be a string.");
    }

    /// <summary>A JSON string's value; an escaped lone surrogate makes it malformed rather than crash.</summary>
    private static string ReadString(JsonElement value, string name)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Malformed($"The operation's '{name}' holds an unpaired UTF-16 surrogate.");
        }
    }

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? RequiredString(element, name)
            : null;

    private static bool? OptionalBool(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null
            ? null
            : value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Malformed($"The operation's '{name}' must be true or false."),
            };

    private static int RequiredInt(JsonElement element, string name)
    {
        var value = Required(element, name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n)
            ? n
            : throw Malformed($"The operation's '{name}' must be an integer.");
    }

    private static int? OptionalInt(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? RequiredInt(element, name)
            : null;

    private static BlockId ParseId(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.String && BlockId.TryParse(ReadString(value, name), out var id)
            ? id
            : throw Malformed($"The operation's '{name}' is not a block id.");

    private static BlockId RequiredId(JsonElement element, string name) => ParseId(Required(element, name), name);

    /// <summary>A field that must be present and holds a block id or null.</summary>
    private static BlockId? RequiredNullableId(JsonElement element, string name)
    {
        var value = Required(element, name);
        return value.ValueKind == JsonValueKind.Null ? null : ParseId(value, name);
    }

    private static BlockId? OptionalId(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? ParseId(value, name) : null;

    private static BlockKind RequiredKind(JsonElement element, string name)
    {
        var value = Required(element, name);
        return value.ValueKind == JsonValueKind.String && BlockKindNames.TryParse(ReadString(value, name), out var kind)
            ? kind
            : throw Malformed($"The operation's '{name}' must be heading, numbered or unnumbered.");
    }

    private static BlockKind? OptionalKind(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? RequiredKind(element, name)
            : null;
}

/// <summary>Lets System.Text.Json (and so SignalR's JSON protocol) read and write <see cref="EditOp"/> in the protocol's shape.</summary>
public sealed class EditOpJsonConverter : JsonConverter<EditOp>
{
    public override EditOp Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return EditOpJson.Deserialize(document.RootElement);
    }

    public override void Write(Utf8JsonWriter writer, EditOp value, JsonSerializerOptions options) =>
        EditOpJson.Write(writer, value);
}

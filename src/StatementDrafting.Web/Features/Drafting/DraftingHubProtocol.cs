using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace StatementDrafting.Web.Features.Drafting;

/// <summary>
/// SignalR's JSON hub protocol, with one change for the drafting hub: a call whose arguments SignalR cannot bind to the
/// hub method (a string for <c>statementId</c>, <c>Submit(42)</c>, two arguments where one is expected, a method that
/// does not exist) is answered as <c>malformed</c>, with a message naming the argument or field, instead of SignalR's
/// generic "error on the server". Binding happens while a message is parsed, before any hub filter runs, so this is
/// the only place that sees it (ADR 0018). Messages never repeat what was sent, only names and expected types. A
/// message of an unknown type is skipped (as a ping) rather than left to stall the connection.
/// </summary>
public sealed class DraftingHubProtocol(IOptions<JsonHubProtocolOptions> options) : IHubProtocol
{
    private readonly JsonHubProtocol _json = new(options);

    public string Name => _json.Name;

    public int Version => _json.Version;

    public TransferFormat TransferFormat => _json.TransferFormat;

    public bool IsVersionSupported(int version) => _json.IsVersionSupported(version);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _json.GetMessageBytes(message);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _json.WriteMessage(message, output);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        ArgumentNullException.ThrowIfNull(binder);
        var before = input;
        if (!_json.TryParseMessage(ref input, binder, out message))
        {
            if (input.Length == before.Length)
            {
                return false; // not a whole message yet
            }

            // A whole message of a type this protocol version does not know: the JSON protocol skips it (for newer
            // clients) by answering "nothing parsed", and with a message size limit SignalR then never moves past it, so
            // the connection stopped answering for good. It is skipped here as a ping, which changes nothing.
            message = PingMessage.Instance;
            return true;
        }

        if (message is InvocationBindingFailureMessage failure && IsDraftingHub(binder))
        {
            var raw = before.Slice(0, before.Length - input.Length);
            var refusal = new HubException("malformed: " + DraftingHubCalls.Describe(failure.Target, raw));
            message = new InvocationBindingFailureMessage(failure.InvocationId, failure.Target, ExceptionDispatchInfo.Capture(refusal));
        }

        return true;
    }

    /// <summary>Whether the connection is the drafting hub's (the JSON protocol is shared by every hub of the app).</summary>
    private static bool IsDraftingHub(IInvocationBinder binder)
    {
        try
        {
            return binder.GetParameterTypes(nameof(DraftingHub.Submit)) is [var type] && type == typeof(Submission);
        }
        catch (HubException)
        {
            return false;
        }
    }
}

/// <summary>
/// The drafting hub's methods and what their arguments must be, in the protocol's words: says what is wrong with a
/// call SignalR could not bind, naming the method and the argument or field, never echoing a value.
/// </summary>
public static class DraftingHubCalls
{
    private static readonly Dictionary<string, MethodInfo> Methods =
        typeof(DraftingHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.Name != nameof(DraftingHub.OnDisconnectedAsync))
            .ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase);

    private const byte RecordSeparator = 0x1e;

    /// <summary>The hub's methods in the order the protocol lists them.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [.. new[] { "Join", "Leave", "Submit", "CatchUp", "Presence", "Lock", "Unlock", "Echo" }.Where(Methods.ContainsKey)];

    /// <summary>What is wrong with a call of <paramref name="target"/> whose message is <paramref name="message"/> (one JSON message).</summary>
    public static string Describe(string target, ReadOnlySequence<byte> message)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!Methods.TryGetValue(target, out var method))
        {
            return $"There is no such hub method. The methods are {string.Join(", ", Names)}.";
        }

        var parameters = method.GetParameters();
        var signature = $"{method.Name}({string.Join(", ", parameters.Select(p => p.Name))})";
        JsonElement[] arguments;
        try
        {
            // The message as parsed, with the record separator that ends it.
            var reader = new Utf8JsonReader(message.Slice(0, message.PositionOf(RecordSeparator) ?? message.End));
            using var document = JsonDocument.ParseValue(ref reader);
            arguments = document.RootElement.TryGetProperty("arguments", out var array) && array.ValueKind == JsonValueKind.Array
                ? [.. array.EnumerateArray().Select(a => a.Clone())]
                : [];
        }
        catch (JsonException)
        {
            return $"The call of {method.Name} could not be read; it takes {signature}.";
        }

        if (arguments.Length != parameters.Length)
        {
            return $"{method.Name} takes {Count(parameters.Length, "argument")} ({signature}); {Count(arguments.Length, "argument")} {(arguments.Length == 1 ? "was" : "were")} sent.";
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            if (Problem(arguments[i], parameter.ParameterType, IsNullable(parameter), $"{method.Name}'s {parameter.Name}") is { } problem)
            {
                return problem;
            }
        }

        return $"The arguments of {method.Name} do not have the protocol's shape; it takes {signature} (docs/protocol.md).";
    }

    private static string? Problem(JsonElement value, Type type, bool nullable, string what)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (value.ValueKind == JsonValueKind.Null)
        {
            return nullable || underlying is not null || type == typeof(JsonElement) ? null : $"{what} must be {Expected(type)}, not null.";
        }

        type = underlying ?? type;
        if (type == typeof(int))
        {
            return value.ValueKind != JsonValueKind.Number ? $"{what} must be {Expected(type)}, not {Kind(value)}."
                : value.TryGetInt32(out _) ? null
                : $"{what} must be a whole number from {int.MinValue} to {int.MaxValue}.";
        }

        if (type == typeof(string))
        {
            return value.ValueKind == JsonValueKind.String ? null : $"{what} must be {Expected(type)}, not {Kind(value)}.";
        }

        if (type == typeof(JsonElement))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return $"{what} must be {Expected(type)}, not {Kind(value)}.";
        }

        // A record: each of its constructor's parameters is a camelCase field of the object.
        var fields = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First().GetParameters();
        foreach (var field in fields)
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(field.Name!);
            var property = value.EnumerateObject().Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Select(p => (JsonElement?)p.Value).LastOrDefault();
            if (property is { } present && Problem(present, field.ParameterType, IsNullable(field), $"{what}.{name}") is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static bool IsNullable(ParameterInfo parameter) =>
        !parameter.ParameterType.IsValueType && new NullabilityInfoContext().Create(parameter).WriteState != NullabilityState.NotNull;

    private static string Expected(Type type) =>
        type == typeof(int) ? "an integer" : type == typeof(string) ? "a string" : "an object";

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        _ => "null",
    };

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}

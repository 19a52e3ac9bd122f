using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace StatementDrafting.Web.Tests.Features.Drafting;

/// <summary>The app on Kestrel, on a free loopback port: hub clients connect over a real TCP socket, as integrators do.</summary>
internal static class KestrelHosting
{
    /// <summary>Starts <paramref name="app"/> on Kestrel (instead of the in-memory test server) and returns its address.</summary>
    public static Uri StartOnKestrel(this AppFactory app)
    {
        app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel started without reporting the address it listens on.");
        return new Uri(address.TrimEnd('/') + "/");
    }

    /// <summary>A .NET SignalR client (the typed client integrators use) over the socket, by personal access token.</summary>
    public static async Task<HubClient> ConnectOverSocketAsync(this AppFactory app, Uri address, string email)
    {
        var token = await app.TokenForAsync(email);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(address, "hubs/drafting"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        return await HubClient.StartAsync(connection);
    }
}

/// <summary>
/// The SignalR JSON hub protocol spoken by hand over a WebSocket: sends exactly the bytes a test gives (arguments of
/// any shape, or garbage), reads the server's answers. What any program written from docs/protocol.md can send.
/// </summary>
internal sealed class SocketHub : IAsyncDisposable
{
    private const char Separator = '\u001e';

    private readonly ClientWebSocket _socket;
    private readonly StringBuilder _pending = new();
    private readonly Decoder _utf8 = Encoding.UTF8.GetDecoder();
    private int _nextId;

    private SocketHub(ClientWebSocket socket) => _socket = socket;

    /// <summary>Invocations the server sent this client (Changed, PresenceChanged ...) while it waited for answers.</summary>
    public List<JsonElement> Received { get; } = [];

    public WebSocketState State => _socket.State;

    /// <summary>Connects (WebSockets, no negotiation) and completes the JSON protocol's handshake.</summary>
    public static async Task<SocketHub> ConnectAsync(Uri address, string? token)
    {
        var socket = new ClientWebSocket();
        if (token is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        }

        var uri = new UriBuilder(new Uri(address, "hubs/drafting")) { Scheme = address.Scheme == "https" ? "wss" : "ws" }.Uri;
        using var timeout = new CancellationTokenSource(HubClient.Patience);
        await socket.ConnectAsync(uri, timeout.Token);
        var hub = new SocketHub(socket);
        await hub.SendTextAsync("{\"protocol\":\"json\",\"version\":1}" + Separator);
        var handshake = await hub.NextMessageAsync();
        if (handshake.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException("The handshake was refused: " + error.GetString());
        }

        return hub;
    }

    /// <summary>Invokes <paramref name="target"/> with the JSON array <paramref name="argumentsJson"/> and returns the completion.</summary>
    public async Task<JsonElement> InvokeAsync(string target, string argumentsJson)
    {
        var id = (++_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await SendTextAsync($"{{\"type\":1,\"invocationId\":\"{id}\",\"target\":{JsonSerializer.Serialize(target)},\"arguments\":{argumentsJson}}}{Separator}");
        return await CompletionAsync(id);
    }

    /// <summary>The error of a completion, or null when the call succeeded.</summary>
    public static string? ErrorOf(JsonElement completion) =>
        completion.TryGetProperty("error", out var error) ? error.GetString() : null;

    /// <summary>Sends bytes as one text frame, whatever they are.</summary>
    public async Task SendBytesAsync(byte[] bytes)
    {
        using var timeout = new CancellationTokenSource(HubClient.Patience);
        await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
    }

    public Task SendTextAsync(string text) => SendBytesAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Waits for the completion of invocation <paramref name="id"/>, keeping other messages in <see cref="Received"/>.</summary>
    public async Task<JsonElement> CompletionAsync(string id)
    {
        while (true)
        {
            var message = await NextMessageAsync();
            var type = message.TryGetProperty("type", out var t) ? t.GetInt32() : 0;
            if (type == 3 && message.GetProperty("invocationId").GetString() == id)
            {
                return message;
            }

            if (type == 7)
            {
                throw new InvalidOperationException("The server closed the connection: " + (ErrorOf(message) ?? "no reason given"));
            }

            if (type == 1)
            {
                Received.Add(message);
            }
        }
    }

    /// <summary>The next message from the server (a ping included), or an exception once the socket is closed.</summary>
    public async Task<JsonElement> NextMessageAsync()
    {
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(HubClient.Patience);
        while (true)
        {
            var text = _pending.ToString();
            var end = text.IndexOf(Separator, StringComparison.Ordinal);
            if (end >= 0)
            {
                _pending.Remove(0, end + 1);
                using var document = JsonDocument.Parse(text[..end]);
                return document.RootElement.Clone();
            }

            var result = await _socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException("The server closed the socket.");
            }

            var chars = new char[Encoding.UTF8.GetMaxCharCount(result.Count)];
            _pending.Append(chars, 0, _utf8.GetChars(buffer, 0, result.Count, chars, 0));
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Already gone: nothing to close.
        }

        _socket.Dispose();
    }
}

using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace StatementDrafting.ScaleOutTests.Clients;

/// <summary>
/// A co-host typing words at the end of a paragraph only they type in, one change in flight (docs/protocol.md). When
/// its node goes away or answers <c>unavailable</c>, it connects to the next node and sends the same change again with
/// the same id and base revision (the server applies a change id at most once and answers <c>duplicate</c> when it
/// had). It remembers which changes were acknowledged, so a test can check each is in the text exactly once.
/// </summary>
public sealed class AppendingTypist(string name, string token, int statementId, string blockId, int initialLength, IReadOnlyList<Uri> nodes) : IAsyncDisposable
{
    private HubConnection? _connection;
    private int _node;
    private int _revision;
    private int _length = initialLength;

    public string Name { get; } = name;

    /// <summary>The words acknowledged as applied or duplicate, in the order typed.</summary>
    public List<string> Acknowledged { get; } = [];

    /// <summary>How often the typist had to connect to another node.</summary>
    public int Reconnections { get; private set; }

    /// <summary>The node the typist is connected to now.</summary>
    public Uri Node => nodes[_node];

    public async Task ConnectAsync(int node = 0)
    {
        _node = node;
        _connection = await HubClient.ConnectAsync(nodes[_node], token);
        _revision = (await HubClient.JoinAsync(_connection, statementId)).Revision;
    }

    /// <summary>
    /// Types <paramref name="words"/> words, one change each, waiting for each acknowledgement (resending across nodes
    /// as needed; with <paramref name="retry"/> false, a refusal or a lost connection is thrown instead).
    /// </summary>
    public async Task TypeAsync(int words, int from = 0, bool retry = true, CancellationToken cancellationToken = default)
    {
        for (var i = from; i < from + words; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var word = string.Create(CultureInfo.InvariantCulture, $" {Name}w{i}");
            var submission = new
            {
                statementId,
                changeId = string.Create(CultureInfo.InvariantCulture, $"{Name}-{i:D5}"),
                baseRevision = _revision,
                op = new { type = "text", block = blockId, ops = _length == 0 ? new object[] { word } : [_length, word] },
            };
            var answer = retry ? await SubmitAsync(submission, cancellationToken) : await _connection!.InvokeAsync<JsonElement>("Submit", submission, cancellationToken);
            _revision = Math.Max(_revision, answer.GetProperty("revision").GetInt32());
            _length += word.Length;
            Acknowledged.Add(word);
        }
    }

    private async Task<JsonElement> SubmitAsync(object submission, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                _connection ??= await HubClient.ConnectAsync(nodes[_node], token);
                if (_connection.State != HubConnectionState.Connected)
                {
                    throw new IOException("not connected");
                }

                return await _connection.InvokeAsync<JsonElement>("Submit", submission, cancellationToken);
            }
            catch (Exception e) when (attempt < 200 && Retryable(e))
            {
                // The node went away (or is going): the next node, after a moment; the same change again.
                await DropAsync();
                _node = (_node + 1) % nodes.Count;
                Reconnections++;
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
                try
                {
                    _connection = await HubClient.ConnectAsync(nodes[_node], token);
                    await HubClient.JoinAsync(_connection, statementId);
                }
                catch (Exception again) when (Retryable(again))
                {
                    await DropAsync();
                }
            }
        }
    }

    private static bool Retryable(Exception e) => e switch
    {
        HubException hub => hub.Message.Contains("unavailable:", StringComparison.Ordinal),
        IOException or HttpRequestException or InvalidOperationException or TaskCanceledException or System.Net.WebSockets.WebSocketException => true,
        _ => false,
    };

    private async Task DropAsync()
    {
        if (_connection is not null)
        {
            try
            {
                await _connection.DisposeAsync();
            }
            catch (Exception e) when (Retryable(e))
            {
            }

            _connection = null;
        }
    }

    public ValueTask DisposeAsync() => new(DropAsync());
}

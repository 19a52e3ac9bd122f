using System.Globalization;
using System.Net.Sockets;

namespace StatementDrafting.ScaleOutTests.Servers;

/// <summary>A Redis server of the test's own on a free loopback port, without persistence; it can be stopped and started again on the same port.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _program;
    private readonly string _folder;
    private ExternalProcess? _process;

    private RedisServer(string program, string folder, int port)
    {
        (_program, _folder, Port) = (program, folder, port);
    }

    public int Port { get; }

    /// <summary>The app's <c>Redis:Configuration</c> for this server.</summary>
    public string Configuration => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port},abortConnect=false");

    public static async Task<RedisServer> StartAsync(string folder)
    {
        var server = new RedisServer(ExternalProcess.Find("redis-server", "redis-server", "/usr/bin/redis-server"), folder, ExternalProcess.FreePort());
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server (again) on its port and waits until it answers.</summary>
    public async Task StartAgainAsync()
    {
        _process?.Dispose();
        _process = ExternalProcess.Start(_program,
            ["--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no", "--dir", _folder],
            Path.Combine(_folder, "redis.log"));
        await Wait.UntilAsync(() => AnswersAsync(Port), TimeSpan.FromSeconds(30), () => $"Redis did not answer on port {Port}:\n{ExternalProcess.Tail(_process.Log)}");
    }

    /// <summary>Stops the server at once; clients see their connections drop.</summary>
    public void Stop() => _process?.Kill();

    public ValueTask DisposeAsync()
    {
        _process?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Whether a Redis server answers PING on <paramref name="port"/>.</summary>
    public static async Task<bool> AnswersAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return System.Text.Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}

using System.Net.Sockets;

namespace StatementDrafting.ScaleOutTests.Servers;

/// <summary>The fault tests' own PostgreSQL starts, stops and starts again on the same port, as the tests rely on.</summary>
public sealed class ServerTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("statementdrafting-servers-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task PostgreSQL_accepts_connections_refuses_them_when_stopped_and_accepts_them_again()
    {
        await using var postgres = await PostgresServer.StartAsync();
        Assert.True(await AcceptsAsync(postgres.Port));

        await postgres.StopAsync();
        Assert.False(await AcceptsAsync(postgres.Port));

        await postgres.StartAgainAsync();
        Assert.True(await AcceptsAsync(postgres.Port));
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

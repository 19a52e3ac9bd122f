using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using StatementDrafting.Web.Infrastructure.Diagnostics;

namespace StatementDrafting.Web.Tests.Infrastructure;

public class DiagnosticsEndpointTests
{
    private static readonly Dictionary<string, string> Enabled = new() { [DiagnosticsSetup.EnabledSetting] = "true" };

    [Fact]
    public async Task Without_the_setting_the_memory_reading_is_not_found_even_from_loopback()
    {
        using var app = new AppFactory(demo: false);

        var (status, _) = await GetAsync(app, IPAddress.Loopback);

        Assert.Equal(StatusCodes.Status404NotFound, status);
    }

    [Fact]
    public async Task With_the_setting_false_the_memory_reading_is_not_found()
    {
        using var app = new AppFactory(demo: false, settings: new Dictionary<string, string> { [DiagnosticsSetup.EnabledSetting] = "false" });

        var (status, _) = await GetAsync(app, IPAddress.Loopback);

        Assert.Equal(StatusCodes.Status404NotFound, status);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task Enabled_it_answers_loopback_with_the_heap_the_resident_memory_and_the_circuits(string address)
    {
        using var app = new AppFactory(demo: false, settings: Enabled);

        var (status, body) = await GetAsync(app, IPAddress.Parse(address));

        Assert.Equal(StatusCodes.Status200OK, status);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.True(root.GetProperty("managedHeapBytes").GetInt64() > 0);
        Assert.True(root.GetProperty("workingSetBytes").GetInt64() >= root.GetProperty("managedHeapBytes").GetInt64());
        Assert.Equal(0, root.GetProperty("openCircuits").GetInt32());
        Assert.Equal(0, root.GetProperty("connectedCircuits").GetInt32());
        Assert.True(root.GetProperty("gen2Collections").GetInt32() >= 1, "the reading is taken after a full collection");
    }

    [Theory]
    [InlineData("203.0.113.7")]
    [InlineData("2001:db8::7")]
    [InlineData(null)]
    public async Task Enabled_it_is_not_found_from_any_other_address(string? address)
    {
        using var app = new AppFactory(demo: false, settings: Enabled);

        var (status, body) = await GetAsync(app, address is null ? null : IPAddress.Parse(address));

        Assert.Equal(StatusCodes.Status404NotFound, status);
        Assert.DoesNotContain("managedHeapBytes", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enabled_it_answers_only_get()
    {
        using var app = new AppFactory(demo: false, settings: Enabled);

        var (status, body) = await GetAsync(app, IPAddress.Loopback, HttpMethods.Post);

        Assert.NotEqual(StatusCodes.Status200OK, status);
        Assert.DoesNotContain("managedHeapBytes", body, StringComparison.Ordinal);
    }

    /// <summary>A request to the memory reading as if it came from <paramref name="remote"/> (the test server has no socket).</summary>
    private static async Task<(int Status, string Body)> GetAsync(AppFactory app, IPAddress? remote, string method = "GET")
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = method;
            c.Request.Path = DiagnosticsSetup.MemoryPath;
            c.Connection.RemoteIpAddress = remote;
        });
        using var reader = new StreamReader(context.Response.Body);
        return (context.Response.StatusCode, await reader.ReadToEndAsync());
    }
}

using System.Net;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace StatementDrafting.Web.Infrastructure.Diagnostics;

/// <summary>
/// Measurements for benchmarks (bench/viewers.sh), off unless <c>Diagnostics:Enabled</c> is true. When on,
/// <c>GET /_diagnostics/memory</c> answers requests from this machine's loopback address only (everyone else gets the
/// app's ordinary 404) with the managed heap after a full collection, the process's resident memory and the number of
/// Blazor circuits open and connected. Collecting the whole heap stops the app for a moment: never enable it in production.
/// </summary>
public static class DiagnosticsSetup
{
    public const string EnabledSetting = "Diagnostics:Enabled";

    public const string MemoryPath = "/_diagnostics/memory";

    /// <summary>Registers the diagnostics when <see cref="EnabledSetting"/> is true; does nothing otherwise.</summary>
    public static WebApplicationBuilder AddDiagnostics(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Configuration.GetValue<bool>(EnabledSetting))
        {
            return builder;
        }

        builder.Services.AddSingleton<CircuitCounter>();
        builder.Services.AddScoped<CircuitHandler, CountingCircuitHandler>();
        builder.Services.AddTransient<IStartupFilter, DiagnosticsStartupFilter>();
        return builder;
    }

    /// <summary>True for 127.0.0.0/8 and ::1 (also as IPv4 mapped to IPv6); false when the address is unknown.</summary>
    public static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}

/// <summary>What <c>GET /_diagnostics/memory</c> answers.</summary>
public sealed record MemoryReading(long ManagedHeapBytes, long WorkingSetBytes, int OpenCircuits, int ConnectedCircuits, int Gen2Collections);

/// <summary>Blazor circuits open (not yet disposed) and connected (their client's connection is up).</summary>
internal sealed class CircuitCounter
{
    private int _open;
    private int _connected;

    public int Open => Volatile.Read(ref _open);

    public int Connected => Volatile.Read(ref _connected);

    public void Opened() => Interlocked.Increment(ref _open);

    public void Closed() => Interlocked.Decrement(ref _open);

    public void Up() => Interlocked.Increment(ref _connected);

    public void Down() => Interlocked.Decrement(ref _connected);
}

internal sealed class CountingCircuitHandler(CircuitCounter counter) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        counter.Opened();
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        counter.Up();
        return Task.CompletedTask;
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        counter.Down();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        counter.Closed();
        return Task.CompletedTask;
    }
}

/// <summary>Answers the memory reading first in the pipeline, before pages, authentication and error handling.</summary>
internal sealed class DiagnosticsStartupFilter(CircuitCounter circuits) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (HttpMethods.IsGet(context.Request.Method)
                && context.Request.Path.Equals(DiagnosticsSetup.MemoryPath, StringComparison.OrdinalIgnoreCase)
                && DiagnosticsSetup.IsLoopback(context.Connection.RemoteIpAddress))
            {
                context.Response.Headers.CacheControl = "no-store";
                await context.Response.WriteAsJsonAsync(Read(), context.RequestAborted);
                return;
            }

            await nextMiddleware(context);
        });
        next(app);
    };

    private MemoryReading Read()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        return new MemoryReading(heap, Environment.WorkingSet, circuits.Open, circuits.Connected, GC.CollectionCount(2));
    }
}

using Mediator;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.Callers;

namespace StatementDrafting.Web.Tests.Features.Drafting;

/// <summary>
/// A Blazor circuit is one presence entry per statement, whatever components show it, and it leaves when the circuit's
/// connection drops (back when it returns) and for good when the circuit closes: co-hosts who left are not "here now".
/// Each scope below is what a circuit is to the app: the presence requests go through the real mediator pipeline.
/// </summary>
public sealed class CircuitPresenceTests(DemoApp world) : IClassFixture<DemoApp>
{
    private const string CoHost = "cohost1@example.org";
    private const string Organiser = "organiser@example.org";

    private AppFactory App => world.App;

    private PresenceTracker Tracker => App.Services.GetRequiredService<PresenceTracker>();

    [Fact]
    public async Task A_circuit_is_one_entry_that_leaves_when_its_connection_drops_returns_with_it_and_leaves_for_good_on_close()
    {
        var statementId = (await StoredStatement.OfClusterAsync(App, 1)).Id;
        await using var circuit = await CircuitAsAsync(CoHost);
        await using var other = await CircuitAsAsync(Organiser);
        var block = (await StoredStatement.LoadAsync(App, statementId)).Blocks[1].Id;

        // The viewer part and then the editor of one page say where the circuit is: still one entry.
        await circuit.SendAsync(new UpdatePresence(statementId, null, circuit.Presence.Key));
        await circuit.SendAsync(new UpdatePresence(statementId, block, circuit.Presence.Key));
        await other.SendAsync(new UpdatePresence(statementId, null, other.Presence.Key));
        Assert.Single(Tracker.In(statementId), p => p.Block == block);
        Assert.Equal(2, Tracker.In(statementId).Count);

        await circuit.Handler.OnConnectionDownAsync(null!, CancellationToken.None);
        Assert.Single(Tracker.In(statementId));
        await circuit.Handler.OnConnectionUpAsync(null!, CancellationToken.None);
        Assert.Single(Tracker.In(statementId), p => p.Block == block);

        await circuit.Handler.OnCircuitClosedAsync(null!, CancellationToken.None);
        var left = Assert.Single(Tracker.In(statementId));
        Assert.Null(left.Block);

        // A closed circuit never comes back, even if its connection reports in late.
        await circuit.Handler.OnConnectionUpAsync(null!, CancellationToken.None);
        Assert.Single(Tracker.In(statementId));
    }

    [Fact]
    public async Task Leaving_one_statement_removes_only_that_statements_entry()
    {
        var first = (await StoredStatement.OfClusterAsync(App, 2)).Id;
        var second = (await StoredStatement.OfClusterAsync(App, 3)).Id;
        await using var circuit = await CircuitAsAsync(Organiser);
        await circuit.SendAsync(new UpdatePresence(first, null, circuit.Presence.Key));
        await circuit.SendAsync(new UpdatePresence(second, null, circuit.Presence.Key));

        circuit.Presence.Leave(first);

        Assert.Empty(Tracker.In(first));
        Assert.Single(Tracker.In(second));
        await circuit.Handler.OnCircuitClosedAsync(null!, CancellationToken.None);
        Assert.Empty(Tracker.In(second));
    }

    private async Task<Circuit> CircuitAsAsync(string email)
    {
        var scope = App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().Set(await App.PrincipalAsync(email));
        return new Circuit(scope);
    }

    private sealed class Circuit(AsyncServiceScope scope) : IAsyncDisposable
    {
        public CircuitPresence Presence { get; } = scope.ServiceProvider.GetRequiredService<CircuitPresence>();

        public CircuitHandler Handler { get; } = scope.ServiceProvider.GetServices<CircuitHandler>().OfType<PresenceCircuitHandler>().Single();

        public async Task SendAsync(UpdatePresence request) => await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);

        public ValueTask DisposeAsync() => scope.DisposeAsync();
    }
}

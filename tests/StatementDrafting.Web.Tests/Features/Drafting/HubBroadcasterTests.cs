using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Drafting;

namespace StatementDrafting.Web.Tests.Features.Drafting;

/// <summary>
/// A hub group whose queue overflowed still sends every revision: what it dropped is read back from the change log and
/// sent in order before what follows, and nothing is sent twice.
/// </summary>
public sealed class HubBroadcasterTests(DemoApp world) : IClassFixture<DemoApp>
{
    private AppFactory App => world.App;

    [Fact]
    public async Task After_falling_behind_the_group_gets_the_dropped_revisions_from_storage_in_order_and_none_twice()
    {
        var engine = App.Services.GetRequiredService<DraftingEngine>();
        var statementId = (await StoredStatement.OfClusterAsync(App, 4)).Id;
        var start = (await engine.SnapshotAsync(statementId))!;
        var block = start.Blocks[1];
        var changes = new List<StatementChanged>();
        for (var i = 0; i < 5; i++)
        {
            var revision = start.Revision + i;
            var text = (await engine.SnapshotAsync(statementId))!.Blocks.Single(b => b.Id == block.Id).Text;
            await engine.SubmitAsync(statementId, "broadcast-test", $"bc-{Guid.NewGuid():N}", revision, new TextEdit(block.Id, TextOperation.InsertAt(text.Length, 0, $"[{i}]")));
        }

        changes.AddRange(await engine.ChangesSinceAsync(statementId, start.Revision, 100));
        Assert.Equal(5, changes.Count);

        var hub = new RecordingHub();
        var broadcaster = new HubBroadcaster(hub, engine);

        // It sent the first revision, then its queue overflowed: revisions 2 to 4 were dropped, 5 is still queued.
        await broadcaster.OnEventsAsync([changes[0]]);
        await broadcaster.OnEventsAsync([new StatementFellBehind(statementId), changes[4]]);

        var sent = hub.Sent.Where(s => s.Method == "Changed").Select(s => ((ChangedView)s.Argument).Revision).ToList();
        Assert.Equal(Enumerable.Range(start.Revision + 1, 5), sent);
        Assert.All(hub.Sent, s => Assert.Equal(DraftingHub.GroupOf(statementId), s.Group));
    }

    private sealed class RecordingHub : IHubContext<DraftingHub>
    {
        public ConcurrentQueue<(string Group, string Method, object Argument)> Sent { get; } = new();

        public IHubClients Clients => new GroupsOnly(this);

        public IGroupManager Groups => throw new NotSupportedException();
    }

    private sealed class GroupsOnly(RecordingHub hub) : IHubClients
    {
        public IClientProxy Group(string groupName) => new Proxy(hub, groupName);

        public IClientProxy All => throw new NotSupportedException();

        public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

        public IClientProxy Client(string connectionId) => throw new NotSupportedException();

        public IClientProxy Clients(IReadOnlyList<string> connectionIds) => throw new NotSupportedException();

        public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

        public IClientProxy Groups(IReadOnlyList<string> groupNames) => throw new NotSupportedException();

        public IClientProxy User(string userId) => throw new NotSupportedException();

        public IClientProxy Users(IReadOnlyList<string> userIds) => throw new NotSupportedException();

    }

    private sealed class Proxy(RecordingHub hub, string group) : IClientProxy
    {
        public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
        {
            hub.Sent.Enqueue((group, method, args[0]!));
            return Task.CompletedTask;
        }
    }
}

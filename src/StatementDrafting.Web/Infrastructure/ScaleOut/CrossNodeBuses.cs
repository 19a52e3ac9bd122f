using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Features.Nominations;

namespace StatementDrafting.Web.Infrastructure.ScaleOut;

/// <summary>
/// The statement bus with several nodes: every event goes to this node's listeners exactly as on one node, and an
/// event that changed what is stored (a revision, a lock, amendments, a poll) is also signalled to the other nodes,
/// as ids and numbers only. Events relayed from another node are not signalled again.
/// </summary>
public sealed class CrossNodeStatementBus(StatementFeed feed, RedisLink link) : IStatementBus
{
    public void Publish(StatementEvent statementEvent)
    {
        ArgumentNullException.ThrowIfNull(statementEvent);
        feed.Publish(statementEvent);
        if (!statementEvent.Relayed && NodeSignal.Of(link.NodeId, statementEvent) is { } signal)
        {
            link.Send(signal);
        }
    }

    public IDisposable Subscribe(int statementId, IStatementListener listener) => feed.Subscribe(statementId, listener);

    public IDisposable SubscribeAll(IStatementListener listener) => feed.SubscribeAll(listener);
}

/// <summary>The slate bus with several nodes: this node's pages hear at once, the other nodes' by a signal.</summary>
public sealed class CrossNodeSlateBus(SlateBus slates, RedisLink link) : ISlateBus
{
    public void Publish(int consultationId)
    {
        slates.Publish(consultationId);
        link.Send(new NodeSignal(link.NodeId, NodeSignal.Slate, consultationId));
    }

    public IDisposable Subscribe(int consultationId, Func<Task> changed) => slates.Subscribe(consultationId, changed);
}

using Mediator;

namespace StatementDrafting.Web.Tests;

/// <summary>A mediator for component tests: every call fails ("not reached") unless a test's subclass answers it.</summary>
internal class StubMediator : IMediator
{
    public virtual ValueTask<TResponse> Send<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default) => throw NotReached();

    public virtual ValueTask<TResponse> Send<TResponse>(ICommand<TResponse> command, CancellationToken cancellationToken = default) => throw NotReached();

    public virtual ValueTask<TResponse> Send<TResponse>(IQuery<TResponse> query, CancellationToken cancellationToken = default) => throw NotReached();

    public ValueTask<object?> Send(object message, CancellationToken cancellationToken = default) => throw NotReached();

    public IAsyncEnumerable<TResponse> CreateStream<TResponse>(IStreamQuery<TResponse> query, CancellationToken cancellationToken = default) => throw NotReached();

    public IAsyncEnumerable<TResponse> CreateStream<TResponse>(IStreamRequest<TResponse> request, CancellationToken cancellationToken = default) => throw NotReached();

    public IAsyncEnumerable<TResponse> CreateStream<TResponse>(IStreamCommand<TResponse> command, CancellationToken cancellationToken = default) => throw NotReached();

    public IAsyncEnumerable<object?> CreateStream(object message, CancellationToken cancellationToken = default) => throw NotReached();

    public ValueTask Publish(object notification, CancellationToken cancellationToken = default) => throw NotReached();

    public ValueTask Publish<TNotification>(TNotification notification, CancellationToken cancellationToken = default)
        where TNotification : INotification => throw NotReached();

    private static InvalidOperationException NotReached() => new("not reached");
}

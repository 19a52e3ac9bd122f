using Microsoft.AspNetCore.SignalR;
using StatementDrafting.Domain;
using StatementDrafting.Domain.Editing;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Mediator;

namespace StatementDrafting.Web.Features.Drafting;

/// <summary>
/// Runs around every drafting hub invocation: sets the invocation scope's caller from the connection's user, refuses
/// more than <see cref="DraftingOptions.MessagesPerSecond"/> messages per second per connection, and turns refusals
/// into a <see cref="HubException"/> "code: message" that only the caller sees (docs/protocol.md, Errors).
/// </summary>
public sealed class DraftingHubFilter(TimeProvider clock, Microsoft.Extensions.Options.IOptions<DraftingOptions> options) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        if (invocationContext.Hub is not DraftingHub)
        {
            return await next(invocationContext);
        }

        var context = invocationContext.Context;
        if (!BucketOf(context).TryTake(clock.GetUtcNow(), options.Value.MessagesPerSecond))
        {
            throw new HubException($"rate_limited: More than {options.Value.MessagesPerSecond} messages in one second; this one was refused.");
        }

        invocationContext.ServiceProvider.GetRequiredService<CallerContext>().Set(context.User ?? new System.Security.Claims.ClaimsPrincipal());
        try
        {
            return await next(invocationContext);
        }
        catch (Exception e) when (DraftingErrors.Describe(e) is { } error)
        {
            throw new HubException($"{error.Code}: {error.Message}");
        }
    }

    private static TokenBucket BucketOf(HubCallerContext context)
    {
        lock (context.Items)
        {
            if (!context.Items.TryGetValue(nameof(TokenBucket), out var value) || value is not TokenBucket bucket)
            {
                bucket = new TokenBucket();
                context.Items[nameof(TokenBucket)] = bucket;
            }

            return bucket;
        }
    }
}

/// <summary>A per-connection allowance of messages: full at <c>rate</c>, refilled continuously at <c>rate</c> per second.</summary>
internal sealed class TokenBucket
{
    private readonly Lock _gate = new();
    private double _tokens = double.NaN;
    private DateTimeOffset _last;

    public bool TryTake(DateTimeOffset now, int rate)
    {
        lock (_gate)
        {
            if (double.IsNaN(_tokens))
            {
                _tokens = rate;
                _last = now;
            }

            var elapsed = Math.Max(0, (now - _last).TotalSeconds);
            _tokens = Math.Min(rate, _tokens + (elapsed * rate));
            _last = now;
            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }
}

/// <summary>A drafting request refused for a reason of its own (the statement is locked, the base revision is unknown ...).</summary>
public sealed class DraftingRefusedException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

public sealed record DraftingError(string Code, string Message);

/// <summary>The protocol's error codes for the exceptions a drafting request can end with; null for real failures.</summary>
public static class DraftingErrors
{
    public static DraftingError? Describe(Exception exception) => exception switch
    {
        HubException => null,
        NotSignedInException e => new("unauthenticated", e.Message),
        AccessDeniedException e => new("forbidden", e.Message),
        ValidationFailedException e => new("malformed", e.Message),
        DraftingRefusedException e => new(e.Code, e.Message),
        EditRefusedException e => new(e.Code.WireCode(), e.Message),
        DomainException e => new("malformed", e.Message),
        _ when StatementDrafting.Web.Infrastructure.Persistence.DatabaseErrors.IsUnreachable(exception) =>
            new("unavailable", "The database cannot be reached just now, so nothing was stored. Send the change again (same changeId) in a moment."),
        _ => null,
    };
}

/// <summary>Settings of live drafting (section <c>Drafting</c>).</summary>
public sealed class DraftingOptions
{
    /// <summary>Messages one hub connection may send per second (protocol: 30).</summary>
    public int MessagesPerSecond { get; set; } = 30;

    /// <summary>A snapshot of the whole document is stored every this many revisions.</summary>
    public int SnapshotEvery { get; set; } = 100;

    /// <summary>A statement nobody edited or opened for this long leaves the engine's memory (read again when next needed).</summary>
    public TimeSpan IdleAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Origins besides the app's own from which browsers may open the hub.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; set; } = [];
}

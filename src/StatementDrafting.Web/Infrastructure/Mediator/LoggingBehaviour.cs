using System.Diagnostics;
using Mediator;
using StatementDrafting.Domain;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;

namespace StatementDrafting.Web.Infrastructure.Mediator;

/// <summary>
/// Logs each request's name, outcome and duration, and whether the caller was signed in.
/// Never the request's contents: they may hold statement text or personal data.
/// </summary>
public sealed partial class LoggingBehaviour<TMessage, TResponse>(ILogger<LoggingBehaviour<TMessage, TResponse>> logger, CallerContext caller)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        var name = typeof(TMessage).Name;
        var signedIn = caller.IsSignedIn;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogHandled(logger, name, signedIn, elapsedMs);
            return response;
        }
        catch (Exception e) when (Refusals.IsRefusal(e))
        {
            var reason = e.GetType().Name;
            LogRefused(logger, name, signedIn, reason);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var exceptionType = e.GetType().FullName!;
            LogFailed(logger, name, signedIn, exceptionType);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Request} handled (signed in: {SignedIn}) in {ElapsedMs:0.0} ms")]
    private static partial void LogHandled(ILogger logger, string request, bool signedIn, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Request} refused (signed in: {SignedIn}): {Reason}")]
    private static partial void LogRefused(ILogger logger, string request, bool signedIn, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Request} failed (signed in: {SignedIn}) with {ExceptionType}")]
    private static partial void LogFailed(ILogger logger, string request, bool signedIn, string exceptionType);
}

public static class Refusals
{
    /// <summary>The request was refused as the rules say (bad input, a broken rule, no permission): not a fault of the server.</summary>
    public static bool IsRefusal(Exception e) =>
        e is ValidationFailedException or DomainException or RegistrationRefusedException or AccessDeniedException or NotSignedInException;

    /// <summary>What a refusal says to the person whose request it was: a validation failure's messages joined, or its own.</summary>
    public static string MessageOf(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception is ValidationFailedException failed ? string.Join(" ", failed.Errors.Select(x => x.Message)) : exception.Message;
    }
}

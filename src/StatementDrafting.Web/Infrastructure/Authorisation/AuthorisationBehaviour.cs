using Mediator;
using Microsoft.AspNetCore.Authorization;
using StatementDrafting.Web.Infrastructure.Callers;

namespace StatementDrafting.Web.Infrastructure.Authorisation;

/// <summary>
/// Enforces every request's <see cref="Permission"/> for the scope's caller, whichever entry point sent it
/// (Blazor circuit, hub, HTTP). Fails closed: a request that declares no permission is refused.
/// </summary>
public sealed class AuthorisationBehaviour<TMessage, TResponse>(CallerContext caller, IAuthorizationService authorization)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (message is not IAuthorisedRequest request)
        {
            throw new InvalidOperationException($"{typeof(TMessage).Name} declares no permission; every request must implement {nameof(IAuthorisedRequest)}.");
        }

        var permission = request.Permission;
        if (permission is not AnyonePermission)
        {
            if (!caller.IsSignedIn)
            {
                throw new NotSignedInException();
            }

            var result = await authorization.AuthorizeAsync(caller.User, permission, PermissionRequirement.Instance);
            if (!result.Succeeded)
            {
                throw AccessDeniedException.For(permission);
            }
        }

        return await next(message, cancellationToken);
    }
}

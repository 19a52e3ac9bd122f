using System.Reflection;
using Mediator;

namespace StatementDrafting.Web.Infrastructure.Mediator;

/// <summary>One problem with a request, for the field it concerns, in words the user can act on.</summary>
public sealed record ValidationError(string Field, string Message);

/// <summary>Checks one kind of request before its handler runs. Register by implementing it: validators are found at start.</summary>
public interface IValidator<in TMessage>
{
    IEnumerable<ValidationError> Validate(TMessage message);
}

/// <summary>A request was refused before it reached its handler; nothing was changed.</summary>
public sealed class ValidationFailedException(IReadOnlyList<ValidationError> errors)
    : Exception("The request is not valid: " + string.Join(" ", errors.Select(e => e.Message)))
{
    public IReadOnlyList<ValidationError> Errors { get; } = errors;
}

/// <summary>The check nearly every request shares: the ids it carries are positive numbers.</summary>
public static class Ids
{
    /// <summary>
    /// One error for each id below 1, for its field: ("ConsultationId", 0, "consultation") gives "A consultation id is a
    /// positive number.". An optional id that is absent (null) passes.
    /// </summary>
    public static IEnumerable<ValidationError> Positive(params (string Field, int? Value, string What)[] ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return
        [
            .. ids.Where(id => id.Value < 1).Select(id => new ValidationError(
                id.Field,
                $"{(id.What is ['a' or 'e' or 'i' or 'o' or 'u', ..] ? "An" : "A")} {id.What} id is a positive number.")),
        ];
    }
}

/// <summary>Runs every validator of the request's type; refuses the request when any of them finds a problem.</summary>
public sealed class ValidationBehaviour<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        var errors = validators.SelectMany(v => v.Validate(message)).ToList();
        return errors.Count > 0 ? throw new ValidationFailedException(errors) : next(message, cancellationToken);
    }
}

public static class ValidatorRegistration
{
    /// <summary>Registers every <see cref="IValidator{TMessage}"/> implemented in the assembly.</summary>
    public static IServiceCollection AddValidatorsFrom(this IServiceCollection services, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (var type in assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>)))
            {
                services.AddSingleton(contract, type);
            }
        }

        return services;
    }
}

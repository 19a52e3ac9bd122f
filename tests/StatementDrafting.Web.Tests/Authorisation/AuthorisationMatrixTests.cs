using System.Reflection;
using Mediator;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Callers;
using Xunit.Abstractions;

namespace StatementDrafting.Web.Tests.Authorisation;

/// <summary>
/// Every request type and every hub method of the app, sent through the real pipeline as every kind of caller:
/// allowed where the matrix says so, refused everywhere else, and a refused call stores nothing.
/// A new request type or hub method fails <see cref="Every_request_type_and_hub_method_has_a_place_in_the_matrix"/>
/// until its feature's <see cref="AuthorisationCases"/> lists it.
/// </summary>
public sealed class AuthorisationMatrixTests(MatrixWorld world, ITestOutputHelper output) : IClassFixture<MatrixWorld>
{
    private static readonly Assembly App = typeof(Program).Assembly;

    public static IEnumerable<Type> RequestTypes() =>
        App.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IMessage).IsAssignableFrom(t) && !typeof(INotification).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);

    public static IEnumerable<MethodInfo> HubMethods() =>
        App.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(Hub).IsAssignableFrom(t))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => !m.IsSpecialName && m.Name is not (nameof(Hub.OnConnectedAsync) or nameof(Hub.OnDisconnectedAsync) or nameof(IDisposable.Dispose)));

    private IReadOnlyList<AuthorisationCase> AllCases() =>
        [.. typeof(AuthorisationMatrixTests).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsSubclassOf(typeof(AuthorisationCases)))
            .SelectMany(t => ((AuthorisationCases)Activator.CreateInstance(t)!).Cases(world))];

    [Fact]
    public void Every_request_type_and_hub_method_has_a_place_in_the_matrix()
    {
        var covered = AllCases().Select(c => c.RequestType).ToHashSet();
        var missing = RequestTypes().Where(t => !covered.Contains(t)).Select(t => t.FullName).ToList();
        Assert.True(missing.Count == 0, "These request types have no authorisation case: " + string.Join(", ", missing));

        var undeclared = RequestTypes().Where(t => !typeof(IAuthorisedRequest).IsAssignableFrom(t)).Select(t => t.FullName).ToList();
        Assert.True(undeclared.Count == 0, "These request types declare no permission: " + string.Join(", ", undeclared));

        // A hub method does its work through exactly one mediator request, which it names; that request's case covers it.
        var unnamed = HubMethods().Where(m => m.GetCustomAttribute<SendsRequestAttribute>() is null)
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}").ToList();
        Assert.True(unnamed.Count == 0, "These hub methods do not name the request they send: " + string.Join(", ", unnamed));
        var missingHubMethods = HubMethods()
            .Where(m => m.GetCustomAttribute<SendsRequestAttribute>() is { } sends && !covered.Contains(sends.RequestType))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}").ToList();
        Assert.True(missingHubMethods.Count == 0, "These hub methods have no authorisation case: " + string.Join(", ", missingHubMethods));
        Assert.NotEmpty(HubMethods());
        Assert.NotEmpty(RequestTypes());
    }

    [Fact]
    public async Task Each_request_is_allowed_or_refused_as_the_matrix_says_for_every_caller_and_refusals_store_nothing()
    {
        var failures = new List<string>();
        var checkedCalls = 0;
        foreach (var @case in AllCases().OrderBy(c => c.RequestType.Name, StringComparer.Ordinal))
        {
            foreach (var actor in Enum.GetValues<Actor>())
            {
                var expectAllowed = @case.Allowed.Contains(actor);
                var before = expectAllowed ? null : world.Fingerprint();
                var outcome = await SendAsync(@case.Create(), actor);
                checkedCalls++;
                var allowed = outcome is not (AccessDeniedException or NotSignedInException);
                if (outcome is InvalidOperationException { Message: var m } && m.Contains("declares no permission", StringComparison.Ordinal))
                {
                    failures.Add($"{@case.RequestType.Name}: declares no permission");
                    continue;
                }

                if (allowed != expectAllowed)
                {
                    failures.Add($"{@case.RequestType.Name} as {actor}: expected {(expectAllowed ? "allowed" : "refused")}, was {(allowed ? "allowed" : "refused")} ({outcome?.GetType().Name ?? "no error"})");
                }
                else if (!expectAllowed && world.Fingerprint() != before)
                {
                    failures.Add($"{@case.RequestType.Name} as {actor}: refused, but the database changed");
                }

                if (actor == Actor.Anonymous && !expectAllowed && outcome is not NotSignedInException)
                {
                    failures.Add($"{@case.RequestType.Name} as {actor}: an anonymous caller should be asked to sign in, got {outcome?.GetType().Name}");
                }
            }
        }

        output.WriteLine($"{checkedCalls} calls checked over {AllCases().Count} request types and {Enum.GetValues<Actor>().Length} kinds of caller.");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private async Task<Exception?> SendAsync(object request, Actor actor)
    {
        await using var scope = world.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().Set(world.PrincipalOf(actor));
        try
        {
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}

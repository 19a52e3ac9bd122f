using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using StatementDrafting.Web.Infrastructure.Callers;

namespace StatementDrafting.Web.Tests.Infrastructure;

public class CallerContextTests
{
    private sealed class SwitchableAuthentication : AuthenticationStateProvider
    {
        public ClaimsPrincipal User { get; set; } = new(new ClaimsIdentity());

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(User));

        public void SignIn(ClaimsPrincipal user)
        {
            User = user;
            NotifyAuthenticationStateChanged(GetAuthenticationStateAsync());
        }
    }

    private static ClaimsPrincipal Person(string name) => new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], "test"));

    [Fact]
    public void A_scope_that_no_entry_point_set_calls_anonymously()
    {
        var caller = new CallerContext();

        Assert.False(caller.IsSignedIn);
        Assert.Null(caller.User.Identity!.Name);
    }

    [Fact]
    public async Task A_circuit_gives_its_scope_the_circuits_user_when_it_opens_and_follows_sign_in_changes()
    {
        var authentication = new SwitchableAuthentication { User = Person("first") };
        var caller = new CallerContext();
        using var handler = new CallerCircuitHandler(caller, authentication);

        await handler.OnCircuitOpenedAsync(null!, CancellationToken.None);
        Assert.Equal("first", caller.User.Identity!.Name);

        authentication.SignIn(Person("second"));
        Assert.Equal("second", caller.User.Identity!.Name);
        Assert.True(caller.IsSignedIn);
    }

    [Fact]
    public async Task A_closed_circuit_stops_following_its_authentication_state()
    {
        var authentication = new SwitchableAuthentication { User = Person("first") };
        var caller = new CallerContext();
        var handler = new CallerCircuitHandler(caller, authentication);
        await handler.OnCircuitOpenedAsync(null!, CancellationToken.None);

        handler.Dispose();
        authentication.SignIn(Person("second"));

        Assert.Equal("first", caller.User.Identity!.Name);
    }
}

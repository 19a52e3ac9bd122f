namespace StatementDrafting.Web.Tests;

/// <summary>One demo app shared by the tests of a class (xunit class fixture).</summary>
public sealed class DemoApp : IAsyncLifetime
{
    public AppFactory App { get; } = new(demo: true);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>Waiting for an outcome with a generous deadline (never asserting how fast it came).</summary>
internal static class Eventually
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static Task Until(Func<bool> condition, string what) => Until(() => Task.FromResult(condition()), what);

    public static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(20);
        }
    }
}

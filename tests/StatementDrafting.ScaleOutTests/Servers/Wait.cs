namespace StatementDrafting.ScaleOutTests.Servers;

/// <summary>Waits for an outcome with a generous limit, checking often; never asserts how long it took.</summary>
public static class Wait
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan limit, Func<string> failure)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(failure);
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(failure());
            }

            await Task.Delay(100);
        }
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan limit, Func<string> failure) =>
        UntilAsync(() => Task.FromResult(condition()), limit, failure);
}

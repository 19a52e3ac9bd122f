using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using StatementDrafting.ScaleOutTests.Servers;

namespace StatementDrafting.ScaleOutTests.Browsers;

/// <summary>
/// A participant responding to a statement's adoption poll on its page (the poll panel), in a browser context of their
/// own. They follow a plan of choices: the first is their response, each next one a change of mind. A choice counts as
/// acknowledged only when the page says it is recorded ("Recorded: Support."). When the page loses its connection, or
/// leaves (a page whose node is gone may reload itself), they stop and remember the choice they sent without an
/// acknowledgement; on a page of another node they go on with the rest of the plan. What each page went
/// through (its navigations and console lines) is kept for failure messages.
/// </summary>
public sealed partial class PlenaryVoter(string email, IBrowserContext context, IEnumerable<string> plan)
{
    public const string Support = "Support";
    public const string CanLiveWith = "Can live with it";
    public const string Objection = "Object";

    private readonly List<string> _plan = [.. plan];
    private readonly ConcurrentQueue<string> _log = new();
    private readonly ConcurrentQueue<string> _navigations = new();
    private TaskCompletionSource<string>? _left;

    public string Email { get; } = email;

    public IReadOnlyList<string> Plan => _plan;

    /// <summary>How many choices of the plan were acknowledged.</summary>
    public int Done { get; private set; }

    public bool Finished => Done == _plan.Count;

    /// <summary>The last choice a page acknowledged, or null.</summary>
    public string? Acknowledged { get; private set; }

    /// <summary>The choice sent (or about to be) when the page lost its connection, or null.</summary>
    public string? Unacknowledged { get; private set; }

    /// <summary>How this voter's page last stopped before the plan was done (connection lost, or the page left), or null.</summary>
    public string? Stopped { get; private set; }

    /// <summary>The page open now, or null.</summary>
    public IPage? Page { get; private set; }

    /// <summary>The node of the page open now.</summary>
    public AppNode? Node { get; private set; }

    /// <summary>One more change of mind at the end of the plan.</summary>
    public void ChangeMindOnceMore(string choice) => _plan.Add(choice);

    /// <summary>Opens the statement's page on <paramref name="node"/> (a new page; the old one, if any, closes) and waits until its poll panel takes responses.</summary>
    public async Task OpenAsync(AppNode node, int statementId)
    {
        if (Page is not null)
        {
            await Page.CloseAsync();
        }

        var page = await context.NewPageAsync();
        var left = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var live = false;
        page.Console += (_, message) => _log.Enqueue($"{Environment.TickCount64} console {message.Type}: {message.Text}");
        page.Request += (_, request) =>
        {
            if (request.IsNavigationRequest && request.Frame.ParentFrame is null)
            {
                _navigations.Enqueue(request.Url);
                _log.Enqueue($"{Environment.TickCount64} asks for {request.Method} {request.Url}");
            }
        };
        page.FrameNavigated += (_, frame) =>
        {
            if (frame.ParentFrame is null)
            {
                _log.Enqueue($"{Environment.TickCount64} went to {frame.Url}");
                if (live)
                {
                    left.TrySetResult($"the page went to {frame.Url}");
                }
            }
        };
        (Page, Node, _left) = (page, node, left);
        await page.GotoAsync(ClusterBrowser.Address(node, $"statements/{statementId}"));
        await page.Locator("section.adoption[data-live='true'] form.adoption__respond").WaitForAsync();
        live = true;
    }

    /// <summary>The choice the page says is recorded for this voter, or null when it says none.</summary>
    public async Task<string?> RecordedAsync()
    {
        var text = await Page!.EvaluateAsync<string?>("() => document.querySelector('form.adoption__respond .adoption__mine')?.textContent ?? null");
        if (text is null)
        {
            return null;
        }

        var recorded = RecordedLine().Match(text);
        return recorded.Success ? recorded.Groups[1].Value : throw new InvalidOperationException($"{Email}'s page says \"{text}\" of their response.");
    }

    /// <summary>
    /// Responds with the rest of the plan, one choice at a time, each waiting for the page's acknowledgement (then
    /// <paramref name="acknowledged"/> is called). True when the plan is done; false when the page stopped first: it
    /// lost its connection, or it left (a page whose node is gone may reload itself). A
    /// choice the page already shows as recorded (a page that has just come) is acknowledged as it is.
    /// </summary>
    public async Task<bool> RespondAsync(Action acknowledged)
    {
        ArgumentNullException.ThrowIfNull(acknowledged);
        var page = Page!;
        var form = page.Locator("form.adoption__respond");
        var lost = page.Locator("#components-reconnect-modal[open]");
        Stopped = null;
        while (!Finished)
        {
            var choice = _plan[Done];
            if (await RecordedAsync() != choice)
            {
                if (!await StepAsync(() => form.GetByLabel(choice, new() { Exact = true }).CheckAsync(), $"{choice} checked"))
                {
                    return false;
                }

                Unacknowledged = choice;

                // The button is enabled once the circuit has the choice; a lost connection never enables it.
                if (!await StepAsync(() => form.Locator("button[type=submit]:enabled").Or(lost).First.WaitForAsync(), "the button enabled or the connection lost"))
                {
                    return false;
                }

                if (await lost.IsVisibleAsync())
                {
                    Stopped = "the connection was lost";
                    return false;
                }

                var recorded = form.Locator(".adoption__mine").Filter(new() { HasText = $"Recorded: {choice}." });
                if (!await StepAsync(() => form.Locator("button[type=submit]").ClickAsync(), "the button clicked")
                    || !await StepAsync(() => recorded.Or(lost).First.WaitForAsync(), $"\"Recorded: {choice}.\" or the connection lost"))
                {
                    return false;
                }

                if (!await recorded.IsVisibleAsync())
                {
                    Stopped = "the connection was lost";
                    return false;
                }
            }

            Unacknowledged = null;
            Acknowledged = choice;
            Done++;
            acknowledged();
        }

        return true;
    }

    /// <summary>Every address the voter's pages asked for as a page (not their resources), in order.</summary>
    public IReadOnlyCollection<string> Navigations => _navigations;

    /// <summary>What the voter's page went through, for failure messages: navigations and console lines.</summary>
    public string History => string.Join('\n', _log);

    /// <summary>Runs one step on the page unless the page leaves first (then false, and <see cref="Stopped"/> says where it went).</summary>
    private async Task<bool> StepAsync(Func<Task> step, string what)
    {
        var left = _left!.Task;
        if (left.IsCompleted)
        {
            Stopped = await left;
            return false;
        }

        var task = step();
        if (await Task.WhenAny(task, left) != task)
        {
            // Abandoned with the page: whatever it ends with is of no interest.
            _ = task.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            Stopped = await left;
            return false;
        }

        try
        {
            await task;
            return true;
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{Email}'s page on {Node!.Name} did not get to {what}: {await ClusterBrowser.DescribeAsync(Page!)}\n{History}", e);
        }
    }

    [GeneratedRegex(@"^\s*Recorded: (.+?)\. You may change it")]
    private static partial Regex RecordedLine();
}

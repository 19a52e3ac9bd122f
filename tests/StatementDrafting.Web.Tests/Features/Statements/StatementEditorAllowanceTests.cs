using System.Text.Json;
using Bunit;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Features.Statements;
using StatementDrafting.Web.Infrastructure.Callers;

namespace StatementDrafting.Web.Tests.Features.Statements;

/// <summary>
/// The circuit editor is a connection like the hub's: at most 30 messages a second from it, the rest refused with
/// "rate_limited", and the allowance comes back with time; requests to keep unapplied text have a smaller one of their own.
/// </summary>
public sealed class StatementEditorAllowanceTests : BunitContext
{
    private readonly StoppedClock _clock = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));

    public StatementEditorAllowanceTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton<TimeProvider>(_clock);
        Services.AddSingleton(Options.Create(new DraftingOptions()));
        var feed = new StatementFeed(NullLogger<StatementFeed>.Instance);
        Services.AddSingleton<IStatementBus>(feed);
        var presence = new PresenceTracker(feed, _clock);
        Services.AddSingleton(presence);
        Services.AddSingleton(new CircuitPresence(presence));
        Services.AddSingleton(new CallerContext());
        Services.AddSingleton<IMediator>(new RefusingMediator());
        Services.AddSingleton<StatementDrafting.Web.Infrastructure.Markdown.InlineMarkdown>();
    }

    [Fact]
    public async Task The_thirty_first_message_in_one_second_is_refused_as_rate_limited_and_the_next_second_allows_more()
    {
        var cut = Render<StatementEditor>(p => p
            .Add(c => c.Snapshot, new StatementSnapshotView(7, "A statement", 3, false, true, [], []))
            .Add(c => c.Blocks, [])
            .Add(c => c.PagePath, "statements/7"));

        // Malformed messages still spend the allowance: counting comes before reading them.
        var submits = new List<string>();
        for (var i = 0; i < 31; i++)
        {
            submits.Add(CodeOf(await cut.InvokeAsync(() => cut.Instance.Submit("not json"))));
        }

        Assert.Equal(Enumerable.Repeat("malformed", 30), submits.Take(30));
        Assert.Equal("rate_limited", submits[30]);

        // Keeping unapplied text has an allowance of its own: it never takes from what typing may send.
        var keeps = new List<string>();
        for (var i = 0; i <= StatementEditor.KeepsPerSecond; i++)
        {
            keeps.Add(CodeOf(await cut.InvokeAsync(() => cut.Instance.KeepUnapplied("not json"))));
        }

        Assert.Equal(Enumerable.Repeat("malformed", StatementEditor.KeepsPerSecond), keeps.Take(StatementEditor.KeepsPerSecond));
        Assert.Equal("rate_limited", keeps[^1]);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("malformed", CodeOf(await cut.InvokeAsync(() => cut.Instance.Submit("not json"))));
    }

    private static string CodeOf(string answer)
    {
        using var json = JsonDocument.Parse(answer);
        Assert.Equal("refused", json.RootElement.GetProperty("status").GetString());
        return json.RootElement.GetProperty("code").GetString()!;
    }

    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    /// <summary>Never reached in these tests: every message is refused before any request is sent.</summary>
    private sealed class RefusingMediator : StubMediator;
}

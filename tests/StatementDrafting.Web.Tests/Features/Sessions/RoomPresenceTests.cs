using Bunit;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Features.Sessions;

namespace StatementDrafting.Web.Tests.Features.Sessions;

/// <summary>Who is here in a session room: public names only, each once, following the statement's presence live.</summary>
public class RoomPresenceTests : BunitContext
{
    private const int StatementId = 7;
    private readonly StatementFeed _feed = new(NullLogger<StatementFeed>.Instance);

    public RoomPresenceTests()
    {
        Services.AddSingleton<IStatementBus>(_feed);
        Services.AddSingleton<IMediator>(new PresenceMediator(["Participant 4"]));
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    private static string[] Names(IRenderedComponent<RoomPresence> cut) => [.. cut.FindAll("li").Select(li => li.TextContent)];

    [Fact]
    public void The_room_lists_who_is_here_and_follows_people_arriving_and_leaving()
    {
        var cut = Render<RoomPresence>(p => p.Add(c => c.StatementId, StatementId));

        Assert.Equal(["Participant 4"], Names(cut));
        _feed.Publish(new StatementPresenceChanged(StatementId, [new("Participant 4", null), new("Co-host (Migrant Forum in Asia)", "b1"), new("Participant 4", "b2")]));
        cut.WaitForAssertion(() => Assert.Equal(["Co-host (Migrant Forum in Asia)", "Participant 4"], Names(cut)), TimeSpan.FromSeconds(10));
        Assert.Contains("2 people are here", cut.Markup, StringComparison.Ordinal);

        _feed.Publish(new StatementPresenceChanged(StatementId + 1, [new("Participant 9", null)])); // another statement
        _feed.Publish(new StatementPresenceChanged(StatementId, []));
        cut.WaitForAssertion(() => Assert.Contains("No one else is following the statement just now.", cut.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Empty(Names(cut));
    }

    private sealed class PresenceMediator(IReadOnlyList<string> here) : StubMediator
    {
        public override ValueTask<TResponse> Send<TResponse>(IQuery<TResponse> query, CancellationToken cancellationToken = default) => query switch
        {
            GetWhoIsHere { StatementId: StatementId } => ValueTask.FromResult((TResponse)(object)here),
            _ => base.Send(query, cancellationToken),
        };
    }
}

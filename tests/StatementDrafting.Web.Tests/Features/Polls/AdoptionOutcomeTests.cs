using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StatementDrafting.Domain.Polls;

namespace StatementDrafting.Web.Tests.Features.Polls;

/// <summary>The public record of an adopted statement at /statements/{id}/outcome.json (docs/outcome.md).</summary>
public sealed class AdoptionOutcomeTests : IDisposable
{
    private readonly AppFactory _app = new(demo: true);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_outcome_is_public_once_adopted_and_its_fingerprint_is_the_sha256_of_its_text()
    {
        var world = await PollWorld.StartAsync(_app, r => r with { QuorumPercent = null });
        using var anonymous = _app.CreateClient();
        var address = $"/statements/{world.StatementId}/outcome.json";
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(address)).StatusCode);

        var pollId = await world.OpenAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(address)).StatusCode);
        await world.RespondAsync(PollWorld.Participant(1), pollId, PollChoice.Support);
        await world.RespondAsync(PollWorld.Participant(2), pollId, PollChoice.CanLiveWith);
        await world.CloseAsync(pollId);

        var response = await anonymous.GetAsync(address);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var text = root.GetProperty("text").GetString()!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), root.GetProperty("fingerprint").GetString());
        Assert.Equal("adopted by consensus", root.GetProperty("outcome").GetString());
        Assert.Equal((1, 1, 0), (root.GetProperty("support").GetInt32(), root.GetProperty("canLiveWith").GetInt32(), root.GetProperty("objections").GetInt32()));
        Assert.Equal((await world.PollAsync(pollId)).Revision, root.GetProperty("revision").GetInt32());
        Assert.StartsWith("title: ", text, StringComparison.Ordinal);

        // It names nobody: neither respondent's real name, organisation or pseudonym.
        foreach (var email in new[] { PollWorld.Participant(1), PollWorld.Participant(2) })
        {
            var participation = await _app.ParticipationOfAsync(email);
            var registration = await _app.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Registrations, r => r.Email == email));
            Assert.DoesNotContain(registration.Name, body, StringComparison.Ordinal);
            Assert.DoesNotContain(registration.Organisation, body, StringComparison.Ordinal);
            Assert.DoesNotContain(participation.Pseudonym, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_statement_not_adopted_has_no_outcome_record()
    {
        var world = await PollWorld.StartAsync(_app, r => r with { QuorumPercent = null });
        var pollId = await world.OpenAsync();
        await world.RespondAsync(PollWorld.Participant(1), pollId, PollChoice.Objection);
        await world.CloseAsync(pollId);

        using var anonymous = _app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/statements/{world.StatementId}/outcome.json")).StatusCode);
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain.Statements;
using StatementDrafting.Web.Features.Clusters;
using StatementDrafting.Web.Features.Statements;
using StatementDrafting.Web.Infrastructure.Mediator;

namespace StatementDrafting.Web.Tests.Infrastructure;

public sealed class MediatorPipelineTests : IDisposable
{
    private readonly AppFactory _app = new(demo: true);

    public MediatorPipelineTests() => _app.CreateClient();

    public void Dispose() => _app.Dispose();

    private async Task<T> SendAsync<T>(IQuery<T> query)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query);
    }

    [Fact]
    public async Task An_invalid_request_is_refused_by_validation_with_a_message_for_the_field()
    {
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new GetCluster(1, 0)));

        var error = Assert.Single(refused.Errors);
        Assert.Equal(nameof(GetCluster.ClusterNumber), error.Field);
        Assert.Contains("positive", error.Message, StringComparison.Ordinal);
        Assert.Contains(_app.Logs, l => l.Contains("GetCluster refused", StringComparison.Ordinal) && l.Contains(nameof(ValidationFailedException), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_validator_of_the_app_is_registered()
    {
        await Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new GetCluster(0, 1)));
        await Assert.ThrowsAsync<StatementDrafting.Web.Infrastructure.Authorisation.NotSignedInException>(() => SendAsync(new GetStatement(0)));
        await Assert.ThrowsAsync<ValidationFailedException>(() => SendAsync(new StatementDrafting.Web.Features.Consultations.GetConsultationOverview(-1)));
    }

    [Fact]
    public async Task Requests_are_logged_by_name_and_outcome_but_never_with_statement_text()
    {
        var statement = await _app.QueryAsync(db => db.Statements.Include(s => s.Blocks).FirstAsync());
        _app.Logs.Clear();

        using var client = await _app.ClientAsAsync("participant2@example.org");
        await client.GetStringAsync(new Uri($"/statements/{statement.Id}", UriKind.Relative));

        Assert.Contains(_app.Logs, l => l.Contains("GetStatement handled", StringComparison.Ordinal));
        var texts = statement.Blocks.Select(b => b.Text).Append(statement.Title).ToList();
        Assert.All(_app.Logs, line => Assert.DoesNotContain(texts, text => line.Contains(text[..Math.Min(40, text.Length)], StringComparison.Ordinal)));
    }
}

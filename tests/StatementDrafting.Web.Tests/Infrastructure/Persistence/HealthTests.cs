using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StatementDrafting.Web.Infrastructure.Health;

namespace StatementDrafting.Web.Tests.Infrastructure.Persistence;

/// <summary>Liveness and readiness, for load balancers: anonymous, plain text, nothing about anyone.</summary>
public sealed class HealthTests(DemoApp world) : IClassFixture<DemoApp>
{
    [Theory]
    [InlineData(HealthSetup.LivePath)]
    [InlineData(HealthSetup.ReadyPath)]
    public async Task Both_answer_healthy_to_anyone_in_plain_text(string path)
    {
        using var client = world.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_failing_readiness_check_makes_ready_answer_503_while_live_still_answers_200()
    {
        using var app = world.App.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.AddHealthChecks().AddCheck("backplane", () => HealthCheckResult.Unhealthy("down"), tags: [HealthSetup.ReadyTag])));
        using var client = app.CreateClient();

        using var ready = await client.GetAsync(HealthSetup.ReadyPath);
        using var live = await client.GetAsync(HealthSetup.LivePath);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}

using StatementDrafting.Web.Components;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Demo;
using StatementDrafting.Web.Infrastructure.Markdown;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Infrastructure;

/// <summary>The app's wiring, kept out of Program.cs so that Program reads as a table of contents.</summary>
public static class ServiceSetup
{
    public static WebApplicationBuilder AddStatementDrafting(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // Static web assets (blazor.web.js, scoped CSS, collocated JS) outside Development too: tests run as "Testing".
        builder.WebHost.UseStaticWebAssets();

        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<InlineMarkdown>();
        services.AddCallerContext();
        services.AddPersistence(builder.Configuration, builder.Environment);
        services.AddSingleton(DemoOptions.From(builder.Configuration, builder.Environment));
        services.AddSingleton<DemoSeeder>();

        // The order of the pipeline is the order here: logging sees every outcome, including refusals by validation.
        services.AddMediator((global::Mediator.MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors = [typeof(LoggingBehaviour<,>), typeof(ValidationBehaviour<,>)];
        });
        services.AddValidatorsFrom(typeof(ServiceSetup).Assembly);
        return builder;
    }

    public static WebApplication UseStatementDrafting(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseCallerContext();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}

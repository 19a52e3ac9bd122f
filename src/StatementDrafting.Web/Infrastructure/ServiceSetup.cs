using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Diagnostics;
using StatementDrafting.Domain;
using StatementDrafting.Web.Components;
using StatementDrafting.Web.Features.Accounts;
using StatementDrafting.Web.Features.Amendments;
using StatementDrafting.Web.Features.Documents;
using StatementDrafting.Web.Features.Drafting;
using StatementDrafting.Web.Features.History;
using StatementDrafting.Web.Features.Invitations;
using StatementDrafting.Web.Features.Polls;
using StatementDrafting.Web.Features.Registrations;
using StatementDrafting.Web.Features.Setup;
using StatementDrafting.Web.Infrastructure.Audit;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Identity;
using StatementDrafting.Web.Infrastructure.Callers;
using StatementDrafting.Web.Infrastructure.Demo;
using StatementDrafting.Web.Infrastructure.Diagnostics;
using StatementDrafting.Web.Infrastructure.Health;
using StatementDrafting.Web.Infrastructure.Markdown;
using StatementDrafting.Web.Infrastructure.Mediator;
using StatementDrafting.Web.Infrastructure.Persistence;
using StatementDrafting.Web.Infrastructure.ScaleOut;

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
        // A page that has not yet applied its last render batch gets no other: what changes meanwhile is rendered once,
        // when it acknowledges it (a busy browser gets fewer, larger batches instead of a queue; ADR 0010).
        services.AddRazorComponents().AddInteractiveServerComponents(o => o.MaxBufferedUnacknowledgedRenderBatches = 1)
            .AddHubOptions(o => o.MaximumReceiveMessageSize = DraftingSetup.MaxMessageBytes);
        // The features that have services of their own register them.
        services.AddDrafting(builder.Configuration);
        services.AddAmendments();
        services.AddHistory();
        services.AddPolls();
        services.AddInvitations(builder.Configuration);
        services.AddRegistrations();
        services.AddSetup();
        services.AddDocuments();
        // With Redis configured, several nodes: after the features, whose buses it wraps (ADR 0017).
        services.AddScaleOut(builder.Configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<InlineMarkdown>();
        services.AddCallerContext();
        services.AddPersistence(builder.Configuration, builder.Environment);
        services.AddAccounts(builder.Configuration);
        services.AddHealth();
        services.AddSingleton<AuditTrail>();
        services.AddScoped<AccountDirectory>();
        services.AddSingleton(DemoOptions.From(builder.Configuration, builder.Environment));
        services.AddSingleton<DemoSeeder>();

        // The order of the pipeline is the order here: logging sees every outcome; the audit trail records commands
        // that succeeded or were refused for lack of permission; authorisation runs before validation, so a caller
        // without permission learns nothing from validation messages.
        services.AddMediator((global::Mediator.MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors =
            [
                typeof(LoggingBehaviour<,>),
                typeof(AuditBehaviour<,>),
                typeof(AuthorisationBehaviour<,>),
                typeof(ValidationBehaviour<,>),
            ];
        });
        services.AddValidatorsFrom(typeof(ServiceSetup).Assembly);
        builder.AddDiagnostics();
        return builder;
    }

    public static WebApplication UseStatementDrafting(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Configuration.GetValue<bool>("Site:TrustForwardedHeaders"))
        {
            // Behind the deployment's reverse proxy (docs/deployment.md): the client's address (rate limits) and scheme
            // (secure cookies, links) as the proxy saw them. Only the proxy can reach the nodes, so any sender is trusted.
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            app.UseForwardedHeaders(forwarded);
        }

        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/Error",
            CreateScopeForErrors = true,
            StatusCodeSelector = StatusCodeOf,
        });
        app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);

        // Error pages are pages to read: render them as GET even when the failed request was a form post
        // (otherwise the page's own form handling would look for a form in the re-executed request).
        app.Use((context, next) =>
        {
            if (context.Features.Get<IExceptionHandlerFeature>() is not null || context.Features.Get<IStatusCodeReExecuteFeature>() is not null)
            {
                context.Request.Method = HttpMethods.Get;
            }

            return next(context);
        });
        app.UseAuthentication();
        app.UseCallerContext();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapHealth();
        app.MapAccounts();
        app.MapDrafting();
        app.MapInvitations();
        app.MapSetup();
        app.MapDocuments();
        app.MapPolls();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>The status a refused or failed request answers with; the Error page explains each.</summary>
    public static int StatusCodeOf(Exception exception) => exception switch
    {
        NotSignedInException => StatusCodes.Status401Unauthorized,
        AccessDeniedException => StatusCodes.Status403Forbidden,
        ValidationFailedException or DomainException or StatementDrafting.Domain.People.RegistrationRefusedException => StatusCodes.Status400BadRequest,
        Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException => StatusCodes.Status400BadRequest,
        BadHttpRequestException bad => bad.StatusCode,
        _ => StatusCodes.Status500InternalServerError,
    };
}

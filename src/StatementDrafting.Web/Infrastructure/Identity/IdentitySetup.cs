using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Web.Infrastructure.Authorisation;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Infrastructure.Identity;

/// <summary>Accounts (ASP.NET Core Identity on our database), sign-in by cookie or personal access token, and the rate limits on both.</summary>
public static class IdentitySetup
{
    private const string SmartScheme = "CookieOrToken";

    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        // Keys that sign cookies, antiforgery tokens and invitation links live in the database: they survive a restart,
        // and every node of the app reads what another signed.
        services.AddDataProtection()
            .SetApplicationName("StatementDrafting")
            .PersistKeysToDbContext<DraftingDbContext>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = SmartScheme;
                options.DefaultChallengeScheme = IdentityConstants.ApplicationScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie or access token", options =>
                options.ForwardDefaultSelector = context =>
                    AccessTokenHandler.TokenOf(context.Request) is null ? IdentityConstants.ApplicationScheme : AccessTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, AccessTokenHandler>(AccessTokenHandler.SchemeName, null)
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "sd.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.LoginPath = "/account/sign-in";
            options.LogoutPath = "/account/sign-out";
            options.AccessDeniedPath = "/account/denied";
            options.ExpireTimeSpan = TimeSpan.FromDays(7);
            options.SlidingExpiration = true;
        });

        // Revoking an invitation or a role changes the security stamp: open sessions notice within this interval.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<DraftingDbContext>>().CreateDbContext());
        services.AddIdentityCore<AppUser>(options =>
            {
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddSignInManager()
            .AddEntityFrameworkStores<DraftingDbContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<AppClaimsFactory>();

        services.AddAuthorization();
        services.AddMemoryCache(); // where PermissionCache keeps its decisions
        services.AddSingleton<PermissionCache>();
        services.AddSingleton<PermissionHandler>();
        services.AddSingleton<IAuthorizationHandler>(sp => sp.GetRequiredService<PermissionHandler>());
        services.AddCascadingAuthenticationState();

        services.AddRateLimiter(options =>
        {
            var perMinute = configuration.GetValue("RateLimits:SignInPerMinute", 10);
            var registrationsPerMinute = configuration.GetValue("RateLimits:RegistrationsPerMinute", 20);
            options.RejectionStatusCode = (int)HttpStatusCode.TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (!HttpMethods.IsPost(context.Request.Method))
                {
                    return RateLimitPartition.GetNoLimiter(string.Empty);
                }

                var path = context.Request.Path.Value ?? string.Empty;
                var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                if (path.StartsWith("/account/", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/setup", StringComparison.OrdinalIgnoreCase))
                {
                    return RateLimitPartition.GetFixedWindowLimiter("sign-in:" + client, _ => Window(perMinute));
                }

                if (path.EndsWith("/register", StringComparison.OrdinalIgnoreCase))
                {
                    return RateLimitPartition.GetFixedWindowLimiter("register:" + client, _ => Window(registrationsPerMinute));
                }

                return RateLimitPartition.GetNoLimiter(string.Empty);
            });
            options.OnRejected = async (context, ct) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                }

                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync("Too many attempts from your address. Wait a minute and try again.", ct);
            };
        });

        return services;
    }

    private static FixedWindowRateLimiterOptions Window(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    };
}

using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Infrastructure.Identity;

/// <summary>
/// A server with no accounts has no default password: at start it makes a one-time setup link, valid for a day,
/// and prints it on the console (not in the log). Following it lets one person create the first administrator.
/// </summary>
public static class FirstAdministrator
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(24);

    /// <summary>When the database has no account, stores a new setup token and returns its secret; otherwise null.</summary>
    public static async Task<string?> IssueSetupTokenIfNoAccountsAsync(IDbContextFactory<DraftingDbContext> contexts, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(clock);
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.Users.AnyAsync(ct))
        {
            return null;
        }

        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var now = clock.GetUtcNow();
        db.SetupTokens.Add(new SetupToken { Hash = AccessToken.HashOf(secret), CreatedAt = now, ExpiresAt = now + LinkLifetime });
        await db.SaveChangesAsync(ct);
        return secret;
    }

    public static void ShowWhenStarted(WebApplication app, string secret)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var address = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5267";
            Console.Out.WriteLine($"== StatementDrafting has no accounts yet. Create the first administrator within {LinkLifetime.TotalHours:0} hours at:");
            Console.Out.WriteLine($"   {address.TrimEnd('/')}/setup/{secret}");
        });
    }
}

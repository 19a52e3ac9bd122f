using System.Net;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StatementDrafting.Domain.People;
using StatementDrafting.Web.Features.Invitations;
using StatementDrafting.Web.Infrastructure.Demo;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.BrowserTests;

/// <summary>
/// The real app on Kestrel, listening on a free loopback port, with its own SQLite file in a fresh temporary folder
/// and the demo consultation seeded on start.
/// </summary>
public sealed class StatementDraftingServer : WebApplicationFactory<Program>
{
    private readonly DirectoryInfo _folder;
    private readonly bool _ownsFolder;
    private readonly int _port;

    /// <summary>
    /// A server on a fresh folder and a free port; or, to restart a server, on the <paramref name="folder"/> and
    /// <paramref name="port"/> of one that was stopped (the folder then belongs to the caller).
    /// </summary>
    public StatementDraftingServer(DirectoryInfo? folder = null, int port = 0)
    {
        _ownsFolder = folder is null;
        _folder = folder ?? Directory.CreateTempSubdirectory("statementdrafting-browser-");
        _port = port;
    }

    /// <summary>The folder holding the database.</summary>
    public DirectoryInfo Folder => _folder;

    /// <summary>The SQLite file of the server's database.</summary>
    public string DatabasePath => Path.Combine(_folder.FullName, "statementdrafting.db");

    /// <summary>The address the server listens on, ending in a slash (the app's base href is "/").</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public void Start()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, _port));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel started without reporting the address it listens on.");
        var address = addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel started without listening on any address.");
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
    }

    /// <summary>A fresh personal sign-in link for a participant, made as the organisers' invitations page makes it (signing in holds for every consultation).</summary>
    public async Task<string> InvitationPathForAsync(string email, int? consultationId = null)
    {
        var factory = Services.GetRequiredService<IDbContextFactory<DraftingDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        // In the demo consultation (the first): a test may have made the person a member of another one too.
        var participation = await db.Participations.Where(p => p.UserId == userId && (consultationId == null || p.ConsultationId == consultationId))
            .OrderBy(p => p.ConsultationId).FirstAsync();
        var invitation = new Invitation(participation.ConsultationId, participation.Id, DateTimeOffset.UtcNow, Invitation.DefaultLifetime);
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync();
        return Services.GetRequiredService<InvitationLinks>().PathFor(invitation);
    }

    /// <summary>
    /// A demo account's password, read from the file the app writes beside its database at first start, exactly as a
    /// newcomer would find it.
    /// </summary>
    public string DemoPasswordOf(string email)
    {
        var file = Path.Combine(_folder.FullName, DemoCredentialsNotice.FileName);
        var line = File.ReadLines(file).FirstOrDefault(l => l.Contains($" {email} ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{file} lists no password for {email}.");
        return line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Path", DatabasePath);
        builder.UseSetting("Demo:Enabled", "true");
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            // Pooled connections keep the database files open: release them before removing the folder.
            SqliteConnection.ClearAllPools();
            if (_ownsFolder && _folder.Exists)
            {
                _folder.Delete(recursive: true);
            }
        }
    }
}

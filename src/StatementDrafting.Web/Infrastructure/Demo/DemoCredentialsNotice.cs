using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace StatementDrafting.Web.Infrastructure.Demo;

/// <summary>
/// Shows the demo's ways in once, on the console at the first start, and keeps them in a file beside the database that
/// only the app's user can read. Never in the log: passwords and personal links are secrets.
/// </summary>
public static class DemoCredentialsNotice
{
    public const string FileName = "demo-accounts.txt";

    public static void ShowWhenStarted(WebApplication app, IReadOnlyList<DemoCredential> credentials, string dataFolder)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var address = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5267";
            var text = Render(credentials, address.TrimEnd('/') + "/");
            var path = Path.Combine(dataFolder, FileName);
            Write(path, text);
            Console.Out.Write(text + $"(Kept in {path}, readable by this user only.){Environment.NewLine}");
        });
    }

    public static string Render(IReadOnlyList<DemoCredential> credentials, string baseAddress)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var text = new StringBuilder();
        text.AppendLine("== StatementDrafting demo: how to sign in as each role (generated for this database)");
        text.AppendLine($"   Sign in with a password at {baseAddress}account/sign-in");
        foreach (var c in credentials.Where(c => c.Password is not null))
        {
            text.AppendLine($"   {c.Role,-60} {c.Email,-28} {c.Password}");
        }

        text.AppendLine("   Participants sign in with their personal link:");
        foreach (var c in credentials.Where(c => c.LinkPath is not null))
        {
            text.AppendLine($"   {c.Role,-28} {baseAddress}{c.LinkPath}");
        }

        return text.ToString();
    }

    private static void Write(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }
}

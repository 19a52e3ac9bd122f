using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;

namespace StatementDrafting.Web.Tests.Infrastructure;

public class DatabaseStartupTests
{
    [Fact]
    public async Task A_second_start_on_the_same_database_does_not_seed_again()
    {
        using var folder = new TempFolder();
        int blocks;
        using (var first = new AppFactory(demo: true, folder))
        {
            first.CreateClient();
            Assert.Equal((1, 5), await first.QueryAsync(async db => (await db.Consultations.CountAsync(), await db.Statements.CountAsync())));
            blocks = await first.QueryAsync(db => db.Statements.SelectMany(s => s.Blocks).CountAsync());
        }

        using var second = new AppFactory(demo: true, folder);
        second.CreateClient();
        Assert.Equal((1, 5), await second.QueryAsync(async db => (await db.Consultations.CountAsync(), await db.Statements.CountAsync())));
        Assert.Equal(blocks, await second.QueryAsync(db => db.Statements.SelectMany(s => s.Blocks).CountAsync()));
    }

    [Fact]
    public async Task The_demo_writes_its_passwords_and_links_once_to_a_file_only_the_apps_user_can_read()
    {
        using var app = new AppFactory(demo: true);
        app.CreateClient().Dispose();
        var file = Path.Combine(app.Folder.Path, StatementDrafting.Web.Infrastructure.Demo.DemoCredentialsNotice.FileName);

        Assert.True(File.Exists(file));
        Assert.True(OperatingSystem.IsLinux(), "these tests run on Linux");
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        var text = await File.ReadAllTextAsync(file);
        foreach (var email in new[] { "organiser@example.org", "cohost1@example.org", "cohost4@example.org", "observer@example.org" })
        {
            Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(email)}\s+\S{{12,}}", text);
        }

        Assert.Equal(StatementDrafting.Web.Infrastructure.Demo.DemoPeople.InvitedParticipants, System.Text.RegularExpressions.Regex.Count(text, "/invitations/"));
        Assert.DoesNotContain(app.Logs, line => line.Contains("/invitations/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(null)]
    public async Task Outside_demo_mode_nothing_is_seeded_and_the_home_page_says_so(bool? demo)
    {
        using var app = new AppFactory(demo);
        var (status, page) = await Html.GetAsync(app.CreateClient(), "/");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("No consultation yet", page.QuerySelector("h1")!.Text());
        Assert.Equal(0, await app.QueryAsync(db => db.Consultations.CountAsync()));
        Assert.True(File.Exists(app.DatabasePath), "the database file is created and migrated even when nothing is seeded");
    }

    [Fact]
    public async Task The_database_is_created_in_a_folder_that_does_not_exist_yet()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "nested", "deeper", "app.db");
        using var app = new AppFactory(demo: true, databasePath: path);
        app.CreateClient();

        Assert.True(File.Exists(path));
        Assert.Equal(1, await app.QueryAsync(db => db.Consultations.CountAsync()));
    }

    [Fact]
    public async Task Starting_with_a_database_path_that_cannot_be_created_exits_non_zero_with_one_line_naming_the_path()
    {
        using var folder = new TempFolder();
        var regularFile = Path.Combine(folder.Path, "not-a-folder");
        await File.WriteAllTextAsync(regularFile, "a regular file where a folder would have to be");
        var impossible = Path.Combine(regularFile, "data", "app.db");

        var start = new ProcessStartInfo("dotnet", [WebApp.Dll()])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(WebApp.Dll())!,
        };
        start.Environment["Database__Path"] = impossible;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, process.ExitCode);
        var errorLines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(errorLines);
        Assert.Contains(impossible, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", await stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
    }
}

using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace StatementDrafting.Web.Tests.Infrastructure.Persistence;

/// <summary>
/// The keys that sign cookies, antiforgery tokens and invitation links live in the database: what one node signs,
/// another reads; and keys an earlier version kept in files beside the database still open what they signed.
/// </summary>
public sealed class DataProtectionKeysTests
{
    private const string Purpose = "StatementDrafting.Invitations.v1";

    [Fact]
    public async Task What_one_node_protects_another_node_on_the_same_database_reads()
    {
        using var first = new AppFactory(demo: false);
        first.CreateClient().Dispose();
        var sealedText = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Protect("shared secret");
        using var second = new AppFactory(demo: false, sameDatabaseAs: first);
        second.CreateClient().Dispose();

        Assert.Equal("shared secret", second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(sealedText));
        Assert.NotEqual(0, await first.QueryAsync(db => db.DataProtectionKeys.CountAsync()));
    }

    [Fact]
    public async Task Keys_kept_in_files_by_an_earlier_version_move_into_the_database_once()
    {
        using var folder = new TempFolder();
        var keys = new DirectoryInfo(Path.Combine(folder.Path, "keys"));
        var earlier = DataProtectionProvider.Create(keys, o => o.SetApplicationName("StatementDrafting"));
        var sealedText = earlier.CreateProtector(Purpose).Protect("an old invitation");
        Assert.Single(keys.GetFiles("key-*.xml"));

        using var app = new AppFactory(demo: false, folder);
        app.CreateClient().Dispose();

        Assert.Equal("an old invitation", app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(sealedText));
        var name = Path.GetFileNameWithoutExtension(keys.GetFiles("key-*.xml")[0].Name);
        Assert.Equal(1, await app.QueryAsync(db => db.DataProtectionKeys.CountAsync(k => k.FriendlyName == name)));
    }
}

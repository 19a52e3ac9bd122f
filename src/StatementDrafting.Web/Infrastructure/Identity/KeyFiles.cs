using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using StatementDrafting.Web.Infrastructure.Persistence;

namespace StatementDrafting.Web.Infrastructure.Identity;

/// <summary>
/// Earlier versions kept the data-protection keys in files (<c>keys/</c> beside the SQLite database). Copied into the
/// database once, so that sign-in cookies and invitation links issued before still work after the upgrade.
/// </summary>
public static class KeyFiles
{
    /// <summary>Adds each <c>key-*.xml</c> of <paramref name="folder"/> not yet in the database; returns how many.</summary>
    public static async Task<int> ImportAsync(DraftingDbContext db, string folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var known = await db.DataProtectionKeys.Select(k => k.FriendlyName).ToListAsync(cancellationToken);
        var added = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "key-*.xml").Order(StringComparer.Ordinal))
        {
            // The name the file system repository gave the key is the name the database repository gives it.
            var name = Path.GetFileNameWithoutExtension(file);
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = name, Xml = await File.ReadAllTextAsync(file, cancellationToken) });
                added++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return added;
    }
}

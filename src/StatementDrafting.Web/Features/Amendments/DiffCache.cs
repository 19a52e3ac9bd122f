using Microsoft.Extensions.Caching.Memory;
using StatementDrafting.Domain.Amendments;

namespace StatementDrafting.Web.Features.Amendments;

/// <summary>
/// Word diffs of amendments, kept by the two texts compared (an amendment's version is its wording, the paragraph's is
/// its text), so that a list shown to many viewers, reloaded while co-hosts type, compares each pair once. Only diffs
/// made within the budget are kept: one that ran out of budget on a busy page is made again next time. Bounded by
/// the characters it holds.
/// </summary>
public sealed class DiffCache : IDisposable
{
    /// <summary>About 16 MB of text.</summary>
    private const long MaxCharacters = 8_000_000;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxCharacters });

    public WordDiffResult Compare(string before, string after, WorkBudget budget)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var key = (before, after);
        if (_cache.TryGetValue(key, out WordDiffResult? known) && known is not null)
        {
            return known;
        }

        var diff = WordDiff.Compare(before, after, budget);
        if (!diff.OverBudget)
        {
            _cache.Set(key, diff, new MemoryCacheEntryOptions { Size = Math.Max(1, before.Length + after.Length) });
        }

        return diff;
    }

    /// <summary>Whether the pair is kept (for tests).</summary>
    internal bool Holds(string before, string after) => _cache.TryGetValue((before, after), out _);

    public void Dispose() => _cache.Dispose();
}
